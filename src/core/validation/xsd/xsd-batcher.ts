import type { RulesSet } from '../rules-set';
import type { StageResult } from '../stage-result';
import { validateXsd } from './xsd-stage';

interface Pending {
  xml: string;
  resolve: (result: StageResult) => void;
  reject: (err: unknown) => void;
}

// Requests made in the same turn of the event loop, per rules folder.
const queues = new Map<RulesSet, Pending[]>();

/**
 * Validates one document against the XSD, sharing one xmllint run (and one compilation of the
 * UBL schema) with every other document asked for in the same event-loop turn. Validating N
 * files concurrently thus costs one schema compilation instead of N.
 */
export function validateXsdBatched(xml: string, rules: RulesSet): Promise<StageResult> {
  return new Promise((resolve, reject) => {
    let queue = queues.get(rules);
    if (!queue) {
      queue = [];
      queues.set(rules, queue);
      setImmediate(() => void flush(rules));
    }
    queue.push({ xml, resolve, reject });
  });
}

async function flush(rules: RulesSet): Promise<void> {
  const batch = queues.get(rules) ?? [];
  queues.delete(rules);
  try {
    const results = await validateXsd(
      batch.map((p) => p.xml),
      rules,
    );
    batch.forEach((p, i) => p.resolve(results[i]));
  } catch (err) {
    batch.forEach((p) => p.reject(err));
  }
}
