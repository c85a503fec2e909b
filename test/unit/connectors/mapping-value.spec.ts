import { mappingValueProblems } from '../../../src/connectors/mapping/mapping-value';

describe('mapping values', () => {
  it('takes ZATCA categories as ZATCA does: S at 15 or 5, Z/E/O at 0 with a code of their list', () => {
    expect(mappingValueProblems('tax', '1', { category: 'S', rate: '15' })).toEqual([]);
    expect(mappingValueProblems('tax', '1', { category: 'S', rate: '5.00' })).toEqual([]);
    expect(
      mappingValueProblems('tax', '3', {
        category: 'Z',
        rate: '0',
        exemptionReasonCode: 'VATEX-SA-32',
      }),
    ).toEqual([]);
    expect(mappingValueProblems('tax', '3', { category: 'S', rate: '10' })).toEqual([
      { field: 'value.rate', rule: 'category S takes rate 15 or 5 (BR-KSA-84)' },
    ]);
    expect(mappingValueProblems('tax', '3', { category: 'Z', rate: '0' })).toEqual([
      {
        field: 'value.exemptionReasonCode',
        rule: expect.stringMatching(/^category Z needs one of VATEX-SA-32, /) as unknown,
      },
    ]);
    expect(
      mappingValueProblems('tax', '3', { category: 'E', exemptionReasonCode: 'VATEX-SA-32' }),
    ).toEqual([
      {
        field: 'value.exemptionReasonCode',
        rule: 'VATEX-SA-32 is not a code of category E: one of VATEX-SA-29, VATEX-SA-29-7, VATEX-SA-30',
      },
    ]);
    expect(
      mappingValueProblems('tax', '3', { category: 'O', exemptionReasonCode: 'VATEX-SA-OOS' }),
    ).toEqual([
      {
        field: 'value.exemptionReason',
        rule: 'VATEX-SA-OOS has no official wording: give the reason text (BR-KSA-24/83)',
      },
    ]);
    expect(
      mappingValueProblems('tax', '3', {
        category: 'O',
        exemptionReasonCode: 'VATEX-SA-OOS',
        exemptionReason: 'Outside the scope of VAT',
      }),
    ).toEqual([]);
  });

  it('takes {ignore: true} for a tax that is not VAT, and nothing else with it', () => {
    expect(mappingValueProblems('tax', '9', { ignore: true })).toEqual([]);
    expect(mappingValueProblems('tax', '9', { ignore: true, category: 'S' })).not.toEqual([]);
    expect(mappingValueProblems('tax', '9', { ignore: false })).not.toEqual([]);
  });

  it('takes a subtype per journal, company or for all', () => {
    expect(mappingValueProblems('subtype', 'journal:1', { subtype: 'simplified' })).toEqual([]);
    expect(mappingValueProblems('subtype', '*', { subtype: 'by-buyer' })).toEqual([]);
    expect(mappingValueProblems('subtype', 'shop', { subtype: 'b2b' })).toEqual([
      { field: 'erpKey', rule: 'journal:<id>, company:<id> or * (every journal)' },
      { field: 'value.subtype', rule: expect.stringContaining('standard') as unknown },
    ]);
  });
});
