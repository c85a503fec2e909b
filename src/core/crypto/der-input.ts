// Decoding of keys and certificates given as PEM, bare base64 (how ZATCA's SDK ships them), DER
// bytes, or the CSID API's binarySecurityToken (base64 of the base64 text).

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;
const BASE64_TEXT = /^[A-Za-z0-9+/]+={0,2}$/;
const DER_SEQUENCE = 0x30;

export interface DerInput {
  der: Buffer;
  /** PEM label when the input was armoured (CERTIFICATE, EC PRIVATE KEY, PRIVATE KEY, ...). */
  pemLabel?: string;
}

/** Turns PEM / base64 / DER input into DER bytes; `what` names the input in errors. */
export function decodeDerInput(input: string | Uint8Array, what: string): DerInput {
  if (typeof input !== 'string') {
    const bytes = Buffer.from(input);
    if (bytes[0] === DER_SEQUENCE) return { der: bytes };
    return decodeDerInput(bytes.toString('utf8'), what);
  }
  const pem = PEM_BLOCK.exec(input);
  if (pem) return { der: decodeBase64(pem[2], what), pemLabel: pem[1] };
  if (input.includes('-----BEGIN')) throw new Error(`${what}: PEM armour is incomplete`);
  let der = decodeBase64(input, what);
  // binarySecurityToken: one more base64 layer around the DER's base64 text ("MII..." → "TUlJ...").
  if (der[0] !== DER_SEQUENCE && BASE64_TEXT.test(der.toString('latin1'))) {
    der = decodeBase64(der.toString('latin1'), what);
  }
  if (der[0] !== DER_SEQUENCE)
    throw new Error(`${what}: not a DER structure (expected a SEQUENCE)`);
  return { der };
}

function decodeBase64(text: string, what: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0) throw new Error(`${what} is empty`);
  if (!BASE64_TEXT.test(compact) || compact.length % 4 === 1) {
    throw new Error(`${what}: not PEM, base64 or DER`);
  }
  return Buffer.from(compact, 'base64');
}
