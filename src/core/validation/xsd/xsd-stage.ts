import { memoryPages, validateXML } from 'xmllint-wasm';
import type { RulesSet } from '../rules-set';
import { stageResult, type Finding, type StageResult } from '../stage-result';
import { shortenQualifiedNames } from '../ubl-namespaces';
import { loadXsdFiles } from './xsd-files';

/** The code ZATCA's SDK and API use for any schema violation. */
export const XSD_CODE = 'XSD_ZATCA_INVALID';

/**
 * Each xmllint-wasm call starts a worker and compiles the whole UBL schema (about 0.25 s), so
 * documents are validated in batches that share one compilation.
 */
const BATCH_SIZE = 50;

/** Validates documents against UBL-Invoice-2.1.xsd; one StageResult per document, in order. */
export async function validateXsd(
  xmls: readonly string[],
  rules: RulesSet,
): Promise<StageResult[]> {
  const results: StageResult[] = [];
  for (let start = 0; start < xmls.length; start += BATCH_SIZE) {
    results.push(...(await validateBatch(xmls.slice(start, start + BATCH_SIZE), rules)));
  }
  return results;
}

async function validateBatch(xmls: readonly string[], rules: RulesSet): Promise<StageResult[]> {
  const { schema, preload } = loadXsdFiles(rules);
  const docs = xmls.map((contents, i) => ({ fileName: documentName(i), contents }));
  try {
    const result = await validateXML({
      xml: docs,
      schema,
      preload,
      maxMemoryPages: 512 * memoryPages.MiB,
    });
    const findings = parseXmllintOutput(result.rawOutput, docs.length);
    return findings.map((f) => stageResult('xsd', f));
  } catch (err) {
    // xmllint stops with a parser error (not a validity error) on a document libxml2 cannot
    // read. Alone, that document gets the parser message as its finding; in a batch, each
    // document is retried alone so one bad document does not hide the others' results.
    if (xmls.length > 1) {
      const each: StageResult[] = [];
      for (const xml of xmls) each.push(...(await validateBatch([xml], rules)));
      return each;
    }
    const output = err instanceof Error ? err.message : String(err);
    const [findings] = parseXmllintOutput(output, 1);
    if (findings.length === 0) throw err;
    return [stageResult('xsd', findings)];
  }
}

const documentName = (index: number) => `doc-${index}.xml`;

/** Turns xmllint's `doc-N.xml:LINE: message` lines into findings per document. */
export function parseXmllintOutput(output: string, documents: number): Finding[][] {
  const findings: Finding[][] = Array.from({ length: documents }, () => []);
  for (const line of output.split('\n')) {
    const match = /^doc-(\d+)\.xml:(\d+): (.*)$/.exec(line);
    if (!match) continue;
    const index = Number(match[1]);
    if (index >= documents) continue;
    findings[index].push({
      stage: 'xsd',
      code: XSD_CODE,
      severity: 'error',
      message: tidyMessage(match[3]),
      location: `line ${match[2]}`,
    });
  }
  return findings;
}

/** libxml2 prefixes messages with the error domain; the code already says it is a schema error. */
function tidyMessage(message: string): string {
  return shortenQualifiedNames(message.replace(/Schemas validity error : /, '').trim());
}
