import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../../project-root';
import { InvalidInputError } from './invalid-input-error';

/** The rules folder used when neither an option nor ZATCA_RULES_DIR names one. */
export const DEFAULT_RULES_FOLDER = 'zatca-sdk-3.4.8';

/** Where vendored rule folders live: <projectRoot>/rules/<folder>. */
export const RULES_ROOT = join(projectRoot, 'rules');

/** Each rules folder carries a rules.json naming its files, so a newer SDK may rename them. */
const manifestSchema = z.object({
  sdkVersion: z.string().min(1),
  /** Folder holding every XSD that UBL-Invoice-2.1.xsd includes or imports. */
  schemaRoot: z.string().min(1),
  invoiceXsd: z.string().min(1),
  en16931Xsl: z.string().min(1),
  ksaXsl: z.string().min(1),
});

/** One SDK's rule files, with absolute paths. */
export interface RulesSet {
  /** Absolute path of the rules folder. */
  dir: string;
  sdkVersion: string;
  schemaRoot: string;
  invoiceXsd: string;
  en16931Xsl: string;
  ksaXsl: string;
}

/**
 * Resolves the active rules folder: `dir` (an option), else ZATCA_RULES_DIR, else the default.
 * A bare name means a folder under <projectRoot>/rules; a path is taken as given.
 */
export function resolveRulesDir(dir?: string): string {
  const chosen = dir ?? process.env.ZATCA_RULES_DIR ?? DEFAULT_RULES_FOLDER;
  const looksLikePath = isAbsolute(chosen) || chosen.includes('/') || chosen.includes('\\');
  return looksLikePath ? resolve(chosen) : join(RULES_ROOT, chosen);
}

const loaded = new Map<string, RulesSet>();

/** Reads and checks a rules folder's manifest once per process. */
export function loadRulesSet(dir?: string): RulesSet {
  const rulesDir = resolveRulesDir(dir);
  const cached = loaded.get(rulesDir);
  if (cached) return cached;

  if (!existsSync(rulesDir)) throw new InvalidInputError(`rules folder ${rulesDir} does not exist`);
  const manifestPath = join(rulesDir, 'rules.json');
  if (!existsSync(manifestPath)) {
    throw new InvalidInputError(`rules folder ${rulesDir} has no rules.json (see rules/README.md)`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    throw new InvalidInputError(`${manifestPath} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidInputError(`${manifestPath}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const m = parsed.data;
  const rules: RulesSet = {
    dir: rulesDir,
    sdkVersion: m.sdkVersion,
    schemaRoot: join(rulesDir, m.schemaRoot),
    invoiceXsd: join(rulesDir, m.invoiceXsd),
    en16931Xsl: join(rulesDir, m.en16931Xsl),
    ksaXsl: join(rulesDir, m.ksaXsl),
  };
  for (const path of [rules.invoiceXsd, rules.en16931Xsl, rules.ksaXsl]) {
    if (!existsSync(path))
      throw new InvalidInputError(`${manifestPath} names a missing file: ${path}`);
  }
  if (!existsSync(rules.schemaRoot) || !statSync(rules.schemaRoot).isDirectory()) {
    throw new InvalidInputError(`${manifestPath}: schemaRoot is not a folder: ${rules.schemaRoot}`);
  }
  loaded.set(rulesDir, rules);
  return rules;
}
