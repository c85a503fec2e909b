import type { Document } from '@xmldom/xmldom';

// The reference the fast parse is compared with: xmldom as it comes, parsed as parseXml did
// before it had a fast path.

type Xmldom = typeof import('@xmldom/xmldom');

/** A copy of xmldom from a registry of its own: no RegExp cache, no fast builder. */
function untouchedXmldom(): Xmldom {
  let xmldom!: Xmldom;
  jest.isolateModules(() => {
    xmldom = jest.requireActual<Xmldom>('@xmldom/xmldom');
  });
  return xmldom;
}
export const plain = untouchedXmldom();

/** What parseXml did before the fast path: xmldom's defaults (line numbers on), stop on errors. */
export function plainParse(xml: string): Document {
  return new plain.DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(message);
    },
  }).parseFromString(xml, 'text/xml');
}

export const serialize = (doc: Document): string =>
  new plain.XMLSerializer().serializeToString(doc);
// Only the default parser records where each node was in the text.
const POSITION_FIELDS = new Set(['lineNumber', 'columnNumber']);
// Fields read through the prototype chain too, so type and names are compared wherever they live.
const READ_FIELDS = ['nodeType', 'nodeName', 'nodeValue', 'namespaceURI', 'prefix', 'localName'];

/**
 * Walks both object graphs from the two roots in step: the same own fields in the same order,
 * equal primitive values, the same kind of object, and references that pair objects one to
 * one (so every parent, sibling, child list, attribute map and owner link matches). Returns the
 * path to the first difference, or undefined.
 */
export function graphDifference(a: object, b: object): string | undefined {
  const paired = new Map<object, object>();
  const pairedB = new Set<object>();
  const stack: Array<[object, object, string]> = [[a, b, 'document']];
  while (stack.length) {
    const [x, y, path] = stack.pop()!;
    if (paired.has(x) || pairedB.has(y)) {
      if (paired.get(x) !== y) return `${path}: links to different objects`;
      continue;
    }
    paired.set(x, y);
    pairedB.add(y);
    const kind = (o: object) =>
      (Object.getPrototypeOf(o) as { constructor?: { name?: string } })?.constructor?.name;
    if (kind(x) !== kind(y)) return `${path}: ${kind(x)} != ${kind(y)}`;
    const keys = (o: object) =>
      Reflect.ownKeys(o)
        .map(String)
        .filter((k) => !POSITION_FIELDS.has(k));
    const keysX = keys(x);
    if (keysX.join() !== keys(y).join())
      return `${path}: fields ${keysX.join()} != ${keys(y).join()}`;
    const fields = [...new Set([...keysX, ...READ_FIELDS.filter((k) => k in x)])];
    for (const key of fields) {
      const vx = (x as Record<string, unknown>)[key];
      const vy = (y as Record<string, unknown>)[key];
      if (typeof vx !== typeof vy) return `${path}.${key}: ${typeof vx} != ${typeof vy}`;
      if (vx !== null && vy !== null && typeof vx === 'object')
        stack.push([vx, vy as object, `${path}.${key}`]);
      else if (typeof vx !== 'function' && !Object.is(vx, vy))
        return `${path}.${key}: ${String(vx)} != ${String(vy)}`;
    }
  }
  return undefined;
}
