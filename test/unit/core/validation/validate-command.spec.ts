import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  runValidateCommand,
  type ValidateCommandOptions,
} from '../../../../src/cli/commands/validate.command';
import { buildProgram } from '../../../../src/cli/program';
import { registerStage, stageRunner, unregisterStage } from '../../../../src/core/validation';
import { sdkPath } from '../../../support/sdk';
import {
  readSample,
  replaceOnce,
  sdkSampleNames,
  SIMPLIFIED_INVOICE,
  STANDARD_INVOICE,
} from './sdk-samples';

const COMPILE_TIMEOUT = 120_000;
const RULE_STAGES: ValidateCommandOptions['stages'] = ['xsd', 'en16931', 'ksa', 'pih'];

async function run(files: string[], options: ValidateCommandOptions) {
  let stdout = '';
  let stderr = '';
  const code = await runValidateCommand(files, options, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

describe('zatca validate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'validate-cmd-'));
  const simplified = sdkPath('Samples', SIMPLIFIED_INVOICE);
  const standard = sdkPath('Samples', STANDARD_INVOICE);
  const pihFile = sdkPath('PIH', 'pih.txt');

  it(
    'prints the rules folder, one line per file and stage, warnings indented, and exits 0 when all pass',
    async () => {
      const { code, stdout } = await run([simplified, standard], {
        pih: pihFile,
        stages: RULE_STAGES,
      });
      const lines = stdout.split('\n');
      expect(lines[0]).toBe('rules: rules/zatca-sdk-3.4.8 (ZATCA SDK 3.4.8)');
      expect(lines).toContain('Simplified_Invoice.xml  xsd        PASSED');
      expect(lines).toContain('Simplified_Invoice.xml  ksa        PASSED');
      expect(lines).toContain('Standard_Invoice.xml    pih        PASSED');
      expect(stdout).toMatch(/^ {4}warning BR-KSA-98: The simplified invoice should be submitted/m);
      expect(lines).toContain('all 2 passed');
      expect(code).toBe(0);
    },
    COMPILE_TIMEOUT,
  );

  it('shows findings under a FAILED stage and exits 1', async () => {
    const tampered = join(dir, 'wrong-total.xml');
    writeFileSync(
      tampered,
      replaceOnce(
        readSample(SIMPLIFIED_INVOICE),
        /(<cbc:TaxInclusiveAmount currencyID="SAR">)231\.15</,
        '$1241.15<',
      ),
    );
    const { code, stdout } = await run([tampered], { stages: RULE_STAGES });
    expect(stdout).toContain('wrong-total.xml  en16931    FAILED\n    error   BR-CO-15: ');
    expect(stdout).toContain('1 of 1 failed');
    expect(code).toBe(1);
  });

  it('gives a missing file and a non-XML file one ERROR line each, and still validates the rest', async () => {
    const notXml = join(dir, 'notes.txt');
    writeFileSync(notXml, 'just some text\n');
    const { code, stdout } = await run([join(dir, 'missing.xml'), notXml, standard], {
      stages: ['xsd'],
    });
    expect(stdout).toContain(
      `missing.xml           ERROR      ${join(dir, 'missing.xml')}: cannot read file (no such file)\n`,
    );
    expect(stdout).toContain(
      `notes.txt             ERROR      ${notXml}: not well-formed XML: missing root element\n`,
    );
    expect(stdout).toContain('Standard_Invoice.xml  xsd        PASSED');
    expect(code).toBe(1);
  });

  it(
    'passes all 19 SDK samples through all six stages with the SDK certificate and pih.txt',
    async () => {
      const files = sdkSampleNames().map((name) => sdkPath('Samples', name));
      const cert = sdkPath('Certificates', 'cert.pem');
      const { code, stdout } = await run(files, { cert, pih: pihFile });
      for (const stage of ['xsd', 'en16931', 'ksa', 'qr', 'signature', 'pih']) {
        const passedLines = stdout
          .split('\n')
          .filter((l) => new RegExp(`  ${stage} +PASSED$`).test(l));
        expect(passedLines).toHaveLength(19);
      }
      expect(stdout).not.toMatch(/FAILED|SKIPPED|ERROR|^ {4}error/m);
      expect(stdout).toContain('all 19 passed');
      expect(code).toBe(0);
    },
    COMPILE_TIMEOUT,
  );

  it('counts a stage without an implementation as not passed, and says so', async () => {
    const qr = stageRunner('qr')!;
    unregisterStage('qr');
    try {
      const { code, stdout } = await run([standard], { stages: ['pih', 'qr'] });
      expect(stdout).toContain('Standard_Invoice.xml  qr         SKIPPED (no verifier registered)');
      expect(stdout).toContain('not checked (counted as failed): qr');
      expect(code).toBe(1);
    } finally {
      registerStage('qr', qr);
    }
  });

  it('rejects a --cert that is not a certificate before reading any file', async () => {
    await expect(run([standard], { cert: pihFile })).rejects.toThrow(
      /^--cert .*pih\.txt: certificate: /,
    );
  });

  it('prints JSON with --json', async () => {
    const { code, stdout } = await run([standard], { json: true, stages: ['xsd', 'pih'] });
    const report = JSON.parse(stdout) as {
      passed: boolean;
      rules: { sdkVersion: string };
      files: { stages: { stage: string; passed: boolean }[] }[];
    };
    expect(report.passed).toBe(true);
    expect(report.rules.sdkVersion).toBe('3.4.8');
    expect(report.files[0].stages.map((s) => [s.stage, s.passed])).toEqual([
      ['xsd', true],
      ['pih', true],
    ]);
    expect(code).toBe(0);
  });

  it('rejects a bad --pih before reading any file', async () => {
    await expect(run([standard], { pih: 'not-a-pih' })).rejects.toThrow(
      '--pih: "not-a-pih" is not a base64 PIH (nor a file holding one)',
    );
  });

  it('is registered with help naming its options, and parses --stages', () => {
    const command = buildProgram()
      .commands.find((c) => c.name() === 'validate')!
      .exitOverride()
      .configureOutput({ writeErr: () => undefined });
    const help = command.helpInformation();
    for (const option of ['--cert', '--pih', '--json', '--rules', '--stages'])
      expect(help).toContain(option);
    command.parseOptions(['--stages', 'xsd,pih']);
    expect(command.opts().stages).toEqual(['xsd', 'pih']);
    expect(() => command.parseOptions(['--stages', 'xsd,nope'])).toThrow(
      /expected a comma-separated subset of xsd,en16931,ksa,qr,signature,pih/,
    );
  });
});
