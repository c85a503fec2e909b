import { NS } from './namespaces';
import type { UnsignedInvoice } from './unsigned-invoice';
import { scanRootChildren, startTagAttributes, type ScannedElement } from './xml-scanner';

type Part = 'extensions' | 'qr' | 'signature';

/**
 * Turns an invoice (signed or not) into an UnsignedInvoice by cutting out ext:UBLExtensions,
 * the QR reference and cac:Signature as text, so every other byte stays as it was. Where a part
 * is absent it picks the SDK's places: extensions right after the Invoice start tag, the QR
 * before the element that follows the PIH reference, cac:Signature right after the QR.
 */
export function stripSignature(xml: string): UnsignedInvoice {
  const { root, children } = scanRootChildren(xml);
  const prefixes = rootPrefixes(xml, root);
  const uri = (name: string): { ns: string | undefined; local: string } => {
    const colon = name.indexOf(':');
    return colon < 0
      ? { ns: prefixes.get(''), local: name }
      : { ns: prefixes.get(name.slice(0, colon)), local: name.slice(colon + 1) };
  };
  if (uri(root.name).ns !== NS.invoice || uri(root.name).local !== 'Invoice') {
    throw new Error(`document root is <${root.name}>, expected a UBL Invoice`);
  }
  requirePrefix(prefixes, 'cac', NS.cac);
  requirePrefix(prefixes, 'cbc', NS.cbc);

  const is = (el: ScannedElement, ns: string, local: string): boolean => {
    const q = uri(el.name);
    return q.ns === ns && q.local === local;
  };
  const found: Partial<Record<Part, ScannedElement>> = {};
  const removed: ScannedElement[] = [];
  for (const el of children) {
    const part: Part | undefined = is(el, NS.ext, 'UBLExtensions')
      ? 'extensions'
      : is(el, NS.cac, 'Signature')
        ? 'signature'
        : is(el, NS.cac, 'AdditionalDocumentReference') && referenceId(xml, el) === 'QR'
          ? 'qr'
          : undefined;
    if (!part) continue;
    found[part] ??= el;
    removed.push(el);
  }

  // Insertion points in the original text; mapped to the stripped text below.
  const extensionsAt = found.extensions?.start ?? root.startTagEnd;
  const qrAt = found.qr?.start ?? found.signature?.start ?? qrPlace(xml, children, is);
  const signatureAt = found.signature?.start ?? found.qr?.end ?? qrAt;

  let stripped = '';
  let from = 0;
  for (const el of removed) {
    stripped += xml.slice(from, el.start);
    from = el.end;
  }
  stripped += xml.slice(from);
  const toStripped = (offset: number): number =>
    offset - removed.reduce((cut, el) => (el.end <= offset ? cut + el.end - el.start : cut), 0);

  let insertAt = {
    extensions: toStripped(extensionsAt),
    qr: toStripped(qrAt),
    signature: toStripped(signatureAt),
  };
  // The extensions block uses the ext: prefix, which unsigned documents may not declare yet.
  // Declaring it changes the hashed root start tag, so it is done here, before hashing.
  if (!prefixes.has('ext')) {
    const declaration = ` xmlns:ext="${NS.ext}"`;
    const at = toStripped(root.startTagEnd) - (xml[root.startTagEnd - 2] === '/' ? 2 : 1);
    stripped = stripped.slice(0, at) + declaration + stripped.slice(at);
    const shift = (o: number): number => (o >= at ? o + declaration.length : o);
    insertAt = {
      extensions: shift(insertAt.extensions),
      qr: shift(insertAt.qr),
      signature: shift(insertAt.signature),
    };
  } else {
    requirePrefix(prefixes, 'ext', NS.ext);
  }
  return { xml: stripped, insertAt };
}

function rootPrefixes(xml: string, root: ScannedElement): Map<string, string> {
  const prefixes = new Map<string, string>();
  for (const [name, value] of startTagAttributes(xml, root)) {
    if (name === 'xmlns') prefixes.set('', value);
    else if (name.startsWith('xmlns:')) prefixes.set(name.slice(6), value);
  }
  return prefixes;
}

// The inserted blocks are written with the cac:/cbc:/ext: prefixes.
function requirePrefix(prefixes: Map<string, string>, prefix: string, ns: string): void {
  const bound = prefixes.get(prefix);
  if (bound !== ns) {
    throw new Error(
      `the Invoice element must bind the prefix "${prefix}" to ${ns}` +
        (bound ? ` (it is bound to ${bound})` : ''),
    );
  }
}

// cbc:ID is the first child of an AdditionalDocumentReference.
function referenceId(xml: string, el: ScannedElement): string | undefined {
  const m = /^\s*<(?:[\w.-]+:)?ID(?:\s[^>]*)?>([^<]*)<\//.exec(xml.slice(el.startTagEnd, el.end));
  return m?.[1].trim();
}

// No QR and no cac:Signature yet: put the QR before whatever follows the PIH reference (or the
// last reference), keeping the whitespace after that reference outside the QR element.
function qrPlace(
  xml: string,
  children: ScannedElement[],
  is: (el: ScannedElement, ns: string, local: string) => boolean,
): number {
  const refs = children.filter((el) => is(el, NS.cac, 'AdditionalDocumentReference'));
  const anchor = refs.find((el) => referenceId(xml, el) === 'PIH') ?? refs[refs.length - 1];
  if (anchor) {
    const next = children[children.indexOf(anchor) + 1];
    if (next) return next.start;
  }
  const supplier = children.find((el) => is(el, NS.cac, 'AccountingSupplierParty'));
  if (supplier) return supplier.start;
  throw new Error(
    'cannot place the QR reference: no AdditionalDocumentReference or AccountingSupplierParty',
  );
}
