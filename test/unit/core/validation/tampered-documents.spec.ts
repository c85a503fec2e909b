import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  loadRulesSet,
  validateDocument,
  type StageName,
  type StageResult,
} from '../../../../src/core/validation';
import {
  readSample,
  replaceOnce,
  sdkInitialPih,
  SIMPLIFIED_INVOICE,
  STANDARD_INVOICE,
} from './sdk-samples';

const COMPILE_TIMEOUT = 120_000;
const RULE_STAGES: StageName[] = ['xsd', 'en16931', 'ksa', 'pih'];

const stage = (results: StageResult[], name: StageName) => results.find((s) => s.stage === name)!;
const codes = (result: StageResult, severity: 'error' | 'warning') =>
  result.findings.filter((f) => f.severity === severity).map((f) => f.code);

/** The severity the active KSA rules file gives a rule, read from the XSL itself. */
function ksaRuleSeverity(ruleId: string): 'error' | 'warning' {
  const xsl = readFileSync(loadRulesSet().ksaXsl, 'utf8');
  const assert = new RegExp(`<svrl:failed-assert[^>]*\\bid="${ruleId}"[^>]*>`).exec(xsl);
  if (!assert) throw new Error(`${ruleId} not in the KSA rules`);
  return /\bflag="warning"/.test(assert[0]) ? 'warning' : 'error';
}

const validate = (xml: string) =>
  validateDocument(xml, { pih: sdkInitialPih(), stages: RULE_STAGES });

describe('tampered copies of SDK samples fail at the stage that owns the broken rule', () => {
  beforeAll(() => validate(readSample(SIMPLIFIED_INVOICE)), COMPILE_TIMEOUT);

  it('element order broken (IssueTime before IssueDate) → xsd, with the line', async () => {
    const xml = readSample(SIMPLIFIED_INVOICE);
    const issueDate = /<cbc:IssueDate>[^<]*<\/cbc:IssueDate>/.exec(xml)![0];
    const issueTime = /<cbc:IssueTime>[^<]*<\/cbc:IssueTime>/.exec(xml)![0];
    const swapped = replaceOnce(
      replaceOnce(xml, issueTime, '@@TIME@@'),
      issueDate,
      issueTime,
    ).replace('@@TIME@@', issueDate);
    const line = swapped.slice(0, swapped.indexOf('<cbc:IssueTime>')).split('\n').length;

    const results = await validate(swapped);

    const xsd = stage(results, 'xsd');
    expect(xsd.passed).toBe(false);
    expect(xsd.findings).toHaveLength(1);
    expect(xsd.findings[0]).toMatchObject({
      stage: 'xsd',
      code: 'XSD_ZATCA_INVALID',
      severity: 'error',
      location: `line ${line}`,
    });
    expect(xsd.findings[0].message).toMatch(/cbc:IssueTime'?: This element is not expected/);
    // The business rules do not care about order: only the schema stage fails.
    expect(results.filter((s) => !s.passed).map((s) => s.stage)).toEqual(['xsd']);
  });

  it('seller building number "12" → ksa BR-KSA-37, with the severity the rules file gives it', async () => {
    const xml = replaceOnce(
      readSample(STANDARD_INVOICE),
      /(<cac:AccountingSupplierParty>[\s\S]*?<cbc:BuildingNumber>)[^<]*(<\/cbc:BuildingNumber>)/,
      '$112$2',
    );
    const severity = ksaRuleSeverity('BR-KSA-37');

    const results = await validate(xml);

    const ksa = stage(results, 'ksa');
    expect(ksa.findings).toEqual([
      expect.objectContaining({
        code: 'BR-KSA-37',
        severity,
        message: 'The seller address building number must contain 4 digits.',
        location: '/ubl:Invoice[1]/cac:AccountingSupplierParty[1]/cac:Party[1]',
      }),
    ]);
    // In SDK 3.4.8 BR-KSA-37 is a warning: reported, but the document still passes.
    expect(ksa.passed).toBe(severity === 'warning');
    expect(stage(results, 'xsd').passed).toBe(true);
    expect(stage(results, 'en16931').passed).toBe(true);
  });

  it('tax-inclusive total ≠ tax-exclusive + VAT → en16931 BR-CO-15 (error)', async () => {
    const xml = replaceOnce(
      readSample(SIMPLIFIED_INVOICE),
      /(<cbc:TaxInclusiveAmount currencyID="SAR">)231\.15</,
      '$1241.15<',
    );

    const results = await validate(xml);

    const en = stage(results, 'en16931');
    expect(en.passed).toBe(false);
    expect(codes(en, 'error')).toEqual(['BR-CO-15']);
    // PayableAmount no longer equals the tax-inclusive total: a warning in these rules.
    expect(codes(en, 'warning')).toEqual(['BR-CO-16']);
    expect(stage(results, 'xsd').passed).toBe(true);
    expect(stage(results, 'ksa').passed).toBe(true);
  });

  it('VAT total ≠ sum of the VAT breakdown → en16931 BR-CO-14 on that TaxTotal', async () => {
    const xml = replaceOnce(
      readSample(SIMPLIFIED_INVOICE),
      /(<cac:TaxTotal>\s*<cbc:TaxAmount currencyID="SAR">)30\.15(<\/cbc:TaxAmount>\s*<cac:TaxSubtotal>)/,
      '$131.15$2',
    );

    const en = stage(await validate(xml), 'en16931');

    expect(en.passed).toBe(false);
    expect(en.findings).toEqual([
      expect.objectContaining({
        code: 'BR-CO-14',
        severity: 'error',
        location: '/ubl:Invoice[1]/cac:TaxTotal[2]',
      }),
    ]);
  });

  it('a PIH that is not the expected one → pih PIH_MISMATCH, other stages unaffected', async () => {
    const otherPih = randomBytes(32).toString('base64');
    const xml = replaceOnce(readSample(SIMPLIFIED_INVOICE), sdkInitialPih(), otherPih);

    const results = await validate(xml);

    const pih = stage(results, 'pih');
    expect(pih.passed).toBe(false);
    expect(pih.findings).toEqual([
      expect.objectContaining({ code: 'PIH_MISMATCH', severity: 'error' }),
    ]);
    expect(pih.findings[0].message).toContain(otherPih);
    expect(results.filter((s) => !s.passed).map((s) => s.stage)).toEqual(['pih']);
  });

  it('the untouched sample validated against a different expected PIH → pih fails', async () => {
    const results = await validateDocument(readSample(STANDARD_INVOICE), {
      pih: randomBytes(32).toString('base64'),
      stages: ['pih'],
    });
    expect(results).toEqual([expect.objectContaining({ stage: 'pih', passed: false })]);
    expect(codes(results[0], 'error')).toEqual(['PIH_MISMATCH']);
  });
});
