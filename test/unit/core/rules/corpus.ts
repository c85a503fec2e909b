import { readFileSync } from 'node:fs';
import { prepareInvoice } from '../../../../src/core/issue';
import { INITIAL_PIH } from '../../../../src/core/ubl';
import { fixtureNames, readFixture } from '../ubl/fixture-support';
import { MUTATIONS, seededRng, type Json, type Rng } from './mutations';

/**
 * The instant both engines take as "now" (BR-KSA-04, BR-KSA-98): the schematron through a
 * faked global Date, the TS engine through its `now` option.
 */
export const FIXED_NOW = new Date('2024-03-11T09:00:00Z');

export interface CorpusEntry {
  name: string;
  input: Json;
}

export interface Corpus {
  entries: CorpusEntry[];
  /** Variants the model, totals or renderer refused: not part of the comparison. */
  refused: number;
}

export const CHAIN = { icv: 7, pih: INITIAL_PIH };

/** An issue instant around FIXED_NOW: some over 24 h old, some in the future. */
function issuedAround(rng: Rng): string {
  const hours = rng.pick([-72, -30, -24.5, -23.5, -12, -1, 0, 2, 14, 15.5, 40]);
  return new Date(FIXED_NOW.getTime() + hours * 3_600_000).toISOString().replace(/\.000Z$/, 'Z');
}

function withoutErpTotals(input: Json): Json {
  const copy = JSON.parse(JSON.stringify(input)) as Json;
  delete copy.expectedTotals;
  for (const line of (copy.lines as Json[] | undefined) ?? []) delete line.expected;
  return copy;
}

function accepted(input: Json): boolean {
  try {
    prepareInvoice(input, CHAIN);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every fixture as it is, then `variants` deterministic mutations of them (1-3 mutations
 * each, the issue instant moved around FIXED_NOW half of the time), kept when the model
 * accepts them. Mutations drop the ERP's stated totals, which would no longer agree.
 */
export function buildCorpus(variants: number, seed = 20240311): Corpus {
  const names = fixtureNames();
  const entries: CorpusEntry[] = names.map((name) => ({
    name,
    input: readFixture(name) as Json,
  }));
  const rng = seededRng(seed);
  let refused = 0;
  let attempts = 0;
  while (entries.length < names.length + variants && attempts < variants * 20) {
    attempts++;
    const base = rng.pick(names);
    const input = withoutErpTotals(readFixture(base) as Json);
    const applied: string[] = [];
    for (let k = rng.int(1, 3); k > 0; k--) {
      const mutation = rng.pick(MUTATIONS);
      mutation.apply(input, rng);
      applied.push(mutation.name);
    }
    if (rng.chance(0.5)) {
      input.issuedAt = issuedAround(rng);
      applied.push('issued-at');
    }
    if (accepted(input)) entries.push({ name: `${base} + ${applied.join(', ')}`, input });
    else refused++;
  }
  return { entries, refused };
}

/** The SDK's test key and certificate, for signing the corpus. */
export function readSdkCredentials(keyFile: string, certFile: string) {
  return { privateKey: readFileSync(keyFile, 'utf8'), certificate: readFileSync(certFile, 'utf8') };
}
