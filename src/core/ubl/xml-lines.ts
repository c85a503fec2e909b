import { c14nAttribute, c14nText } from './c14n-text';

// Pretty-printing like the SDK samples: every element on its own line, 4 spaces per level.
const INDENT = Array.from({ length: 12 }, (_, depth) => `\n${'    '.repeat(depth)}`);

export const indent = (depth: number): string => INDENT[depth];

/** ` name="value"` with C14N escaping; attributes must be passed in C14N order by the caller. */
export const attr = (name: string, value: string): string => ` ${name}="${c14nAttribute(value)}"`;

// The fixed text around an element at a depth, made once per element name and depth: a string
// built of fewer pieces is cheaper to build and to flatten when the document is hashed.
interface Tag {
  /** `\n    <name` */
  open: string;
  /** `\n    <name>` */
  openEnd: string;
  /** `</name>` */
  close: string;
  /** `\n    </name>` */
  wrapClose: string;
  /** `\n    <name currencyID="…">` for `currency` */
  amountOpen?: string;
  currency?: string;
}

const tags: Map<string, Tag>[] = INDENT.map(() => new Map<string, Tag>());

function tag(depth: number, name: string): Tag {
  let t = tags[depth].get(name);
  if (t === undefined) {
    // join('') gives flat strings (a + b would keep a two-piece rope).
    t = {
      open: [INDENT[depth], '<', name].join(''),
      openEnd: [INDENT[depth], '<', name, '>'].join(''),
      close: ['</', name, '>'].join(''),
      wrapClose: [INDENT[depth], '</', name, '>'].join(''),
    };
    // Element names are the renderer's own constants: the cache stays small.
    tags[depth].set(name, t);
  }
  return t;
}

/** A text-only element on its own line: `\n    <cbc:ID>value</cbc:ID>`. */
export function leaf(depth: number, name: string, value: string, attrs = ''): string {
  const t = tag(depth, name);
  return (attrs === '' ? t.openEnd : t.open + attrs + '>') + c14nText(value) + t.close;
}

/** The same, or nothing when the value is absent. */
export function optionalLeaf(depth: number, name: string, value: string | undefined): string {
  return value === undefined ? '' : leaf(depth, name, value);
}

/** An element whose children are already rendered one level deeper. */
export function wrap(depth: number, name: string, children: string, attrs = ''): string {
  const t = tag(depth, name);
  return (attrs === '' ? t.openEnd : t.open + attrs + '>') + children + t.wrapClose;
}

/** An amount element: `<cbc:TaxAmount currencyID="SAR">30.15</cbc:TaxAmount>`. */
export function amount(depth: number, name: string, value: string, currency: string): string {
  const t = tag(depth, name);
  if (t.currency !== currency) {
    t.amountOpen = [t.open, attr('currencyID', currency), '>'].join('');
    t.currency = currency;
  }
  return t.amountOpen + c14nText(value) + t.close;
}
