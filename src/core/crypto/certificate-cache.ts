import { parseCertificate, type ParsedCertificate } from './certificate';

// A unit signs every document with one certificate, so a verifier sees the same few again and
// again: parsing the ASN.1 and the public key costs more than the checks themselves.
const parsed = new Map<string, ParsedCertificate>();
const CACHE_SIZE = 256;

/** parseCertificate for the ds:X509Certificate text, remembering the last 256 certificates. */
export function parseCertificateCached(base64: string): ParsedCertificate {
  let certificate = parsed.get(base64);
  if (certificate) return certificate;
  certificate = parseCertificate(base64);
  if (parsed.size >= CACHE_SIZE) parsed.delete(parsed.keys().next().value!);
  parsed.set(base64, certificate);
  return certificate;
}
