import { transcode } from 'node:buffer';
import { createHash, hash as oneShotHash } from 'node:crypto';
import type { Document, Node } from '@xmldom/xmldom';
import { canonicalizeDocument } from '../xml/canonicalize';
import { parseXml } from '../xml/parse-xml';
import { isExcludedElement, removeExcludedElements } from './excluded-elements';
import type { UnsignedInvoice } from './unsigned-invoice';

/**
 * Invoice hash (KSA-13, DigestValue, API invoiceHash, QR tag 6) as base64 of the raw SHA-256
 * (spec 2). Accepts an UnsignedInvoice or the text of any invoice, signed or not.
 */
export function invoiceHash(input: UnsignedInvoice | string): string {
  return invoiceHashBytes(input).toString('base64');
}

/** The 32 raw hash bytes: what the stamp signs. */
export function invoiceHashBytes(input: UnsignedInvoice | string): Buffer {
  if (typeof input !== 'string' && input.canonical) {
    if (input.hash?.length === 32) return Buffer.from(input.hash);
    const parts = usableParts(input);
    return (parts && sha256OfCanonicalParts(parts)) ?? sha256(canonicalRootText(input.xml));
  }
  const doc = parseXml(typeof input === 'string' ? input : input.xml, 'invoice');
  return invoiceHashBytesOfDocument(doc);
}

/**
 * Hash of a parsed document: removes the three excluded elements (mutating `doc`), then real
 * inclusive C14N. Callers that still need those elements must read them first.
 */
export function invoiceHashBytesOfDocument(doc: Document): Buffer {
  const root = doc.documentElement;
  if (!root) throw new Error('invoice has no root element');
  removeExcludedElements(root);
  return sha256(canonicalizeDocument(doc));
}

/**
 * Hash of a parsed document the caller goes on reading: the excluded elements are taken out for
 * the C14N and put back where they were, so `doc` is the same afterwards. Saves a second parse.
 */
export function invoiceHashBytesKeepingDocument(doc: Document): Buffer {
  const root = doc.documentElement;
  if (!root) throw new Error('invoice has no root element');
  const removed: Array<{ node: Node; before: Node | null }> = [];
  for (let n = root.firstChild; n;) {
    const next = n.nextSibling;
    if (isExcludedElement(n)) {
      removed.push({ node: n, before: next });
      root.removeChild(n);
    }
    n = next;
  }
  try {
    return sha256(canonicalizeDocument(doc));
  } finally {
    // Last first: each one's next sibling is back in place before it is needed.
    for (const { node, before } of removed.reverse()) root.insertBefore(node, before);
  }
}

/**
 * Fast path for text that is already canonical: C14N output is the root element alone, so drop
 * the XML declaration and the whitespace outside the root, and hash the rest without parsing.
 */
export function canonicalRootText(xml: string): string {
  let start = 0;
  if (xml.startsWith('<?xml')) {
    start = xml.indexOf('?>') + 2;
    if (start < 2) throw new Error('invoice: unterminated XML declaration');
  }
  while (isXmlSpace(xml.charCodeAt(start))) start++;
  let end = xml.length;
  while (end > start && isXmlSpace(xml.charCodeAt(end - 1))) end--;
  return start === 0 && end === xml.length ? xml : xml.slice(start, end);
}

/** `unsigned.parts` when present and consistent with `unsigned.xml` (their lengths add up). */
export function usableParts(unsigned: {
  xml: string;
  parts?: readonly string[];
}): readonly string[] | undefined {
  const parts = unsigned.parts;
  if (parts === undefined || parts.length === 0) return undefined;
  let length = 0;
  for (const part of parts) length += part.length;
  return length === unsigned.xml.length ? parts : undefined;
}

/**
 * SHA-256 of canonicalRootText(parts.join('')) without joining: the XML declaration and the
 * whitespace around the root are left out of the first and last parts that have content. When
 * the declaration does not lie within the first non-empty part, undefined: the caller joins.
 */
function sha256OfCanonicalParts(parts: readonly string[]): Buffer | undefined {
  let first = 0;
  while (first < parts.length && parts[first].length === 0) first++;
  if (first === parts.length) return sha256('');
  let start = 0;
  const head = parts[first];
  if (head.length < 5) return undefined; // could be the beginning of a declaration
  if (head.startsWith('<?xml')) {
    start = head.indexOf('?>') + 2;
    if (start < 2) return undefined;
  }
  for (; first < parts.length; first++, start = 0) {
    const part = parts[first];
    while (start < part.length && isXmlSpace(part.charCodeAt(start))) start++;
    if (start < part.length) break;
  }
  let last = parts.length - 1;
  let end = parts[last].length;
  for (; last > first; last--, end = parts[last].length) {
    const part = parts[last];
    while (end > 0 && isXmlSpace(part.charCodeAt(end - 1))) end--;
    if (end > 0) break;
  }
  if (first === parts.length) return sha256('');
  if (last === first) {
    const part = parts[first];
    while (end > start && isXmlSpace(part.charCodeAt(end - 1))) end--;
    return sha256(part.slice(start, end));
  }
  const pieces = [parts[first].slice(start), ...parts.slice(first + 1, last)];
  pieces.push(parts[last].slice(0, end));
  return sha256(...pieces);
}

function isXmlSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** SHA-256 of the UTF-8 encoding of the pieces, one after the other. */
function sha256(...pieces: string[]): Buffer {
  const bytes = utf8Bytes(pieces);
  if (bytes) return oneShotHash('sha256', bytes, 'buffer');
  const hash = createHash('sha256');
  for (const piece of pieces) hash.update(piece, 'utf8');
  return hash.digest();
}

// V8 encodes a string with non-Latin-1 characters (any Arabic text) to UTF-8 at about 1 ns per
// character, as long as hashing it; writing it as UTF-16 and transcoding with ICU is 6 times
// faster. ICU refuses ill-formed UTF-16 (lone surrogates), which V8 would write as U+FFFD: that
// rare text, and Node built without ICU, take V8's encoder. Same bytes either way.
let utf16 = Buffer.alloc(0);
const KEEP_BYTES = 4 << 20;

/** UTF-8 of the concatenated pieces via UTF-16 and ICU, or undefined where that cannot be used. */
export function utf8Bytes(pieces: readonly string[]): Buffer | undefined {
  if (typeof transcode !== 'function') return undefined;
  let length = 0;
  for (const piece of pieces) length += piece.length;
  if (length === 0) return Buffer.alloc(0);
  let scratch = utf16;
  if (scratch.length < 2 * length) {
    scratch = Buffer.allocUnsafe(Math.max(2 * length, 64 << 10));
    if (scratch.length <= KEEP_BYTES) utf16 = scratch;
  }
  let at = 0;
  for (const piece of pieces) at += scratch.write(piece, at, 'utf16le');
  try {
    return transcode(scratch.subarray(0, at), 'ucs2', 'utf8');
  } catch {
    return undefined;
  }
}
