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
    return sha256(canonicalRootText(input.xml));
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

function isXmlSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
