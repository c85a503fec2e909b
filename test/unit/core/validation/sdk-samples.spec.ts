import { validateDocument, type StageResult } from '../../../../src/core/validation';
import { readSample, sdkInitialPih, sdkSampleNames } from './sdk-samples';

// The first run compiles both schematron XSLs (5-8 s each) unless the SEF cache has them.
const COMPILE_TIMEOUT = 120_000;

/**
 * Warnings the SDK 3.4.8 rules give each sample. BR-KSA-98 ("submit a simplified invoice within
 * 24 hours") compares the issue time with the clock, so every simplified sample, issued years
 * ago, gets it; no other rule warns on any sample.
 */
const SUBMIT_IN_24H = ['ksa:BR-KSA-98'];
const EXPECTED_WARNINGS: Record<string, string[]> = {
  'Simplified/Credit/Simplified_Credit_Note.xml': SUBMIT_IN_24H,
  'Simplified/Debit/Simplified_Debit_Note.xml': SUBMIT_IN_24H,
  'Simplified/Invoice/Nominal supply invoice.xml': SUBMIT_IN_24H,
  'Simplified/Invoice/Simplified Tax Invoice with Zero Rated Item.xml': SUBMIT_IN_24H,
  'Simplified/Invoice/Simplified_Invoice.xml': SUBMIT_IN_24H,
  'Standard/Credit/Standard_Credit_Note.xml': [],
  'Standard/Debit/Standard_Debit_Note.xml': [],
  'Standard/Invoice/Advance Payment adjustments with foreign currency invoice.xml': [],
  'Standard/Invoice/Advance Payment adjustments with rate change scenarios.xml': [],
  'Standard/Invoice/Advance Payment adjustments.xml': [],
  'Standard/Invoice/Exempt Tax Invoice.xml': [],
  'Standard/Invoice/Export invoice.xml': [],
  'Standard/Invoice/Out of Scope Standard Tax Invoice.xml': [],
  'Standard/Invoice/Self-billing invoice.xml': [],
  'Standard/Invoice/Standard Invoice with Document Level Charge.xml': [],
  'Standard/Invoice/Standard Invoice with Payable Rounding Adjustment.xml': [],
  'Standard/Invoice/Standard_Invoice.xml': [],
  'Standard/Invoice/Summary Invoice.xml': [],
  'Standard/Invoice/Third party billing.xml': [],
};

describe('the 19 signed SDK 3.4.8 samples', () => {
  const names = sdkSampleNames();
  const results = new Map<string, StageResult[]>();

  beforeAll(async () => {
    // Concurrently, as the CLI does: the XSD checks then share one xmllint run.
    const all = await Promise.all(
      names.map((name) =>
        validateDocument(readSample(name), {
          name,
          pih: sdkInitialPih(),
          stages: ['xsd', 'en16931', 'ksa', 'pih'],
        }),
      ),
    );
    names.forEach((name, i) => results.set(name, all[i]));
  }, COMPILE_TIMEOUT);

  it('are the 19 documents the expectations list', () => {
    expect(names).toEqual(Object.keys(EXPECTED_WARNINGS).sort());
    expect(names).toHaveLength(19);
  });

  it.each(Object.keys(EXPECTED_WARNINGS))(
    '%s passes xsd, en16931, ksa and pih with no error and exactly its recorded warnings',
    (name) => {
      const stages = results.get(name)!;
      expect(stages.map((s) => s.stage)).toEqual(['xsd', 'en16931', 'ksa', 'pih']);
      const errors = stages.flatMap((s) => s.findings).filter((f) => f.severity === 'error');
      expect(errors).toEqual([]);
      expect(stages.every((s) => s.passed)).toBe(true);
      const warnings = stages
        .flatMap((s) => s.findings)
        .filter((f) => f.severity === 'warning')
        .map((f) => `${f.stage}:${f.code}`)
        .sort();
      expect(warnings).toEqual(EXPECTED_WARNINGS[name]);
    },
  );

  it('reports BR-KSA-98 with the rules file text and the invoice root as location', () => {
    const ksa = results
      .get('Simplified/Invoice/Simplified_Invoice.xml')!
      .find((s) => s.stage === 'ksa')!;
    expect(ksa.findings).toEqual([
      {
        stage: 'ksa',
        code: 'BR-KSA-98',
        severity: 'warning',
        message:
          'The simplified invoice should be submitted within 24 hours of issuing the invoice.',
        location: '/ubl:Invoice[1]',
      },
    ]);
  });
});
