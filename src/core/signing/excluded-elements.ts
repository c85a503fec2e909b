import type { Element, Node } from '@xmldom/xmldom';
import { firstChild, isElement, textOf } from './dom';
import { NS } from './namespaces';

/** The three root children the invoice hash excludes (spec 2.1), any of them possibly absent. */
export interface ExcludedElements {
  extensions?: Element;
  qr?: Element;
  signature?: Element;
}

/** Finds the excluded elements among the root's direct children (first of each kind). */
export function findExcludedElements(root: Node): ExcludedElements {
  const found: ExcludedElements = {};
  for (let n = root.firstChild; n; n = n.nextSibling) {
    if (isElement(n, NS.ext, 'UBLExtensions')) found.extensions ??= n;
    else if (isElement(n, NS.cac, 'Signature')) found.signature ??= n;
    else if (isQrReference(n)) found.qr ??= n;
  }
  return found;
}

export function isQrReference(n: Node): n is Element {
  return (
    isElement(n, NS.cac, 'AdditionalDocumentReference') &&
    textOf(firstChild(n, NS.cbc, 'ID')) === 'QR'
  );
}

/**
 * Removes every excluded element from the root, leaving the whitespace text around them in
 * place: ZATCA's hash keeps it (spec 2.2).
 */
export function removeExcludedElements(root: Node): void {
  for (let n = root.firstChild; n;) {
    const next = n.nextSibling;
    if (isExcludedElement(n)) root.removeChild(n);
    n = next;
  }
}

/** UBLExtensions, cac:Signature or the QR reference: a root child the invoice hash leaves out. */
export function isExcludedElement(n: Node): boolean {
  return (
    isElement(n, NS.ext, 'UBLExtensions') || isElement(n, NS.cac, 'Signature') || isQrReference(n)
  );
}
