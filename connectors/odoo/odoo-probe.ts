import type { OdooRpcClient } from './odoo-rpc-client';
import {
  MOVE_EXTRA_FIELDS,
  MOVE_FIELDS,
  PARTNER_BASE_FIELDS,
  PARTNER_KSA_CANDIDATES,
} from './odoo-fields';

/** What this Odoo database has: field names differ between versions and installed modules. */
export interface OdooProbe {
  major: number;
  moveFields: string[];
  partnerFields: string[];
  /** The partner field that holds each KSA value here, or null when the database has none. */
  partnerKsa: Record<keyof typeof PARTNER_KSA_CANDIDATES, string | null>;
}

export async function probeOdoo(client: OdooRpcClient): Promise<OdooProbe> {
  const { major } = await client.version();
  const moveAll = await client.execute<Record<string, unknown>>(
    'account.move',
    'fields_get',
    [[...MOVE_FIELDS, ...MOVE_EXTRA_FIELDS]],
    { attributes: ['type', 'string', 'readonly', 'relation'] },
  );
  const candidates = Object.values(PARTNER_KSA_CANDIDATES).flat();
  const partnerAll = await client.execute<Record<string, unknown>>(
    'res.partner',
    'fields_get',
    [[...PARTNER_BASE_FIELDS, ...candidates]],
    { attributes: ['type', 'string'] },
  );
  const has = (fields: Record<string, unknown>, name: string) => Object.hasOwn(fields, name);
  const pick = (names: readonly string[]) => names.find((n) => has(partnerAll, n)) ?? null;
  return {
    major,
    moveFields: [...MOVE_FIELDS, ...MOVE_EXTRA_FIELDS].filter((f) => has(moveAll, f)),
    partnerFields: PARTNER_BASE_FIELDS.filter((f) => has(partnerAll, f)),
    partnerKsa: {
      buildingNumber: pick(PARTNER_KSA_CANDIDATES.buildingNumber),
      additionalNumber: pick(PARTNER_KSA_CANDIDATES.additionalNumber),
      idScheme: pick(PARTNER_KSA_CANDIDATES.idScheme),
      idNumber: pick(PARTNER_KSA_CANDIDATES.idNumber),
    },
  };
}
