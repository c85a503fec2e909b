import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transform, type SaxonDocument } from 'saxon-js';
import { compiledSefPath } from './sef-cache';

/** A schematron XSL compiled to SEF and parsed, ready to run on any number of documents. */
export interface CompiledStylesheet {
  xslPath: string;
  /**
   * Runs the stylesheet on a parsed document and returns the SVRL report as text.
   * `implicitTimezoneMinutes` (east of UTC) is the zone of XPath's current-date(), which
   * BR-KSA-04 compares IssueDate with; default: the host's, as the SDK takes it.
   */
  run(document: SaxonDocument, implicitTimezoneMinutes?: number): string;
}

// One compile/load per XSL per process; concurrent first callers share the same promise.
const loading = new Map<string, Promise<CompiledStylesheet>>();

export function loadStylesheet(xslPath: string): Promise<CompiledStylesheet> {
  let pending = loading.get(xslPath);
  if (!pending) {
    pending = load(xslPath);
    loading.set(xslPath, pending);
    // A failed load is not cached, so a later call (after fixing the file) can try again.
    void pending.catch(() => loading.delete(xslPath));
  }
  return pending;
}

async function load(xslPath: string): Promise<CompiledStylesheet> {
  const sef = JSON.parse(readFileSync(await compiledSefPath(xslPath), 'utf8')) as object;
  // The SchXslt-generated XSLs call doc-available('') only to print the processor's name in
  // the SVRL metadata. With the base URI set to the rules folder (not the XSL file) that test
  // is false at once, instead of re-reading a 300 KB stylesheet for every document.
  const baseUri = pathToFileURL(dirname(xslPath) + '/').href;
  return {
    xslPath,
    run(document, implicitTimezoneMinutes) {
      const result = inImplicitTimezone(implicitTimezoneMinutes, () =>
        transform(
          {
            stylesheetInternal: sef,
            stylesheetBaseURI: baseUri,
            sourceNode: document,
            destination: 'serialized',
          },
          'sync',
        ),
      );
      return String(result.principalResult);
    },
  };
}

/**
 * Runs `work` with the given XPath implicit time zone. SaxonJS has no option for it: it takes
 * the zone from `Date#getTimezoneOffset()` of the instant the transform starts. The transform
 * is synchronous, so nothing else runs while the method is replaced, and it is put back after.
 */
function inImplicitTimezone<T>(minutes: number | undefined, work: () => T): T {
  if (minutes === undefined) return work();
  // Where the Date objects that `new Date()` makes find the method (a test's fake Date class
  // inherits it from the real one).
  let prototype = Object.getPrototypeOf(new Date()) as object;
  while (!Object.prototype.hasOwnProperty.call(prototype, 'getTimezoneOffset'))
    prototype = Object.getPrototypeOf(prototype) as object;
  const original = Object.getOwnPropertyDescriptor(prototype, 'getTimezoneOffset')!;
  Object.defineProperty(prototype, 'getTimezoneOffset', { ...original, value: () => -minutes });
  try {
    return work();
  } finally {
    Object.defineProperty(prototype, 'getTimezoneOffset', original);
  }
}
