import { checkPih } from './pih-stage';
import { runEn16931Stage, runKsaStage } from './schematron/schematron-stages';
import type { StageName, StageResult } from './stage-result';
import type { ValidationContext } from './validation-context';
import { validateXsdBatched } from './xsd/xsd-batcher';

/** One validation stage: takes the document's context, returns its verdict. */
export type StageRunner = (ctx: ValidationContext) => StageResult | Promise<StageResult>;

/**
 * The implementation of each stage. 'qr' and 'signature' belong to the signing module
 * (src/core/signing); until it provides them they are reported as skipped. Plug one in with a
 * single entry here, e.g. `['signature', (ctx) => verifyInvoiceSignature(ctx.xml, ctx.cert)]`,
 * or at run time with registerStage().
 */
const runners = new Map<StageName, StageRunner>([
  ['xsd', (ctx) => validateXsdBatched(ctx.xml, ctx.rules)],
  ['en16931', runEn16931Stage],
  ['ksa', runKsaStage],
  ['pih', (ctx) => checkPih(ctx.dom, ctx.pih)],
]);

/** Sets (or replaces) the implementation of a stage, for every later validation. */
export function registerStage(stage: StageName, runner: StageRunner): void {
  runners.set(stage, runner);
}

export function stageRunner(stage: StageName): StageRunner | undefined {
  return runners.get(stage);
}
