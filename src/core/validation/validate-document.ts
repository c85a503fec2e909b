import type { Document } from '@xmldom/xmldom';
import { parseDocument } from './parse-document';
import { loadRulesSet } from './rules-set';
import { parseForSaxon } from './saxon-document';
import { stageRunner } from './stage-registry';
import { skippedStage, STAGES, type StageName, type StageResult } from './stage-result';
import type { ValidationContext } from './validation-context';

export interface ValidateOptions {
  /** PEM certificate for the signature stage; default: the one embedded in the document. */
  cert?: string;
  /** Expected PIH (base64 text); default: only check the PIH is present and base64. */
  pih?: string;
  /** Stages to run (always in the SDK's order); default: all six. */
  stages?: readonly StageName[];
  /** Rules folder (name under rules/ or a path); default: ZATCA_RULES_DIR or the bundled SDK's. */
  rulesDir?: string;
  /** How error messages name the document (a file name); default "document". */
  name?: string;
  /** A parse of `xml` the caller already made (saves a parse); no stage modifies it. */
  dom?: Document;
  /**
   * The XPath implicit time zone of the schematron stages, in minutes east of UTC: the "today"
   * that BR-KSA-04 holds IssueDate to. Default: the host's, as ZATCA's SDK takes it; ZATCA's
   * own servers judge in Saudi time (RIYADH_OFFSET_MINUTES).
   */
  implicitTimezoneMinutes?: number;
}

/**
 * Validates one document the way ZATCA's SDK does: xsd → en16931 → ksa → qr → signature →
 * pih. Every requested stage runs even when an earlier one fails, so one run shows everything.
 * Throws InvalidInputError, with a one-line message, when the text is not well-formed XML.
 */
export async function validateDocument(
  xml: string,
  options: ValidateOptions = {},
): Promise<StageResult[]> {
  const name = options.name ?? 'document';
  const dom = options.dom ?? parseDocument(xml, name);
  let saxonDocument: ReturnType<ValidationContext['saxonDocument']> | undefined;
  const ctx: ValidationContext = {
    xml,
    name,
    dom,
    rules: loadRulesSet(options.rulesDir),
    cert: options.cert,
    pih: options.pih,
    implicitTimezoneMinutes: options.implicitTimezoneMinutes,
    saxonDocument: () => (saxonDocument ??= parseForSaxon(xml)),
  };

  const wanted = new Set(options.stages ?? STAGES);
  const results: StageResult[] = [];
  for (const stage of STAGES) {
    if (!wanted.has(stage)) continue;
    const run = stageRunner(stage);
    results.push(run ? await run(ctx) : skippedStage(stage, 'no verifier registered'));
  }
  return results;
}
