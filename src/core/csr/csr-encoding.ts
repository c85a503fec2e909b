/**
 * The three textual forms of a CSR: DER bytes, PEM text, and ZATCA's API form, which is
 * base64 of the whole PEM text, armour lines included (spec 5.4).
 */

const PEM_LABEL = 'CERTIFICATE REQUEST';
const PEM_BLOCK =
  /^-----BEGIN (NEW )?CERTIFICATE REQUEST-----\r?\n([\s\S]*?)-----END (NEW )?CERTIFICATE REQUEST-----\s*$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export type CsrInputForm = 'pem' | 'api-base64' | 'base64-der' | 'der';

export class CsrEncodingError extends Error {
  override readonly name = 'CsrEncodingError';
}

export function csrDerToPem(der: Uint8Array): string {
  const body = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${PEM_LABEL}-----\n${body.replace(/\n$/, '')}\n-----END ${PEM_LABEL}-----\n`;
}

/** The value of `csr` in the body of POST /compliance and PATCH /production/csids. */
export function csrPemToApiForm(pem: string): string {
  return Buffer.from(pem, 'utf8').toString('base64');
}

/**
 * DER bytes of a CSR given as PEM, as ZATCA's API form (base64 of PEM), as bare base64 DER or
 * as DER bytes, with the form it came in (a strict server accepts only 'api-base64').
 */
export function decodeCsrInput(input: string | Uint8Array): { der: Buffer; form: CsrInputForm } {
  if (typeof input !== 'string') {
    if (input[0] === 0x30) return { der: Buffer.from(input), form: 'der' };
    return decodeCsrInput(Buffer.from(input).toString('utf8'));
  }
  const text = input.replace(/^\uFEFF/, '').trim();
  if (text === '') throw new CsrEncodingError('CSR input is empty');
  if (text.startsWith('-----BEGIN')) return { der: pemBody(text), form: 'pem' };

  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) {
    throw new CsrEncodingError('CSR is neither PEM nor base64');
  }
  const decoded = Buffer.from(compact, 'base64');
  if (decoded.subarray(0, 10).toString('latin1') === '-----BEGIN') {
    return { der: pemBody(decoded.toString('utf8').trim()), form: 'api-base64' };
  }
  if (decoded[0] === 0x30) return { der: decoded, form: 'base64-der' };
  throw new CsrEncodingError('base64 CSR decodes to neither a PEM CERTIFICATE REQUEST nor DER');
}

function pemBody(pem: string): Buffer {
  const match = PEM_BLOCK.exec(pem);
  if (!match) {
    throw new CsrEncodingError(
      'PEM is not a single -----BEGIN CERTIFICATE REQUEST----- ... -----END CERTIFICATE REQUEST----- block',
    );
  }
  const body = match[2].replace(/\s+/g, '');
  if (!BASE64.test(body) || body.length % 4 !== 0) {
    throw new CsrEncodingError('PEM CERTIFICATE REQUEST body is not valid base64');
  }
  return Buffer.from(body, 'base64');
}
