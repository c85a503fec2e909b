import { verifyInvoiceQr, verifyInvoiceSignature } from '../signing';
import { checkPih } from './pih-stage';
import { runEn16931Stage, runKsaStage } from './schematron/schematron-stages';
import type { StageName, StageResult } from './stage-result';
import type { ValidationContext } from './validation-context';
import { validateXsdBatched } from './xsd/xsd-batcher';

/** One validation stage: takes the document's context, returns its verdict. */
export type StageRunner = (ctx: ValidationContext) => StageResult | Promise<StageResult>;

/**
 * The implementation of each stage. 'qr' and 'signature' come from the signing module; they
 * share the document already parsed here. A stage without an entry is reported as skipped.
 * Another implementation (say, a TypeScript port of the business rules) plugs in with one
 * entry here or at run time with registerStage().
 */
const runners = new Map<StageName, StageRunner>([
  ['xsd', (ctx) => validateXsdBatched(ctx.xml, ctx.rules)],
  ['en16931', runEn16931Stage],
  ['ksa', runKsaStage],
  ['qr', (ctx) => verifyInvoiceQr(ctx.xml, { dom: ctx.dom })],
  ['signature', (ctx) => verifyInvoiceSignature(ctx.xml, { certificate: ctx.cert, dom: ctx.dom })],
  ['pih', (ctx) => checkPih(ctx.dom, ctx.pih)],
]);

/** Sets (or replaces) the implementation of a stage, for every later validation. */
export function registerStage(stage: StageName, runner: StageRunner): void {
  runners.set(stage, runner);
}

/** Removes a stage's implementation: validations then report the stage as skipped. */
export function unregisterStage(stage: StageName): void {
  runners.delete(stage);
}

export function stageRunner(stage: StageName): StageRunner | undefined {
  return runners.get(stage);
}
