import { stageResult, type StageName, type StageResult } from '../stage-result';
import type { ValidationContext } from '../validation-context';
import { loadStylesheet } from './compiled-stylesheet';
import { svrlFindings } from './svrl-findings';

/** EN 16931 business rules (ZATCA's subset), with the rules folder's CEN-EN16931-UBL.xsl. */
export function runEn16931Stage(ctx: ValidationContext): Promise<StageResult> {
  return runSchematron('en16931', ctx.rules.en16931Xsl, ctx);
}

/** KSA business rules, with the rules folder's ZATCA E-invoice validation rules XSL. */
export function runKsaStage(ctx: ValidationContext): Promise<StageResult> {
  return runSchematron('ksa', ctx.rules.ksaXsl, ctx);
}

async function runSchematron(
  stage: StageName,
  xslPath: string,
  ctx: ValidationContext,
): Promise<StageResult> {
  const stylesheet = await loadStylesheet(xslPath);
  return stageResult(
    stage,
    svrlFindings(stylesheet.run(ctx.saxonDocument(), ctx.implicitTimezoneMinutes), stage),
  );
}
