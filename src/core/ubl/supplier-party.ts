import type { Seller } from '../model/party';
import { renderSupplierParty } from './render-parties';

/** cac:AccountingSupplierParty as text and as the UTF-8 bytes the invoice hash reads. */
export interface RenderedParty {
  text: string;
  utf8: Buffer;
}

// An EGS unit signs all its invoices for one seller, whose names and address are often Arabic
// (two-byte text, slow to encode): the last seller's element is kept with its bytes and reused
// when the next seller has the same values. They are compared field by field against a copy,
// so a different or since-mutated seller is rendered again.
let last: { values: Seller; party: RenderedParty } | undefined;

export function supplierParty(seller: Seller): RenderedParty {
  if (last !== undefined && sameValues(last.values, seller)) return last.party;
  const text = renderSupplierParty(seller);
  const party = { text, utf8: Buffer.from(text, 'utf8') };
  last = { values: structuredClone(seller), party };
  return party;
}

/** Equality of plain data (strings in nested objects), as a parsed Seller is made of. */
function sameValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key in x) if (!sameValues(x[key], y[key])) return false;
  for (const key in y) if (!(key in x)) return false;
  return true;
}
