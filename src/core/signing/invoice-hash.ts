import { createHash } from 'node:crypto';
import type { Document } from '@xmldom/xmldom';
import { canonicalizeDocument } from '../xml/canonicalize';
import { parseXml } from '../xml/parse-xml';
import { removeExcludedElements } from './excluded-elements';
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
    const parts = usableParts(input);
    return parts ? sha256OfCanonicalParts(parts) : sha256(canonicalRootText(input.xml));
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
 * SHA-256 of canonicalRootText(parts.join('')) without joining: the XML declaration (which must
 * lie within the first part) and the whitespace around the root are left out of the first and
 * last parts that have content.
 */
function sha256OfCanonicalParts(parts: readonly string[]): Buffer {
  let first = 0;
  let start = 0;
  if (parts[0].startsWith('<?xml')) {
    start = parts[0].indexOf('?>') + 2;
    if (start < 2) throw new Error('invoice: unterminated XML declaration');
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
  const hash = createHash('sha256');
  if (first === parts.length) return hash.digest();
  if (last === first) {
    const part = parts[first];
    while (end > start && isXmlSpace(part.charCodeAt(end - 1))) end--;
    return hash.update(part.slice(start, end), 'utf8').digest();
  }
  hash.update(parts[first].slice(start), 'utf8');
  for (let i = first + 1; i < last; i++) hash.update(parts[i], 'utf8');
  return hash.update(parts[last].slice(0, end), 'utf8').digest();
}

function isXmlSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
