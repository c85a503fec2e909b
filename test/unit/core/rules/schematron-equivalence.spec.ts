import { issueInvoice } from '../../../../src/core/issue';
import { checkBusinessRules } from '../../../../src/core/rules';
import { loadSigningCredentials } from '../../../../src/core/signing';
import { validateDocument, type Finding } from '../../../../src/core/validation';
import { sdkPath } from '../../../support/sdk';
import { buildCorpus, CHAIN, FIXED_NOW, readSdkCredentials } from './corpus';
import { freezeDate } from '../../../support/frozen-date';

/**
 * Differential proof: for every fixture and a few hundred seeded mutations of them that the
 * model accepts, the TS engine's (stage, code, severity) multiset equals the one of ZATCA's
 * EN 16931 and KSA schematrons on the signed document. Both sides read the same "now": the
 * schematron through a faked global Date (SaxonJS takes current-dateTime() from `new Date`),
 * the engine through its options.
 */
const VARIANTS = 300;
const corpus = buildCorpus(VARIANTS);
const credentials = loadSigningCredentials(
  readSdkCredentials(
    sdkPath('Certificates', 'ec-secp256k1-priv-key.pem'),
    sdkPath('Certificates', 'cert.pem'),
  ),
);

const verdict = (f: Pick<Finding, 'stage' | 'code' | 'severity'>) =>
  `${f.stage}|${f.code}|${f.severity}`;
const multiset = (findings: Pick<Finding, 'stage' | 'code' | 'severity'>[]) =>
  findings.map(verdict).sort();

const seenBySchematron = new Set<string>();

describe('TS business rules vs the schematron', () => {
  beforeAll(() => {
    // Only Date is faked: timers stay real for the validation stages.
    freezeDate(FIXED_NOW);
  });
  afterAll(() => jest.useRealTimers());

  it('has a corpus of fixtures and a few hundred accepted variants', () => {
    expect(corpus.entries.length).toBeGreaterThanOrEqual(VARIANTS);
    expect(new Date().getTime()).toBe(FIXED_NOW.getTime());
  });

  it.each(corpus.entries.map((e) => [e.name, e] as const))('%s', async (_name, entry) => {
    const issued = issueInvoice(entry.input, {
      ...CHAIN,
      credentials,
      signingTime: '2024-03-11T12:00:00',
    });
    const stages = await validateDocument(issued.signed.xml, { stages: ['en16931', 'ksa'] });
    const schematron = stages.flatMap((s) => s.findings);
    schematron.forEach((f) => seenBySchematron.add(f.code));
    const engine = checkBusinessRules(issued.invoice, issued.totals, {
      now: FIXED_NOW,
      implicitTimezoneMinutes: -FIXED_NOW.getTimezoneOffset(),
    });
    expect(multiset(engine)).toEqual(multiset(schematron));
  });

  // The proof is only as good as the rules the corpus trips: each checked rule fires somewhere.
  it('trips every rule the engine checks that our documents can trip', () => {
    for (const code of ['BR-KSA-04', 'BR-KSA-98', 'BR-KSA-97', 'BR-Z-08', 'BR-E-08']) {
      expect(seenBySchematron).toContain(code);
    }
  });
});
