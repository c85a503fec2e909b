import { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  registerCsrCommand,
  runCsrCommand,
  type CsrCommandOptions,
} from '../../../../src/cli/commands/csr.command';
import { parseCsr, parseCsrConfig } from '../../../../src/core/csr';
import {
  generateSecp256k1KeyPair,
  loadPrivateKey,
  privateKeyToSdkBase64,
  publicKeyToPem,
} from '../../../../src/core/keys';
import { sdkPath } from '../../../support/sdk';
import { SDK_CSR_CONFIGS } from './csr-test-support';

const arConfigPath = sdkPath('Input', SDK_CSR_CONFIGS.AR);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zatca-csr-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(options: Partial<CsrCommandOptions>) {
  const io = { out: '', err: '' };
  runCsrCommand(
    { config: arConfigPath, env: 'sandbox', ...options },
    {
      stdout: (text) => (io.out += text),
      stderr: (text) => (io.err += text),
    },
  );
  return io;
}

function errorOf(options: Partial<CsrCommandOptions>): string {
  try {
    run(options);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the command to fail');
}

describe('zatca csr (runCsrCommand)', () => {
  it('generates a key into a 0600 file and prints the CSR in base64 form, never the key', () => {
    const keyOut = join(dir, 'egs.key');
    const { out, err } = run({ keyOut });

    expect(statSync(keyOut).mode & 0o777).toBe(0o600);
    const key = loadPrivateKey(readFileSync(keyOut));
    const parsed = parseCsr(out.trim());
    expect(parsed.inputForm).toBe('api-base64');
    expect(parsed.fields).toEqual(parseCsrConfig(readFileSync(arConfigPath)));
    expect(parsed.templateName).toBe('TSTZATCA-Code-Signing');
    expect(parsed.signatureValid).toBe(true);
    expect(publicKeyToPem(parsed.publicKey)).toBe(publicKeyToPem(key));

    const keyBody = readFileSync(keyOut, 'utf8').split('\n')[1];
    expect(out + err).not.toContain(keyBody);
    expect(out + err).not.toContain(privateKeyToSdkBase64(key).slice(0, 24));
    expect(out + err).not.toMatch(/PRIVATE KEY/);
  });

  it('uses a given key (SDK base64 form), writes PEM to a file with --pem -o', () => {
    const { privateKey } = generateSecp256k1KeyPair();
    const keyFile = join(dir, 'sdk.key');
    writeFileSync(keyFile, privateKeyToSdkBase64(privateKey));
    const output = join(dir, 'egs.csr');
    const { out, err } = run({ key: keyFile, pem: true, output, env: 'production' });

    expect(out).toBe('');
    expect(err).toMatch(/production, ZATCA-Code-Signing\) written to .*egs\.csr/);
    const pem = readFileSync(output, 'utf8');
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);
    const parsed = parseCsr(pem);
    expect(parsed.environment).toBe('production');
    expect(publicKeyToPem(parsed.publicKey)).toBe(publicKeyToPem(privateKey));
  });

  it('refuses to overwrite an existing key file', () => {
    const keyOut = join(dir, 'egs.key');
    writeFileSync(keyOut, 'precious');
    expect(errorOf({ keyOut })).toMatch(/egs\.key: key file already exists; not overwriting/);
    expect(readFileSync(keyOut, 'utf8')).toBe('precious');
  });

  it('writes no key file when the config is invalid, and names the property', () => {
    const config = join(dir, 'bad.properties');
    writeFileSync(
      config,
      readFileSync(arConfigPath, 'utf8').replace(
        'csr.organization.identifier=399999999900003',
        'csr.organization.identifier=39999999990000',
      ),
    );
    const keyOut = join(dir, 'egs.key');
    const message = errorOf({ config, keyOut });
    expect(message).toMatch(/bad\.properties: .*csr\.organization\.identifier must be 15 digits/);
    expect(message).not.toContain('\n');
    expect(() => statSync(keyOut)).toThrow();
  });

  it.each([
    [{ key: 'a', keyOut: 'b' }, /either --key .* or --key-out .*, not both/],
    [{}, /give --key <file> .* or --key-out <file>/],
    [
      { config: '/nonexistent/cfg', keyOut: 'k' },
      /\/nonexistent\/cfg: cannot read config file \(ENOENT\)/,
    ],
  ] as [Partial<CsrCommandOptions>, RegExp][])('fails in one line on %j', (options, message) => {
    expect(errorOf(options)).toMatch(message);
  });

  it('names the key file when the key is unusable', () => {
    const keyFile = join(dir, 'wrong.key');
    writeFileSync(keyFile, 'not a key!');
    expect(errorOf({ key: keyFile })).toMatch(/wrong\.key: private key is neither PEM nor base64/);
  });
});

describe('zatca csr (command line)', () => {
  function program(): { program: Command; output: string[] } {
    const output: string[] = [];
    const root = new Command('zatca').exitOverride().configureOutput({
      writeOut: (text) => output.push(text),
      writeErr: (text) => output.push(text),
    });
    registerCsrCommand(root);
    root.commands.forEach((command) =>
      command.exitOverride().configureOutput({
        writeOut: (text) => output.push(text),
        writeErr: (text) => output.push(text),
      }),
    );
    return { program: root, output };
  }

  it('documents its options and the output forms in --help', () => {
    const { program: root, output } = program();
    expect(() => root.parse(['node', 'zatca', 'csr', '--help'])).toThrow();
    const help = output.join('');
    for (const text of ['--config', '--env', '--key', '--key-out', '--pem', '--output']) {
      expect(help).toContain(text);
    }
    expect(help).toMatch(/sandbox.*simulation.*production/s);
    expect(help).toMatch(/POST \/compliance/);
  });

  it('refuses an unknown environment', () => {
    const { program: root, output } = program();
    expect(() =>
      root.parse([
        'node',
        'zatca',
        'csr',
        '--config',
        arConfigPath,
        '--env',
        'prod',
        '--key-out',
        join(dir, 'k'),
      ]),
    ).toThrow();
    expect(output.join('')).toMatch(/prod.*Allowed choices are sandbox, simulation, production/);
  });

  it('requires --config', () => {
    const { program: root, output } = program();
    expect(() => root.parse(['node', 'zatca', 'csr', '--key-out', join(dir, 'k')])).toThrow();
    expect(output.join('')).toMatch(/required option '-c, --config <file>'/);
  });
});
