import type { Document, Element } from '@xmldom/xmldom';
import { isBase64 } from './base64';
import { stageResult, type Finding, type StageResult } from './stage-result';

const CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
const CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';
const PIH_LOCATION =
  "/ubl:Invoice/cac:AdditionalDocumentReference[cbc:ID='PIH']/cac:Attachment/cbc:EmbeddedDocumentBinaryObject";

/** Code for a PIH that is well-formed but not the hash of the chain's previous document. */
export const PIH_MISMATCH = 'PIH_MISMATCH';

/**
 * The SDK's PIH stage. With an expected PIH (the previous document's hash, or pih.txt for the
 * first document of an EGS) the document's PIH must equal it. Without one, only what the KSA
 * rules ask is checked, but as errors: the PIH exists (BR-KSA-61), is text/plain and base64
 * (BR-KSA-26).
 */
export function checkPih(doc: Document, expectedPih?: string): StageResult {
  const finding = (code: string, message: string): Finding => ({
    stage: 'pih',
    code,
    severity: 'error',
    message,
    location: PIH_LOCATION,
  });

  const pih = findPihObject(doc);
  if (!pih) {
    return stageResult('pih', [finding('BR-KSA-61', 'The document has no PIH (KSA-13).')]);
  }
  const value = (pih.textContent ?? '').trim();
  const findings: Finding[] = [];
  if (pih.getAttribute('mimeCode')?.trim() !== 'text/plain') {
    findings.push(finding('BR-KSA-26', 'The PIH must have mimeCode="text/plain".'));
  }
  if (!isBase64(value)) {
    findings.push(finding('BR-KSA-26', 'The PIH (KSA-13) is not base64 encoded.'));
  }
  if (expectedPih !== undefined && value !== expectedPih.trim()) {
    findings.push(
      finding(
        PIH_MISMATCH,
        `The PIH is ${value || '(empty)'}; the expected PIH is ${expectedPih.trim()}.`,
      ),
    );
  }
  return stageResult('pih', findings);
}

/** The EmbeddedDocumentBinaryObject of the header ADR whose ID is "PIH" (not of a line's). */
function findPihObject(doc: Document): Element | undefined {
  const root = doc.documentElement;
  if (!root) return undefined;
  for (const adr of childElements(root, CAC, 'AdditionalDocumentReference')) {
    const id = childElements(adr, CBC, 'ID')[0];
    if (id?.textContent?.trim() !== 'PIH') continue;
    const attachment = childElements(adr, CAC, 'Attachment')[0];
    return attachment && childElements(attachment, CBC, 'EmbeddedDocumentBinaryObject')[0];
  }
  return undefined;
}

function childElements(parent: Element, ns: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    const el = node as Element;
    if (
      node.nodeType === node.ELEMENT_NODE &&
      el.namespaceURI === ns &&
      el.localName === localName
    ) {
      found.push(el);
    }
  }
  return found;
}
