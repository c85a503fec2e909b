import type { Document } from '@xmldom/xmldom';
import { validateDocument, type StageName, type StageResult } from '../../core/validation';
import { RIYADH_OFFSET_MINUTES } from '../../core/time/saudi-time';
import type { Message } from '../answers/simulator-answer';

/**
 * The core's validation pipeline as the simulator uses it; a port so tests can count calls.
 * `dom` is the simulator's own parse of `xml`, to be read, never modified.
 */
export type DocumentValidator = (xml: string, dom?: Document) => Promise<StageResult[]>;

// PIH continuity is the simulator's own chain check (per certificate), so the core's pih stage is left out.
const STAGES: StageName[] = ['xsd', 'en16931', 'ksa', 'qr', 'signature'];

/** `stages`: fewer than ZATCA's for tests and benchmarks that skip the slow official ones. */
export function coreDocumentValidator(
  rulesDir?: string,
  stages: readonly StageName[] = STAGES,
): DocumentValidator {
  // ZATCA judges the clock rules (BR-KSA-04: IssueDate not after today) in Saudi time, where
  // IssueDate is written: on a UTC host, documents issued from 00:00 to 03:00 in Riyadh would
  // otherwise be refused as future-dated.
  return (xml, dom) =>
    validateDocument(xml, {
      stages,
      rulesDir,
      dom,
      implicitTimezoneMinutes: RIYADH_OFFSET_MINUTES,
    });
}

// Categories as ZATCA names them in validationResults (spec 6.3).
const CATEGORY: Record<StageName, string> = {
  xsd: 'XSD validation',
  en16931: 'EN_16931',
  ksa: 'KSA',
  qr: 'QRCODE_VALIDATION',
  signature: 'CERTIFICATE_ERRORS',
  pih: 'KSA',
};

export interface Verdicts {
  info: Message[];
  warnings: Message[];
  errors: Message[];
}

/** Stage findings as ZATCA messages; stages without a verifier (skipped) say nothing. */
export function stageVerdicts(results: StageResult[]): Verdicts {
  const verdicts: Verdicts = { info: [], warnings: [], errors: [] };
  for (const result of results) {
    if (result.skipped) continue;
    if (result.stage === 'xsd' && result.passed) {
      verdicts.info.push({
        code: 'XSD_ZATCA_VALID',
        category: CATEGORY.xsd,
        message: 'Complied with UBL 2.1 standards in line with ZATCA specifications',
      });
    }
    for (const f of result.findings) {
      const message = { code: f.code, category: CATEGORY[f.stage], message: f.message };
      (f.severity === 'error' ? verdicts.errors : verdicts.warnings).push(message);
    }
  }
  return verdicts;
}
