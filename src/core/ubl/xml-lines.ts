import { c14nAttribute, c14nText } from './c14n-text';

// Pretty-printing like the SDK samples: every element on its own line, 4 spaces per level.
const INDENT = Array.from({ length: 12 }, (_, depth) => `\n${'    '.repeat(depth)}`);

export const indent = (depth: number): string => INDENT[depth];

/** ` name="value"` with C14N escaping; attributes must be passed in C14N order by the caller. */
export const attr = (name: string, value: string): string => ` ${name}="${c14nAttribute(value)}"`;

/** A text-only element on its own line: `\n    <cbc:ID>value</cbc:ID>`. */
export function leaf(depth: number, name: string, value: string, attrs = ''): string {
  return `${INDENT[depth]}<${name}${attrs}>${c14nText(value)}</${name}>`;
}

/** The same, or nothing when the value is absent. */
export function optionalLeaf(depth: number, name: string, value: string | undefined): string {
  return value === undefined ? '' : leaf(depth, name, value);
}

/** An element whose children are already rendered one level deeper. */
export function wrap(depth: number, name: string, children: string, attrs = ''): string {
  return `${INDENT[depth]}<${name}${attrs}>${children}${INDENT[depth]}</${name}>`;
}

/** An amount element: `<cbc:TaxAmount currencyID="SAR">30.15</cbc:TaxAmount>`. */
export function amount(depth: number, name: string, value: string, currency: string): string {
  return leaf(depth, name, value, attr('currencyID', currency));
}
