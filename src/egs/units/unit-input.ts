import { z } from 'zod';
import { SERIAL_NUMBER_PATTERN } from '../../core/csr/csr-field-rules';
import { UNIT_ENVIRONMENTS } from './unit-environment';

export const DOCUMENT_FAMILIES = ['standard', 'simplified'] as const;
export type DocumentFamily = (typeof DOCUMENT_FAMILIES)[number];

const text = (max: number) =>
  z
    .string({ error: 'is required' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

/** A new EGS unit as the API and CLI take it. CSR rules (64 characters...) are checked after. */
export const UnitInputSchema = z.strictObject({
  companyId: z.string({ error: 'is required' }).min(1).describe('The company the unit bills for'),
  name: z
    .string({ error: 'is required' })
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
      error: 'must be letters, digits, ".", "_" or "-", starting with a letter or digit',
    })
    .max(64, { error: 'must be at most 64 characters' })
    .describe('Unique name of the unit; the CSR common name (CN)'),
  serialNumber: text(255)
    .regex(SERIAL_NUMBER_PATTERN, {
      error: 'must have the form 1-<solution name>|2-<model or version>|3-<serial number>',
    })
    .describe('EGS serial, e.g. 1-ZatcaBridge|2-1.0|3-POS-0001'),
  branchName: text(255).describe('Branch name (CSR organization unit)'),
  locationAddress: text(255).describe(
    'Where the unit is: the national short address, e.g. RRRD2929',
  ),
  businessCategory: text(255).describe('Industry or sector'),
  invoiceTypes: z
    .array(z.enum(DOCUMENT_FAMILIES, { error: 'must be "standard" or "simplified"' }), {
      error: 'is required: ["standard"], ["simplified"] or both',
    })
    .min(1, { error: 'must name at least one of standard, simplified' })
    .describe('The documents it issues: standard (B2B, cleared), simplified (B2C, reported)'),
  environment: z
    .enum(UNIT_ENVIRONMENTS, { error: `must be one of ${UNIT_ENVIRONMENTS.join(', ')}` })
    .describe('sandbox, simulation, production, or simulator (the built-in one)'),
  fatooraHost: z
    .string()
    .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { error: 'must be an http:// or https:// URL' })
    .optional()
    .describe('Replaces ZATCA gateway host (a separately run simulator, a proxy)'),
});

export type UnitInput = z.output<typeof UnitInputSchema>;

/** The TSCZ map of the CSR title (spec 5.3). */
export function invoiceTypeMap(families: readonly DocumentFamily[]): string {
  return `${families.includes('standard') ? 1 : 0}${families.includes('simplified') ? 1 : 0}00`;
}

export function familiesOf(map: string): DocumentFamily[] {
  return DOCUMENT_FAMILIES.filter((_, i) => map[i] === '1');
}
