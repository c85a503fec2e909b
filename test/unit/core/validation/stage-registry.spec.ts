import {
  registerStage,
  stageResult,
  stageRunner,
  unregisterStage,
  validateDocument,
} from '../../../../src/core/validation';
import { readSample, STANDARD_INVOICE } from './sdk-samples';

describe('stage registry', () => {
  const original = { qr: stageRunner('qr')!, signature: stageRunner('signature')! };
  afterEach(() => {
    registerStage('qr', original.qr);
    registerStage('signature', original.signature);
  });

  it('has every stage implemented, qr and signature by the signing module', () => {
    for (const stage of ['xsd', 'en16931', 'ksa', 'qr', 'signature', 'pih'] as const) {
      expect(stageRunner(stage)).toBeInstanceOf(Function);
    }
  });

  it('reports a stage without an implementation as skipped, which is not passed', async () => {
    unregisterStage('qr');
    unregisterStage('signature');
    const results = await validateDocument(readSample(STANDARD_INVOICE), {
      stages: ['qr', 'signature'],
    });
    expect(results).toEqual([
      { stage: 'qr', passed: false, findings: [], skipped: 'no verifier registered' },
      { stage: 'signature', passed: false, findings: [], skipped: 'no verifier registered' },
    ]);
  });

  it('runs a registered verifier with the document, certificate and rules, in SDK order', async () => {
    const seen: string[] = [];
    registerStage('signature', (ctx) => {
      seen.push(`${ctx.name}|${ctx.cert}|${ctx.dom.documentElement?.localName}`);
      return stageResult('signature', [
        { stage: 'signature', code: 'invalid-signature', severity: 'error', message: 'bad' },
      ]);
    });
    const results = await validateDocument(readSample(STANDARD_INVOICE), {
      name: 'std.xml',
      cert: 'PEM',
      stages: ['pih', 'signature'],
    });
    expect(seen).toEqual(['std.xml|PEM|Invoice']);
    expect(results.map((r) => [r.stage, r.passed])).toEqual([
      ['signature', false],
      ['pih', true],
    ]);
  });
});
