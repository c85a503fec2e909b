import type { CsrFieldName, CsrFields } from './csr-fields';
import { findFieldProblems, type FieldProblem } from './csr-field-rules';
import { parseProperties, PropertiesSyntaxError } from './properties-format';

/** A validated csr-config: every field present and within ZATCA's rules. */
export type CsrConfig = CsrFields;

/** The SDK's property name for each field (SDK `Input/csr-config-template.properties`). */
export const CSR_CONFIG_PROPERTIES: Readonly<Record<CsrFieldName, string>> = {
  commonName: 'csr.common.name',
  serialNumber: 'csr.serial.number',
  vatNumber: 'csr.organization.identifier',
  organizationUnit: 'csr.organization.unit.name',
  organization: 'csr.organization.name',
  country: 'csr.country.name',
  invoiceType: 'csr.invoice.type',
  locationAddress: 'csr.location.address',
  businessCategory: 'csr.industry.business.category',
};

export interface ConfigProblem {
  /** The property name as written in the file, or "line N" for a syntax error. */
  property: string;
  message: string;
}

/** All problems of a config at once, so a user fixes the file in one pass. */
export class CsrConfigError extends Error {
  override readonly name = 'CsrConfigError';
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      'invalid CSR config: ' +
        problems.map(({ property, message }) => `${property} ${message}`).join('; '),
    );
  }
}

const FIELD_BY_PROPERTY = new Map<string, CsrFieldName>(
  Object.entries(CSR_CONFIG_PROPERTIES).map(([field, property]) => [
    property,
    field as CsrFieldName,
  ]),
);

/**
 * Parses and validates an SDK-style csr-config (UTF-8 text or bytes). Values are trimmed:
 * trailing blanks are invisible in the file but would end up in the certificate.
 * Throws CsrConfigError naming each property and the rule it breaks.
 */
export function parseCsrConfig(input: string | Uint8Array): CsrConfig {
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  const values: Partial<Record<CsrFieldName, string>> = {};
  const problems: ConfigProblem[] = [];
  let entries;
  try {
    entries = parseProperties(text);
  } catch (error) {
    if (error instanceof PropertiesSyntaxError) {
      throw new CsrConfigError([{ property: 'syntax', message: error.message }]);
    }
    throw error;
  }
  for (const { key, value, line } of entries) {
    const field = FIELD_BY_PROPERTY.get(key);
    if (!field) {
      problems.push({ property: key, message: `(line ${line}) is not a known CSR property` });
    } else if (values[field] !== undefined) {
      problems.push({ property: key, message: `(line ${line}) is given more than once` });
    } else {
      values[field] = value.trim();
    }
  }
  for (const [field, property] of Object.entries(CSR_CONFIG_PROPERTIES)) {
    if (values[field as CsrFieldName] === undefined) {
      problems.push({ property, message: 'is missing' });
    }
  }
  if (problems.length > 0) throw new CsrConfigError(problems);

  const config = values as CsrConfig;
  assertValidCsrFields(config);
  return config;
}

/** Throws CsrConfigError, naming each field by its csr-config property, if any rule is broken. */
export function assertValidCsrFields(fields: CsrFields): void {
  const problems: FieldProblem[] = findFieldProblems(fields);
  if (problems.length > 0) {
    throw new CsrConfigError(
      problems.map(({ field, rule }) => ({
        property: CSR_CONFIG_PROPERTIES[field],
        message: rule,
      })),
    );
  }
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CsrConfigError([{ property: 'encoding', message: 'the file is not valid UTF-8' }]);
  }
}
