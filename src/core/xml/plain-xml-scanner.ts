// xmldom's SAX parser spends most of a parse in regular expressions and a character-by-character
// state machine. Invoices use a small part of XML: an XML declaration, elements, attributes in
// quotes, text, and the predefined and numeric character references. This scanner reads exactly
// that part with indexOf and charCodeAt, and gives up on anything else (comments, CDATA, DOCTYPE,
// other processing instructions, unusual names or references, anything malformed): the caller
// then parses with xmldom, which decides whether the text is XML and what it means.
//
// For what it reads, it makes the calls xmldom's parser makes, with the same arguments, on the
// same DOM handler, so the tree is the same (test/unit/core/xml/plain-xml-scanner.spec.ts checks
// that against xmldom on the SDK's samples and on generated and mutated documents).

/** The DOM handler calls the scanner makes: xmldom's DOMHandler methods of the same names. */
export interface PlainXmlHandler {
  processingInstruction(target: string, data: string): void;
  characters(chars: string, start: number, length: number): void;
  startElement(
    namespaceURI: string | null | undefined,
    localName: string,
    qName: string,
    attributes: ScannedAttributes,
  ): void;
  endElement(namespaceURI: string | null | undefined, localName: string, qName: string): void;
}

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/** The attributes of one start tag, read as xmldom's handler reads its own attribute list. */
export class ScannedAttributes {
  length = 0;
  readonly qNames: string[] = [];
  readonly values: string[] = [];
  readonly uris: Array<string | null | undefined> = [];

  getQName(i: number): string {
    return this.qNames[i];
  }
  getValue(i: number): string {
    return this.values[i];
  }
  getURI(i: number): string | null | undefined {
    return this.uris[i];
  }
  getLocator(): undefined {
    return undefined;
  }
}

/** Namespace bindings in scope: each element's scope inherits its parent's through the prototype. */
type NamespaceScope = Record<string, string | null>;

interface OpenElement {
  qName: string;
  localName: string;
  uri: string | null | undefined;
  scope: NamespaceScope;
}

/** Thrown inside the scanner when the text leaves the plain subset; never escapes it. */
const notPlain = new Error('outside the plain XML subset');

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const SLASH = 0x2f;
const EQ = 0x3d;
const QUOT = 0x22;
const APOS = 0x27;
const COLON = 0x3a;
const HASH = 0x23;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
const isNameStart = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
const isNameChar = (c: number): boolean =>
  isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;

// The declarations the scanner takes: the one a UBL document starts with, in its usual spellings.
const XML_DECLARATION =
  /^<\?xml[ \n\t]+(version=(?:"1\.0"|'1\.0')(?:[ \n\t]+encoding=(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \n\t]+standalone=(?:"(?:yes|no)"|'(?:yes|no)'))?)\?>/;

const MAX_ATTRIBUTES = 64;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Feeds `text` (line endings already normalised) to `handler` as xmldom's parser would, after
 * the handler's startDocument. False as soon as the text leaves the plain subset: the handler's
 * document is then incomplete and must be thrown away.
 */
export function scanPlainXml(text: string, handler: PlainXmlHandler): boolean {
  // Markup the scanner does not read: comments, CDATA, DOCTYPE, processing instructions after
  // the declaration. One native search each, instead of a check at every '<'.
  if (text.indexOf('<!') >= 0 || text.indexOf('<?', 1) >= 0 || text.indexOf(']]>') >= 0) {
    return false;
  }
  try {
    scan(text, handler);
    return true;
  } catch {
    // Outside the subset, or the handler refused something (xmldom's DOM checks): xmldom's
    // own parse decides and reports.
    return false;
  }
}

