import { svrlFindings } from '../../../../src/core/validation/schematron/svrl-findings';

// Shaped like SaxonJS's output of ZATCA's SchXslt-generated XSLs: `flag` before `id`.
const svrl = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl">
  <svrl:active-pattern id="x"/>
  <svrl:fired-rule context="/ubl:Invoice"/>
  ${body}
</svrl:schematron-output>`;

describe('svrlFindings', () => {
  it('reads flag, id, text and location by name, whatever their order', () => {
    const findings = svrlFindings(
      svrl(`
      <svrl:failed-assert location="/Q{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice[1]/Q{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}IssueTime[1]" flag="error" id="BR-KSA-70" test="x">
        <svrl:text>[BR-KSA-70]-The invoice issue time
           must be in the form HH:mm:ss.</svrl:text>
        <svrl:message-code>BR-KSA-70</svrl:message-code>
      </svrl:failed-assert>`),
      'ksa',
    );
    expect(findings).toEqual([
      {
        stage: 'ksa',
        code: 'BR-KSA-70',
        severity: 'error',
        message: 'The invoice issue time must be in the form HH:mm:ss.',
        location: '/ubl:Invoice[1]/cbc:IssueTime[1]',
      },
    ]);
  });

  it('treats flag="warning" as a warning and error, fatal or no flag as an error', () => {
    const findings = svrlFindings(
      svrl(`
      <svrl:failed-assert flag="warning" id="W1" location="/a"><svrl:text>w</svrl:text></svrl:failed-assert>
      <svrl:failed-assert flag="fatal" id="F1" location="/a"><svrl:text>f</svrl:text></svrl:failed-assert>
      <svrl:failed-assert id="N1" location="/a"><svrl:text>n</svrl:text></svrl:failed-assert>
      <svrl:successful-report id="R1" flag="warning" location="/a"><svrl:text>r</svrl:text></svrl:successful-report>`),
      'en16931',
    );
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ['W1', 'warning'],
      ['F1', 'error'],
      ['N1', 'error'],
      ['R1', 'warning'],
    ]);
  });

  it('falls back to svrl:message-code when an assert has no id', () => {
    const [finding] = svrlFindings(
      svrl(
        `<svrl:failed-assert flag="error" location="/a"><svrl:text>t</svrl:text><svrl:message-code>BR-01</svrl:message-code></svrl:failed-assert>`,
      ),
      'en16931',
    );
    expect(finding.code).toBe('BR-01');
  });

  it('finds nothing in a report without failed asserts or successful reports', () => {
    expect(svrlFindings(svrl(''), 'ksa')).toEqual([]);
  });

  it('refuses a report that is not well-formed instead of reading the asserts before the break', () => {
    const broken = svrl(`
      <svrl:failed-assert id="A1" location="/a"><svrl:text>a</svrl:text></svrl:failed-assert>
      <svrl:failed-assert id="A2" location="/a"><svrl:text>b</svrl:failed-assert>`);
    expect(() => svrlFindings(broken, 'ksa')).toThrow(
      /the ksa stage's SVRL report is not well-formed XML/,
    );
  });
});
