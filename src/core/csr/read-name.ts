import type { Name } from '@peculiar/asn1-x509';
import { CsrParseError } from './csr-parse-error';
import { readNameString } from './directory-string';

/**
 * Reads a Name whose attributes must each appear once, one per RDN, from a fixed set, and
 * returns their text by OID. `where` names the Name in errors ("subject", "SAN directoryName");
 * `labels` gives each accepted OID its short name (CN, UID, ...).
 */
export function readStrictName(
  name: Name,
  where: string,
  labels: Readonly<Record<string, string>>,
): Map<string, string> {
  const values = new Map<string, string>();
  for (const rdn of name) {
    if (rdn.length !== 1) {
      throw new CsrParseError([`${where} has a multi-valued RDN; use one attribute per RDN`]);
    }
    const { type, value } = rdn[0];
    const label = labels[type];
    if (!label) throw new CsrParseError([`${where} has an unexpected attribute ${type}`]);
    if (values.has(type)) throw new CsrParseError([`${where} has ${label} more than once`]);
    const read = readNameString(value);
    if ('problem' in read) throw new CsrParseError([`${where} ${label} ${read.problem}`]);
    values.set(type, read.text);
  }
  const missing = Object.entries(labels)
    .filter(([oid]) => !values.has(oid))
    .map(([, label]) => label);
  if (missing.length > 0) {
    throw new CsrParseError([`${where} is missing ${missing.join(', ')}`]);
  }
  return values;
}