function scan(text: string, handler: PlainXmlHandler): void {
  let p = 0;
  if (text.startsWith('<?')) {
    const declaration = XML_DECLARATION.exec(text);
    if (!declaration) throw notPlain;
    handler.processingInstruction('xml', declaration[1]);
    p = declaration[0].length;
  }
  const root: NamespaceScope = Object.create(null) as NamespaceScope;
  root[''] = null;
  root.xml = XML_NAMESPACE;
  const open: OpenElement[] = [];
  const attributes = new ScannedAttributes();
  let scope = root;
  let seenRoot = false;
  let nextAmp = text.indexOf('&');
  const end = text.length;
  while (p < end) {
    const lt = text.indexOf('<', p);
    if (lt < 0) {
      // After the root only white space may follow (xmldom makes no node of it).
      if (open.length > 0 || !isAllSpace(text, p, end)) throw notPlain;
      break;
    }
    if (lt > p) {
      if (open.length === 0 && !isAllSpace(text, p, lt)) throw notPlain;
      if (open.length === 0 && seenRoot) throw notPlain;
      if (nextAmp >= 0 && nextAmp < p) nextAmp = text.indexOf('&', p);
      const chars = decodeText(text, p, lt, nextAmp);
      handler.characters(chars, 0, chars.length);
    }
    const next = text.charCodeAt(lt + 1);
    if (next === SLASH) {
      const element = open.pop();
      if (!element) throw notPlain;
      const nameEnd = lt + 2 + element.qName.length;
      if (!text.startsWith(element.qName, lt + 2)) throw notPlain;
      let q = nameEnd;
      while (q < end && isSpace(text.charCodeAt(q))) q++;
      // Also refuses a longer name that starts with the open one.
      if (text.charCodeAt(q) !== GT) throw notPlain;
      handler.endElement(element.uri, element.localName, element.qName);
      scope = open.length > 0 ? open[open.length - 1].scope : root;
      p = q + 1;
      continue;
    }
    if (open.length === 0 && seenRoot) throw notPlain;
    seenRoot = true;
    p = startTag(text, lt, scope, attributes, open, handler);
    scope = open.length > 0 ? open[open.length - 1].scope : root;
  }
  if (open.length > 0 || !seenRoot) throw notPlain;
}

/** Reads the start tag at `lt`, calls startElement (and endElement when empty); returns its end. */
function startTag(
  text: string,
  lt: number,
  parentScope: NamespaceScope,
  attributes: ScannedAttributes,
  open: OpenElement[],
  handler: PlainXmlHandler,
): number {
  const nameStart = lt + 1;
  const nameEnd = qualifiedNameEnd(text, nameStart);
  const qName = text.slice(nameStart, nameEnd);
  let p = nameEnd;
  attributes.length = 0;
  let declares = false;
  let closed = false;
  for (;;) {
    const spaceStart = p;
    while (isSpace(text.charCodeAt(p))) p++;
    const c = text.charCodeAt(p);
    if (c === GT) {
      p++;
      break;
    }
    if (c === SLASH) {
      if (text.charCodeAt(p + 1) !== GT) throw notPlain;
      closed = true;
      p += 2;
      break;
    }
    // Attributes are separated from the name and from each other by white space.
    if (p === spaceStart) throw notPlain;
    const attrEnd = qualifiedNameEnd(text, p);
    const attrName = text.slice(p, attrEnd);
    p = attrEnd;
    while (isSpace(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) !== EQ) throw notPlain;
    p++;
    while (isSpace(text.charCodeAt(p))) p++;
    const quote = text.charCodeAt(p);
    if (quote !== QUOT && quote !== APOS) throw notPlain;
    const valueEnd = text.indexOf(quote === QUOT ? '"' : "'", p + 1);
    if (valueEnd < 0) throw notPlain;
    const value = decodeAttribute(text, p + 1, valueEnd);
    p = valueEnd + 1;
    // Elements carry a few attributes; a long list goes to xmldom (this check is quadratic).
    if (attributes.length >= MAX_ATTRIBUTES) throw notPlain;
    for (let i = 0; i < attributes.length; i++) {
      if (attributes.qNames[i] === attrName) throw notPlain; // xmldom: redefined
    }
    const n = attributes.length++;
    attributes.qNames[n] = attrName;
    attributes.values[n] = value;
    attributes.uris[n] = undefined;
    if (attrName === 'xmlns' || attrName.startsWith('xmlns:')) declares = true;
  }

  let scope = parentScope;
  if (declares) {
    scope = Object.create(parentScope) as NamespaceScope;
    for (let i = 0; i < attributes.length; i++) {
      const name = attributes.qNames[i];
      if (name === 'xmlns') {
        // Undeclaring the default namespace (xmlns="") is left to xmldom.
        if (attributes.values[i] === '') throw notPlain;
        scope[''] = attributes.values[i];
      } else if (name.startsWith('xmlns:')) {
        const prefix = name.slice(6);
        if (prefix === 'xml' || prefix === 'xmlns' || attributes.values[i] === '') throw notPlain;
        scope[prefix] = attributes.values[i];
      } else {
        continue;
      }
      attributes.uris[i] = XMLNS_NAMESPACE;
    }
  }
  for (let i = 0; i < attributes.length; i++) {
    const name = attributes.qNames[i];
    const colon = name.indexOf(':');
    if (colon < 0) continue;
    const prefix = name.slice(0, colon);
    if (prefix === 'xmlns') continue;
    const uri = scope[prefix];
    if (uri === undefined || uri === null) throw notPlain; // unbound prefix
    attributes.uris[i] = uri;
  }
  const colon = qName.indexOf(':');
  const prefix = colon < 0 ? '' : qName.slice(0, colon);
  const localName = colon < 0 ? qName : qName.slice(colon + 1);
  const uri = scope[prefix];
  if (uri === undefined || (colon >= 0 && uri === null)) throw notPlain; // unbound prefix

  handler.startElement(uri, localName, qName, attributes);
  if (closed) handler.endElement(uri, localName, qName);
  else open.push({ qName, localName, uri, scope });
  return p;
}

