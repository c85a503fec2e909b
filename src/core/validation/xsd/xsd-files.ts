import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { XMLFileInfo } from 'xmllint-wasm';
import type { RulesSet } from '../rules-set';

/** Folder inside xmllint's in-memory file system that mirrors the rules' schema folder. */
const FS_PREFIX = 'schemas';

export interface XsdFiles {
  /** UBL-Invoice-2.1.xsd, named by its path inside xmllint's file system. */
  schema: XMLFileInfo;
  /** Every other XSD, at the same relative paths, so its includes and imports resolve. */
  preload: XMLFileInfo[];
}

const loaded = new Map<string, XsdFiles>();

/** Reads a rules folder's XSD tree once per process; xmllint-wasm gets it from memory each run. */
export function loadXsdFiles(rules: RulesSet): XsdFiles {
  const cached = loaded.get(rules.schemaRoot);
  if (cached) return cached;

  const toFsName = (path: string) =>
    [FS_PREFIX, ...relative(rules.schemaRoot, path).split(sep)].join('/');
  const schemaName = toFsName(rules.invoiceXsd);
  const all = listXsds(rules.schemaRoot).map((path) => ({
    fileName: toFsName(path),
    contents: readFileSync(path, 'utf8'),
  }));
  const schema = all.find((f) => f.fileName === schemaName);
  if (!schema) throw new Error(`${rules.invoiceXsd} is not under ${rules.schemaRoot}`);
  const files = { schema, preload: all.filter((f) => f !== schema) };
  loaded.set(rules.schemaRoot, files);
  return files;
}

function listXsds(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listXsds(path);
    return entry.name.toLowerCase().endsWith('.xsd') ? [path] : [];
  });
}
