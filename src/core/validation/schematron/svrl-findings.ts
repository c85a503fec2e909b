import type { Element } from '@xmldom/xmldom';
import type { Finding, Severity, StageName } from '../stage-result';
import { shortenQualifiedNames } from '../ubl-namespaces';
import { parseXml } from '../../xml/parse-xml';

const SVRL_NS = 'http://purl.oclc.org/dsdl/svrl';

/** SVRL elements that carry a rule verdict: an assert that failed, a report that fired. */
const VERDICTS = ['failed-assert', 'successful-report'];

/**
 * Reads an SVRL report into findings, in document order. Attributes are read by name, never by
 * position (SaxonJS writes `flag` before `id`). `flag="warning"` is a warning; `error`, `fatal`,
 * or no flag at all is an error, because an unflagged assert is a failure in plain schematron.
 */
export function svrlFindings(svrl: string, stage: StageName): Finding[] {
  // Strict: a lenient parse of a broken report would drop the failed asserts after the break
  // and let the document pass.
  const doc = parseXml(svrl, `the ${stage} stage's SVRL report`);
  const findings: Finding[] = [];
  const elements = doc.getElementsByTagNameNS(SVRL_NS, '*');
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i];
    if (!el.localName || !VERDICTS.includes(el.localName)) continue;
    findings.push({
      stage,
      code: ruleCode(el),
      severity: severityOf(el.getAttribute('flag')),
      message: withoutCodePrefix(collapse(childText(el, 'text'))),
      location: shortenQualifiedNames(el.getAttribute('location') ?? ''),
    });
  }
  return findings;
}

function severityOf(flag: string | null): Severity {
  return flag?.trim().toLowerCase() === 'warning' ? 'warning' : 'error';
}

/** The rule id; ZATCA's files also repeat it in svrl:message-code, used if id is missing. */
function ruleCode(el: Element): string {
  return el.getAttribute('id') || collapse(childText(el, 'message-code')) || 'UNNAMED-RULE';
}

function childText(el: Element, localName: string): string {
  const children = el.getElementsByTagNameNS(SVRL_NS, localName);
  return children.length > 0 ? (children[0].textContent ?? '') : '';
}

/** ZATCA's texts start with "[BR-KSA-37]-"; the code is already in the finding's own field. */
const withoutCodePrefix = (text: string) => text.replace(/^\[[^\]]+\]\s*-?\s*/, '');

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
