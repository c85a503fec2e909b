import { loadRulesSet } from '../../../../src/core/validation';
import { parseXmllintOutput, validateXsd } from '../../../../src/core/validation/xsd/xsd-stage';
import { readSample, replaceOnce, SIMPLIFIED_INVOICE, STANDARD_INVOICE } from './sdk-samples';

describe('XSD stage (UBL-Invoice-2.1.xsd via xmllint-wasm)', () => {
  const rules = loadRulesSet();

  it('validates a batch and gives each document its own findings', async () => {
    const good = readSample(STANDARD_INVOICE);
    const wrongRoot = replaceOnce(
      readSample(SIMPLIFIED_INVOICE),
      'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"',
      'xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"',
    );
    const unknownElement = replaceOnce(
      readSample(STANDARD_INVOICE),
      '<cbc:ProfileID>',
      '<cbc:Colour>red</cbc:Colour>\n    <cbc:ProfileID>',
    );

    const [first, second, third] = await validateXsd([good, wrongRoot, unknownElement], rules);

    expect(first).toEqual({ stage: 'xsd', passed: true, findings: [] });
    expect(second.passed).toBe(false);
    expect(second.findings[0].message).toMatch(/No matching global declaration/);
    expect(third.passed).toBe(false);
    expect(third.findings[0]).toMatchObject({ code: 'XSD_ZATCA_INVALID', severity: 'error' });
    expect(third.findings[0].message).toContain("Element 'cbc:Colour'");
  });

  it('reports a document libxml2 cannot parse as a finding, not a crash, and keeps the others', async () => {
    // xmllint aborts the whole batch on a parser error; each document is then retried alone.
    const undefinedEntity = replaceOnce(
      readSample(STANDARD_INVOICE),
      '<cbc:ProfileID>',
      '<cbc:Note>&nbsp;</cbc:Note><cbc:ProfileID>',
    );
    const undeclaredPrefix = replaceOnce(
      readSample(STANDARD_INVOICE),
      '<cbc:ProfileID>',
      '<zz:x/><cbc:ProfileID>',
    );
    const [good, entity, prefix] = await validateXsd(
      [readSample(STANDARD_INVOICE), undefinedEntity, undeclaredPrefix],
      rules,
    );
    expect(good.passed).toBe(true);
    expect(entity.passed).toBe(false);
    expect(entity.findings.map((f) => f.message)).toContain(
      "parser error : Entity 'nbsp' not defined",
    );
    expect(prefix.passed).toBe(false);
    expect(prefix.findings[0].message).toBe(
      'namespace error : Namespace prefix zz on x is not defined',
    );
  });
});

describe('parseXmllintOutput', () => {
  it('maps doc-N lines to document N with the line number, ignoring summary lines', () => {
    const output = [
      "doc-1.xml:12: element Colour: Schemas validity error : Element '{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}Colour': This element is not expected.",
      'doc-0.xml validates',
      'doc-1.xml fails to validate',
      '',
    ].join('\n');
    expect(parseXmllintOutput(output, 2)).toEqual([
      [],
      [
        {
          stage: 'xsd',
          code: 'XSD_ZATCA_INVALID',
          severity: 'error',
          message: "element Colour: Element 'cbc:Colour': This element is not expected.",
          location: 'line 12',
        },
      ],
    ]);
  });
});
