import {
  CSR_CONFIG_PROPERTIES,
  CsrConfigError,
  MAX_FIELD_CHARACTERS,
  parseCsrConfig,
  type CsrFieldName,
} from '../../../../src/core/csr';
import { naiveProperties, SDK_CSR_CONFIGS, sdkConfigText } from './csr-test-support';

const EN = sdkConfigText(SDK_CSR_CONFIGS.EN);

/** The EN example with one property's value replaced. */
function withValue(property: string, value: string, base = EN): string {
  const lines = base.split('\n').filter((line) => !line.startsWith(`${property}=`));
  return [...lines, `${property}=${value}`].join('\n');
}

function problemsOf(text: string): { property: string; message: string }[] {
  try {
    parseCsrConfig(text);
  } catch (error) {
    if (error instanceof CsrConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a CsrConfigError');
}

describe('parseCsrConfig on the SDK examples', () => {
  it.each(Object.entries(SDK_CSR_CONFIGS))('%s parses to the values in the file', (_name, file) => {
    const text = sdkConfigText(file);
    const expected = naiveProperties(text);
    const config = parseCsrConfig(text);
    for (const [field, property] of Object.entries(CSR_CONFIG_PROPERTIES)) {
      expect(config[field as CsrFieldName]).toBe(expected[property]);
    }
  });

  it('reads Arabic from UTF-8 bytes as well as from a string', () => {
    const bytes = Buffer.from(sdkConfigText(SDK_CSR_CONFIGS.AR), 'utf8');
    const config = parseCsrConfig(bytes);
    expect(config.organizationUnit).toBe('فرع الرياض');
    expect(config).toEqual(parseCsrConfig(bytes.toString('utf8')));
  });

  it('reads Arabic written as \\uXXXX escapes, with comments around', () => {
    const arabic = parseCsrConfig(sdkConfigText(SDK_CSR_CONFIGS.AR));
    const escaped = [...arabic.organization]
      .map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join('');
    const text = `# escaped by native2ascii\n${withValue('csr.organization.name', escaped, sdkConfigText(SDK_CSR_CONFIGS.AR))}\n! end`;
    expect(parseCsrConfig(text).organization).toBe(arabic.organization);
  });

  it('trims blanks around values', () => {
    expect(parseCsrConfig(withValue('csr.organization.name', 'ABC Ltd   ')).organization).toBe(
      'ABC Ltd',
    );
  });
});

describe('parseCsrConfig errors name the property and the rule', () => {
  it.each([
    ['csr.organization.identifier', '39999999990000', /15 digits starting and ending with 3/],
    ['csr.organization.identifier', '3999999999000033', /15 digits/],
    ['csr.organization.identifier', '499999999900003', /\^3\[0-9\]\{13\}3\$/],
    ['csr.organization.identifier', '39999999990000A', /15 digits/],
    ['csr.serial.number', 'ed22f1d8-e6a2-1118-9b58-d9a8f11e445f', /1-<solution name>\|2-/],
    ['csr.serial.number', '1-TST|3-TST|2-abc', /1-<solution name>\|2-/],
    ['csr.serial.number', '1-TST|2-TST', /1-<solution name>\|2-/],
    ['csr.invoice.type', '11000', /4 digits, each 0 or 1/],
    ['csr.invoice.type', '1200', /4 digits, each 0 or 1/],
    ['csr.invoice.type', '1110', /positions 3 and 4/],
    ['csr.invoice.type', '0000', /standard \(1000\), simplified \(0100\) or both/],
    ['csr.country.name', 'SAU', /2-letter/],
    ['csr.country.name', 'sa', /capitals/],
    ['csr.common.name', '', /must not be empty/],
    ['csr.location.address', 'line1\\nline2', /control characters/],
  ])('%s=%s', (property, value, rule) => {
    const problems = problemsOf(withValue(property, value));
    expect(problems).toHaveLength(1);
    expect(problems[0].property).toBe(property);
    expect(problems[0].message).toMatch(rule);
  });

  it.each([
    'csr.common.name',
    'csr.organization.name',
    'csr.organization.unit.name',
    'csr.location.address',
    'csr.industry.business.category',
  ])('%s longer than the limit', (property) => {
    const atLimit = 'a'.repeat(MAX_FIELD_CHARACTERS);
    expect(() => parseCsrConfig(withValue(property, atLimit))).not.toThrow();
    const [problem] = problemsOf(withValue(property, `${atLimit}b`));
    expect(problem.property).toBe(property);
    expect(problem.message).toMatch(`at most ${MAX_FIELD_CHARACTERS} characters (has 65)`);
  });

  it('a serial number longer than the limit', () => {
    const long = `1-TST|2-TST|3-${'x'.repeat(MAX_FIELD_CHARACTERS)}`;
    const [problem] = problemsOf(withValue('csr.serial.number', long));
    expect(problem.property).toBe('csr.serial.number');
    expect(problem.message).toMatch(/at most 64 characters/);
  });

  it('counts characters, not UTF-8 bytes: 64 Arabic letters pass, 65 do not', () => {
    const arabic64 = 'ب'.repeat(MAX_FIELD_CHARACTERS); // 128 UTF-8 bytes
    expect(parseCsrConfig(withValue('csr.organization.name', arabic64)).organization).toBe(
      arabic64,
    );
    expect(problemsOf(withValue('csr.organization.name', `${arabic64}ب`))[0].property).toBe(
      'csr.organization.name',
    );
  });

  it('a VAT group number with a branch name instead of the 10-digit TIN', () => {
    const group = sdkConfigText(SDK_CSR_CONFIGS['EN VAT group']);
    const problems = problemsOf(withValue('csr.organization.unit.name', 'Riyadh Branch', group));
    expect(problems).toHaveLength(1);
    expect(problems[0].property).toBe('csr.organization.unit.name');
    expect(problems[0].message).toMatch(/10-digit TIN.*VAT group.*11th digit 1/);
    expect(problemsOf(withValue('csr.organization.unit.name', '399999999', group))).toHaveLength(1);
  });

  it('a branch name is fine when the VAT number is not a group number', () => {
    expect(parseCsrConfig(EN).organizationUnit).toBe('Riyadh Branch');
  });

  it('lists every problem at once, in one line', () => {
    const text = withValue('csr.country.name', 'Saudi', withValue('csr.invoice.type', '2'));
    let message = '';
    try {
      parseCsrConfig(text);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/csr\.country\.name .*; csr\.invoice\.type /);
    expect(message).not.toContain('\n');
  });

  it('a missing property', () => {
    const text = EN.split('\n')
      .filter((line) => !line.startsWith('csr.location.address'))
      .join('\n');
    expect(problemsOf(text)).toEqual([{ property: 'csr.location.address', message: 'is missing' }]);
  });

  it('an unknown property (a typo) and a repeated one, with their lines', () => {
    const problems = problemsOf(`${EN}\ncsr.organisation.name=X\ncsr.country.name=SA`);
    expect(problems.map((p) => p.property)).toEqual(['csr.organisation.name', 'csr.country.name']);
    expect(problems[0].message).toMatch(/line \d+.*not a known CSR property/);
    expect(problems[1].message).toMatch(/more than once/);
  });

  it('bytes that are not UTF-8', () => {
    const latin1 = Buffer.from(withValue('csr.organization.name', 'Société'), 'latin1');
    expect(problemsOf(latin1 as unknown as string)[0]).toEqual({
      property: 'encoding',
      message: 'the file is not valid UTF-8',
    });
  });

  it('a malformed \\u escape', () => {
    expect(problemsOf(withValue('csr.organization.name', '\\u06'))[0].property).toBe('syntax');
  });
});
