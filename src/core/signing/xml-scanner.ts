// A minimal, allocation-light scanner that finds the root element's direct children with their
// exact text offsets. Signing splices text at those offsets, so it must never re-serialize.

export interface ScannedElement {
  /** Qualified name as written (e.g. `cac:Signature`). */
  name: string;
  /** Offset of '<' of the start tag. */
  start: number;
  /** Offset just past the start tag's '>'. */
  startTagEnd: number;
  /** Offset just past the end tag (or of the self-closing start tag). */
  end: number;
}

export interface ScannedDocument {
  root: ScannedElement;
  children: ScannedElement[];
}

/** Scans well-formed XML text; throws naming the offset when the structure is broken. */
export function scanRootChildren(xml: string): ScannedDocument {
  let at = skipProlog(xml);
  const rootTag = readStartTag(xml, at);
  const root: ScannedElement = { name: rootTag.name, start: at, startTagEnd: rootTag.end, end: -1 };
  const children: ScannedElement[] = [];
  if (rootTag.selfClosing) return { root: { ...root, end: rootTag.end }, children };
  at = rootTag.end;
  let depth = 1;
  let current: ScannedElement | undefined;
  for (;;) {
    const lt = xml.indexOf('<', at);
    if (lt < 0) throw new Error(`XML ends inside <${root.name}> (no end tag)`);
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x21 /* ! */) at = skipMarkup(xml, lt);
    else if (next === 0x3f /* ? */) at = skipPast(xml, lt, '?>');
    else if (next === 0x2f /* / */) {
      at = skipPast(xml, lt, '>');
      depth--;
      if (depth === 0) {
        root.end = at;
        return { root, children };
      }
      if (depth === 1 && current) {
        current.end = at;
        current = undefined;
      }
    } else {
      const tag = readStartTag(xml, lt);
      at = tag.end;
      if (depth === 1) {
        current = { name: tag.name, start: lt, startTagEnd: tag.end, end: -1 };
        children.push(current);
        if (tag.selfClosing) {
          current.end = tag.end;
          current = undefined;
        }
      }
      if (!tag.selfClosing) depth++;
    }
  }
}

/** Attributes of a start tag as written, values with their quotes removed (not unescaped). */
export function startTagAttributes(xml: string, element: ScannedElement): Map<string, string> {
  const tag = xml.slice(element.start + 1 + element.name.length, element.startTagEnd);
  const attributes = new Map<string, string>();
  for (const m of tag.matchAll(/([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attributes.set(m[1], m[2] ?? m[3]);
  }
  return attributes;
}

function skipProlog(xml: string): number {
  let at = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    const lt = xml.indexOf('<', at);
    if (lt < 0) throw new Error('XML has no root element');
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x3f) at = skipPast(xml, lt, '?>');
    else if (next === 0x21) at = skipMarkup(xml, lt);
    else return lt;
  }
}

// Comments, CDATA sections and a DOCTYPE (with an optional internal subset).
function skipMarkup(xml: string, lt: number): number {
  if (xml.startsWith('<!--', lt)) return skipPast(xml, lt, '-->');
  if (xml.startsWith('<![CDATA[', lt)) return skipPast(xml, lt, ']]>');
  const close = xml.indexOf('>', lt);
  const subset = xml.indexOf('[', lt);
  if (subset >= 0 && close >= 0 && subset < close) return skipPast(xml, subset, ']>');
  return skipPast(xml, lt, '>');
}

function skipPast(xml: string, from: number, terminator: string): number {
  const at = xml.indexOf(terminator, from);
  if (at < 0) throw new Error(`XML is truncated: "${terminator}" missing after offset ${from}`);
  return at + terminator.length;
}

function readStartTag(
  xml: string,
  lt: number,
): { name: string; end: number; selfClosing: boolean } {
  let at = lt + 1;
  while (at < xml.length && !/[\s/>]/.test(xml[at])) at++;
  const name = xml.slice(lt + 1, at);
  if (!name) throw new Error(`XML has a malformed tag at offset ${lt}`);
  // Attribute values may contain '>' and '/', so step over quoted text.
  for (; at < xml.length; at++) {
    const c = xml[at];
    if (c === '"' || c === "'") {
      at = xml.indexOf(c, at + 1);
      if (at < 0) break;
    } else if (c === '>') {
      return { name, end: at + 1, selfClosing: xml[at - 1] === '/' };
    }
  }
  throw new Error(`XML is truncated inside the start tag <${name} at offset ${lt}`);
}
