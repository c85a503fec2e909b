import { InvalidArgumentError, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { parseCertificate } from '../../core/crypto';
import { basename, relative } from 'node:path';
import {
  InvalidInputError,
  loadRulesSet,
  readExpectedPih,
  STAGES,
  validateDocument,
  type StageName,
  type StageResult,
} from '../../core/validation';
import type { RegisterCommand } from './index';

export interface ValidateCommandOptions {
  cert?: string;
  pih?: string;
  json?: boolean;
  rules?: string;
  stages?: StageName[];
}

/** Where the command writes; the process streams in the CLI, buffers in tests. */
export interface ValidateCommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

interface FileOutcome {
  file: string;
  /** Set when the file could not be validated at all (missing, not XML). */
  error?: string;
  stages: StageResult[];
}

/**
 * Validates each file through ZATCA's SDK stages and prints one line per stage. Returns the
 * exit code: 0 only when every file passed every stage it asked for.
 */
export async function runValidateCommand(
  files: string[],
  options: ValidateCommandOptions,
  io: ValidateCommandIo,
): Promise<number> {
  // Options are checked before any file, so a typo fails fast with one line.
  const rules = loadRulesSet(options.rules);
  const cert = options.cert !== undefined ? readCertificate(options.cert) : undefined;
  const pih = options.pih !== undefined ? readExpectedPih(options.pih) : undefined;

  // Files are validated concurrently so their XSD checks share one xmllint run.
  const outcomes = await Promise.all(
    files.map(async (file): Promise<FileOutcome> => {
      try {
        const xml = readText(file, 'file');
        const stages = await validateDocument(xml, {
          cert,
          pih,
          rulesDir: rules.dir,
          stages: options.stages,
          name: file,
        });
        return { file, stages };
      } catch (err) {
        if (err instanceof InvalidInputError) return { file, error: err.message, stages: [] };
        throw err;
      }
    }),
  );

  const ok = outcomes.every((o) => !o.error && o.stages.every((s) => s.passed));
  if (options.json) {
    io.stdout(
      `${JSON.stringify({ rules: { dir: rules.dir, sdkVersion: rules.sdkVersion }, passed: ok, files: outcomes }, null, 2)}\n`,
    );
  } else {
    io.stdout(`rules: ${displayPath(rules.dir)} (ZATCA SDK ${rules.sdkVersion})\n`);
    const width = Math.max(...files.map((f) => basename(f).length));
    for (const outcome of outcomes) io.stdout(formatOutcome(outcome, width));
    const failed = outcomes.filter((o) => o.error || o.stages.some((s) => !s.passed)).length;
    io.stdout(ok ? `all ${files.length} passed\n` : `${failed} of ${files.length} failed\n`);
    const skipped = [...new Set(outcomes.flatMap((o) => o.stages.filter((s) => s.skipped)))];
    if (skipped.length > 0) {
      const names = [...new Set(skipped.map((s) => s.stage))].join(', ');
      io.stdout(`not checked (counted as failed): ${names}; choose stages with --stages\n`);
    }
  }
  return ok ? 0 : 1;
}

function formatOutcome(outcome: FileOutcome, width: number): string {
  const name = basename(outcome.file).padEnd(width);
  if (outcome.error) return `${name}  ERROR      ${outcome.error}\n`;
  let text = '';
  for (const stage of outcome.stages) {
    const verdict = stage.skipped
      ? `SKIPPED (${stage.skipped})`
      : stage.passed
        ? 'PASSED'
        : 'FAILED';
    text += `${name}  ${stage.stage.padEnd(10)} ${verdict}\n`;
    for (const f of stage.findings) {
      const where = f.location ? `  at ${f.location}` : '';
      text += `    ${f.severity === 'error' ? 'error  ' : 'warning'} ${f.code}: ${f.message}${where}\n`;
    }
  }
  return text;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code;
    throw new InvalidInputError(`${path}: cannot read ${what} (${reason})`);
  }
}

/** Reads --cert and checks it is a certificate now, rather than failing in every file. */
function readCertificate(path: string): string {
  const pem = readText(path, 'certificate');
  try {
    parseCertificate(pem);
  } catch (err) {
    throw new InvalidInputError(`--cert ${path}: ${(err as Error).message}`);
  }
  return pem;
}

/** The rules folder relative to the working directory when inside it, else absolute. */
function displayPath(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') ? rel : dir;
}

function parseStages(value: string): StageName[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(STAGES as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new InvalidArgumentError(`expected a comma-separated subset of ${STAGES.join(',')}`);
  }
  return names as StageName[];
}

export const registerValidateCommand: RegisterCommand = (program: Command) => {
  program
    .command('validate')
    .description(
      "validate invoices the way ZATCA's SDK does: XSD, EN 16931, KSA rules, QR, signature, PIH",
    )
    .argument('<file...>', 'UBL invoice, credit or debit note XML files')
    .option(
      '--cert <file>',
      'PEM certificate to verify signatures with (default: the embedded one)',
    )
    .option(
      '--pih <value|file>',
      "expected previous invoice hash, as base64 text or a file holding it (like the SDK's PIH/pih.txt); without it only its presence and format are checked",
    )
    .option(
      '--rules <folder>',
      'rules folder: a name under rules/ or a path (default: $ZATCA_RULES_DIR, else zatca-sdk-3.4.8)',
    )
    .option(
      '--stages <list>',
      `stages to run, comma-separated (default: ${STAGES.join(',')})`,
      parseStages,
    )
    .option('--json', 'print the results as JSON instead of text')
    .addHelpText(
      'after',
      [
        '',
        'Each file gets one line per stage (PASSED, FAILED or SKIPPED) with its findings below it.',
        'Warnings are shown but do not fail a stage. The first line names the rules folder in use.',
        'Exit code: 0 when every file passes every stage, 1 otherwise.',
        '',
        "The schematron stages compile ZATCA's XSLs on first use (5-8 s each) and cache the result",
        'in $ZATCA_CACHE_DIR/sef (default: <project>/.cache/sef).',
        '',
        'Example:',
        '  zatca validate --pih PIH/pih.txt Samples/Simplified/Invoice/Simplified_Invoice.xml',
      ].join('\n'),
    )
    .action(async (files: string[], options: ValidateCommandOptions) => {
      const io = {
        stdout: (text: string) => process.stdout.write(text),
        stderr: (text: string) => process.stderr.write(text),
      };
      process.exitCode = await runValidateCommand(files, options, io);
    });
};
