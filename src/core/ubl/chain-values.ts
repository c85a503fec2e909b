/** The two chain values every document carries (spec 1.5, 8.3). */
export interface ChainValues {
  /** Invoice counter value, KSA-16: a positive integer, digits only (BR-KSA-34). */
  icv: number | string;
  /** Previous invoice hash, KSA-13: base64 (44 chars, or the 88-char initial constant). */
  pih: string;
}

/** The first document of an EGS chains on this constant (spec 2.4). */
export const INITIAL_PIH =
  'NWZlY2ViNjZmZmM4NmYzOGQ5NTI3ODZjNmQ2OTZjNzljMmRiYzIzOWRkNGU5MWI0NjcyOWQ3M2EyN2ZiNTdlOQ==';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function chainProblems(chain: ChainValues): string[] {
  const problems: string[] = [];
  const icv = String(chain.icv);
  if (
    !/^[1-9][0-9]*$/.test(icv) ||
    (typeof chain.icv === 'number' && !Number.isSafeInteger(chain.icv))
  ) {
    problems.push(`ICV must be a positive whole number, got "${icv}" (BR-KSA-34)`);
  }
  if (!BASE64.test(chain.pih)) {
    problems.push(`PIH must be a base64 SHA-256 hash, got "${chain.pih}" (BR-KSA-26)`);
  }
  return problems;
}
