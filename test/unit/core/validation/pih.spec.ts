import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExpectedPih, InvalidInputError } from '../../../../src/core/validation';
import { parseDocument } from '../../../../src/core/validation/parse-document';
import { checkPih } from '../../../../src/core/validation/pih-stage';
import { sdkPath } from '../../../support/sdk';
import { readSample, replaceOnce, sdkInitialPih, SIMPLIFIED_INVOICE } from './sdk-samples';

const sample = () => readSample(SIMPLIFIED_INVOICE);
const pihOf = (xml: string, expected?: string) => checkPih(parseDocument(xml, 'test'), expected);
const codes = (xml: string, expected?: string) => pihOf(xml, expected).findings.map((f) => f.code);

describe('PIH stage', () => {
  it('passes the SDK sample against the SDK initial PIH, and without an expected PIH', () => {
    expect(pihOf(sample(), sdkInitialPih())).toEqual({ stage: 'pih', passed: true, findings: [] });
    expect(pihOf(sample())).toEqual({ stage: 'pih', passed: true, findings: [] });
  });

  it('fails with PIH_MISMATCH when the PIH is not the expected one', () => {
    const result = pihOf(sample(), Buffer.alloc(32).toString('base64'));
    expect(result.passed).toBe(false);
    expect(result.findings.map((f) => f.code)).toEqual(['PIH_MISMATCH']);
  });

  it('without an expected PIH, still requires one (BR-KSA-61)', () => {
    const withoutPih = replaceOnce(
      sample(),
      /<cac:AdditionalDocumentReference>\s*<cbc:ID>PIH<\/cbc:ID>[\s\S]*?<\/cac:AdditionalDocumentReference>/,
      '',
    );
    expect(codes(withoutPih)).toEqual(['BR-KSA-61']);
  });

  it('without an expected PIH, requires base64 text/plain (BR-KSA-26)', () => {
    expect(codes(replaceOnce(sample(), sdkInitialPih(), 'not base64!'))).toEqual(['BR-KSA-26']);
    const wrongMime = replaceOnce(
      sample(),
      `mimeCode="text/plain">${sdkInitialPih()}`,
      `mimeCode="application/octet-stream">${sdkInitialPih()}`,
    );
    expect(codes(wrongMime)).toEqual(['BR-KSA-26']);
  });
});

describe('readExpectedPih (the --pih argument)', () => {
  it("reads a file like the SDK's pih.txt", () => {
    expect(readExpectedPih(sdkPath('PIH', 'pih.txt'))).toBe(sdkInitialPih());
  });

  it('takes a base64 value as it is', () => {
    expect(readExpectedPih(sdkInitialPih())).toBe(sdkInitialPih());
  });

  it('rejects a value that is neither base64 nor a file, and a file that does not hold base64', () => {
    expect(() => readExpectedPih('no-such-file.txt')).toThrow(InvalidInputError);
    const dir = mkdtempSync(join(tmpdir(), 'pih-'));
    writeFileSync(join(dir, 'pih.txt'), 'hello world\n');
    expect(() => readExpectedPih(join(dir, 'pih.txt'))).toThrow(
      /--pih: the content of .* is not a base64 PIH/,
    );
  });
});
