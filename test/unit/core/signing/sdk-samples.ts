import { readFileSync } from 'node:fs';
import { sdkPath } from '../../../support/sdk';

/** One SDK 3.4.8 sample with its expected invoice hash from expected-invoice-hashes.tsv. */
export interface SdkSample {
  path: string;
  xml: string;
  expectedHash: string;
}

export function sdkSamples(): SdkSample[] {
  const rows = readFileSync(sdkPath('expected-invoice-hashes.tsv'), 'utf8').trim().split('\n');
  return rows.slice(1).map((row) => {
    const [path, expectedHash] = row.split('\t');
    return { path, xml: readFileSync(sdkPath(path), 'utf8'), expectedHash };
  });
}

export const sdkCertificateText = (): string =>
  readFileSync(sdkPath('Certificates', 'cert.pem'), 'utf8');
export const sdkPrivateKeyText = (): string =>
  readFileSync(sdkPath('Certificates', 'ec-secp256k1-priv-key.pem'), 'utf8');

/** The text of the first element with this tag name (regex; only for reading test fixtures). */
export function elementText(xml: string, tag: string): string {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`).exec(xml);
  if (!m) throw new Error(`fixture has no <${tag}>`);
  return m[1];
}

/** The QR payload of a document (regex; only for reading test fixtures). */
export function qrPayload(xml: string): string {
  const m =
    /<cbc:ID>QR<\/cbc:ID>\s*<cac:Attachment>\s*<cbc:EmbeddedDocumentBinaryObject[^>]*>([^<]*)</.exec(
      xml,
    );
  if (!m) throw new Error('fixture has no QR reference');
  return m[1];
}