/** End of the ASCII name (prefix:local or local) starting at `p`; anything else is not plain. */
function qualifiedNameEnd(text: string, p: number): number {
  if (!isNameStart(text.charCodeAt(p))) throw notPlain;
  p++;
  while (isNameChar(text.charCodeAt(p))) p++;
  if (text.charCodeAt(p) === COLON) {
    p++;
    if (!isNameStart(text.charCodeAt(p))) throw notPlain;
    p++;
    while (isNameChar(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) === COLON) throw notPlain;
  }
  return p;
}

function isAllSpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Text content with its references replaced. `nextAmp` is the first '&' at or after some earlier
 * position (-1: none left), so that the document is searched for '&' once, not once per text.
 */
function decodeText(text: string, from: number, to: number, nextAmp: number): string {
  if (nextAmp < 0 || nextAmp >= to) return text.slice(from, to);
  return decodeReferences(text, from, to, nextAmp, false);
}

/** An attribute value as xmldom gives it: tab and newline as spaces, references replaced. */
function decodeAttribute(text: string, from: number, to: number): string {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LT) throw notPlain; // xmldom: not allowed in attribute values
    if (c === AMP || c === 0x09 || c === 0x0a || c === 0x0d) {
      return decodeReferences(text, from, to, i, true);
    }
  }
  return text.slice(from, to);
}

function decodeReferences(
  text: string,
  from: number,
  to: number,
  first: number,
  attribute: boolean,
): string {
  let out = text.slice(from, first);
  let i = first;
  let runStart = first;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (attribute && c === LT) throw notPlain;
    if (attribute && (c === 0x09 || c === 0x0a || c === 0x0d)) {
      out += text.slice(runStart, i) + ' ';
      runStart = ++i;
      continue;
    }
    if (c !== AMP) {
      i++;
      continue;
    }
    const semi = text.indexOf(';', i + 1);
    if (semi < 0 || semi >= to) throw notPlain;
    out += text.slice(runStart, i) + referenceText(text, i + 1, semi);
    i = runStart = semi + 1;
  }
  return out + text.slice(runStart, to);
}

/** The text of the reference between '&' and ';' (exclusive). */
function referenceText(text: string, from: number, semi: number): string {
  if (text.charCodeAt(from) !== HASH) {
    const name = text.slice(from, semi);
    const value = PREDEFINED[name];
    if (value === undefined || !Object.hasOwn(PREDEFINED, name)) throw notPlain;
    return value;
  }
  const hex = text.charCodeAt(from + 1) === 0x78; // 'x'; 'X' is not XML
  const digits = text.slice(from + (hex ? 2 : 1), semi);
  if (digits.length === 0 || digits.length > 8) throw notPlain;
  if (!(hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits)) throw notPlain;
  const code = parseInt(digits, hex ? 16 : 10);
  // Only characters XML allows (a reference to anything else is left to xmldom to judge).
  const allowed =
    code === 0x09 ||
    code === 0x0a ||
    code === 0x0d ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff);
  if (!allowed) throw notPlain;
  return String.fromCodePoint(code);
}
