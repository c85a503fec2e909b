import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_RULES_FOLDER,
  InvalidInputError,
  loadRulesSet,
  resolveRulesDir,
} from '../../../../src/core/validation';
import { projectRoot } from '../../../../src/project-root';

describe('rules folder selection', () => {
  const saved = process.env.ZATCA_RULES_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.ZATCA_RULES_DIR;
    else process.env.ZATCA_RULES_DIR = saved;
  });

  it('defaults to the vendored SDK 3.4.8 rules under <projectRoot>/rules', () => {
    delete process.env.ZATCA_RULES_DIR;
    const rules = loadRulesSet();
    expect(rules.dir).toBe(join(projectRoot, 'rules', DEFAULT_RULES_FOLDER));
    expect(rules.sdkVersion).toBe('3.4.8');
    expect(rules.invoiceXsd).toMatch(/maindoc\/UBL-Invoice-2\.1\.xsd$/);
    expect(rules.ksaXsl).toMatch(/ZATCA_E-invoice_Validation_Rules\.xsl$/);
  });

  it('takes a bare name from ZATCA_RULES_DIR as a folder under rules/, and an option over it', () => {
    process.env.ZATCA_RULES_DIR = 'zatca-sdk-9.9.9';
    expect(resolveRulesDir()).toBe(join(projectRoot, 'rules', 'zatca-sdk-9.9.9'));
    expect(resolveRulesDir('/opt/rules/x')).toBe('/opt/rules/x');
  });

  it('explains a missing folder, a folder without rules.json, and a manifest naming a missing file', () => {
    expect(() => loadRulesSet('zatca-sdk-0.0.0')).toThrow(
      `rules folder ${join(projectRoot, 'rules', 'zatca-sdk-0.0.0')} does not exist`,
    );
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    expect(() => loadRulesSet(dir)).toThrow(
      new InvalidInputError(`rules folder ${dir} has no rules.json (see rules/README.md)`),
    );
    mkdirSync(join(dir, 'xsd'));
    writeFileSync(
      join(dir, 'rules.json'),
      JSON.stringify({
        sdkVersion: '0',
        schemaRoot: 'xsd',
        invoiceXsd: 'xsd/a.xsd',
        en16931Xsl: 'a.xsl',
        ksaXsl: 'b.xsl',
      }),
    );
    expect(() => loadRulesSet(dir)).toThrow(/names a missing file: .*a\.xsd/);
  });
});
