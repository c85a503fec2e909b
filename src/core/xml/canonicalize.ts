import type { Document, Node } from '@xmldom/xmldom';
import { canonicalizeElement } from './c14n-element';

const ELEMENT_NODE = 1;
const PROCESSING_INSTRUCTION_NODE = 7;

/**
 * Inclusive Canonical XML (without comments) of a whole parsed document, for XML we did not
 * produce ourselves. Inclusive C14N 1.0 and 1.1 differ only for xml:* attributes, which UBL
 * invoices do not use (spec 2.2), so C14N 1.0 (canonicalizeElement, xml-crypto's output)
 * serves for ZATCA's c14n11.
 */
export function canonicalizeDocument(doc: Document): string {
  const root = doc.documentElement;
  if (!root) throw new Error('cannot canonicalise a document without a root element');
  rejectNestedProcessingInstructions(root);
  let before = '';
  let after = '';
  let seenRoot = false;
  // Processing instructions outside the root are part of C14N output, each on its own line;
  // the XML declaration, DOCTYPE, comments and whitespace outside the root are not.
  for (let n = doc.firstChild; n; n = n.nextSibling) {
    if (n === root) seenRoot = true;
    // xmldom keeps the XML declaration as a processing instruction named "xml".
    else if (n.nodeType === PROCESSING_INSTRUCTION_NODE && n.nodeName !== 'xml') {
      const pi = renderProcessingInstruction(n);
      if (seenRoot) after += `\n${pi}`;
      else before += `${pi}\n`;
    }
  }
  return before + canonicalizeElement(root) + after;
}

function renderProcessingInstruction(node: Node): string {
  const pi = node as Node & { target: string; data: string };
  return pi.data ? `<?${pi.target} ${pi.data}?>` : `<?${pi.target}?>`;
}

// xml-crypto (and canonicalizeElement after it) renders a processing instruction inside the root
// as if it were text; such documents are not invoices we can hash correctly, so refuse them
// rather than hash wrongly.
function rejectNestedProcessingInstructions(node: Node): void {
  for (let n = node.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === PROCESSING_INSTRUCTION_NODE) {
      throw new Error(`unsupported processing instruction inside the document: <?${n.nodeName}`);
    }
    if (n.nodeType === ELEMENT_NODE) rejectNestedProcessingInstructions(n);
  }
}
