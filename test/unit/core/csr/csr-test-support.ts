import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sdkPath } from '../../../support/sdk';

/** The SDK's csr-config examples (Input/), by a short name. */
export const SDK_CSR_CONFIGS = {
  EN: 'csr-config-example-EN.properties',
  AR: 'csr-config-example-AR.properties',
  'EN VAT group': 'csr-config-example-EN-VAT-group.properties',
  'AR VAT group': 'csr-config-example-AR-VAT-Group.properties',
} as const;

export const sdkConfigText = (file: string): string => readFileSync(sdkPath('Input', file), 'utf8');

/**
 * The key=value pairs of an SDK example read naively (split at the first '='), as an
 * independent oracle for what the properties parser must produce on these simple files.
 */
export function naiveProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}

export const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

/** Runs openssl on a file holding `input`; returns stdout and exit status. */
export function openssl(args: string[], input: string): { status: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'csr-test-'));
  try {
    const file = join(dir, 'in.pem');
    writeFileSync(file, input);
    const result = spawnSync('openssl', [...args.map((a) => (a === '@IN' ? file : a))], {
      encoding: 'utf8',
    });
    return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Has openssl build a CSR from a req config (and key file), returning its PEM. */
export function opensslCsr(reqConfig: string, keyPem: string, digest = 'sha256'): string {
  const dir = mkdtempSync(join(tmpdir(), 'csr-test-'));
  try {
    writeFileSync(join(dir, 'req.cnf'), reqConfig);
    writeFileSync(join(dir, 'key.pem'), keyPem, { mode: 0o600 });
    return execFileSync(
      'openssl',
      ['req', '-new', `-${digest}`, '-config', join(dir, 'req.cnf'), '-key', join(dir, 'key.pem')],
      { encoding: 'utf8' },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Header length and total length of the DER element at `offset`. */
export function derElement(der: Buffer, offset: number): { header: number; total: number } {
  const first = der[offset + 1];
  if (first < 0x80) return { header: 2, total: 2 + first };
  const octets = first & 0x7f;
  let length = 0;
  for (let i = 0; i < octets; i++) length = length * 256 + der[offset + 2 + i];
  return { header: 2 + octets, total: 2 + octets + length };
}

/** Splits a CertificationRequest into its three parts with a hand-rolled DER walk. */
export function splitCertificationRequest(der: Buffer): {
  info: Buffer;
  algorithm: Buffer;
  signature: Buffer;
} {
  const outer = derElement(der, 0);
  let at = outer.header;
  const info = derElement(der, at);
  const infoBytes = der.subarray(at, at + info.total);
  at += info.total;
  const algorithm = derElement(der, at);
  const algorithmBytes = der.subarray(at, at + algorithm.total);
  at += algorithm.total;
  const bitString = derElement(der, at);
  // Skip the BIT STRING header and its "unused bits" octet.
  const signature = der.subarray(at + bitString.header + 1, at + bitString.total);
  return { info: infoBytes, algorithm: algorithmBytes, signature };
}

/** DER of a PEM block's body. */
export const pemToDer = (pem: string): Buffer =>
  Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
