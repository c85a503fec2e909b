import { hash } from 'node:crypto';

/**
 * Digest of xades:SignedProperties the way ZATCA recomputes it (spec 3.3): the element's exact
 * text serialized stand-alone — each prefix not declared inside the fragment gets its
 * declaration as the first attribute of the first element using it — no canonicalization,
 * SHA-256, lowercase hex, base64 of the hex text.
 *
 * @param fragment text from `<…:SignedProperties` to its end tag, as in the document
 * @param namespaces prefix → URI for the prefixes the fragment inherits from its ancestors
 */
export function signedPropertiesDigest(
  fragment: string,
  namespaces: Readonly<Record<string, string>>,
): string {
  return standaloneDigest(declareInheritedNamespaces(fragment, namespaces));
}

/** SHA-256 → lowercase hex → base64, over already self-contained SignedProperties text. */
export function standaloneDigest(standalone: string): string {
  const hex = hash('sha256', standalone, 'hex');
  return Buffer.from(hex, 'latin1').toString('base64');
}

const TAG = /<(\/?)([^\s/>]+)([^>]*?)(\/?)>/g;

/** Adds `xmlns:p="…"` where a DOM serializer would, to make the fragment self-contained. */
export function declareInheritedNamespaces(
  fragment: string,
  namespaces: Readonly<Record<string, string>>,
): string {
  const scopes: Set<string>[] = [new Set()];
  return fragment.replace(TAG, (tag, close: string, name: string, attrs: string, selfClose) => {
    if (close) {
      scopes.pop();
      return tag;
    }
    const scope = new Set(scopes[scopes.length - 1]);
    for (const m of attrs.matchAll(/xmlns:([^\s=]+)\s*=/g)) scope.add(m[1]);
    const colon = name.indexOf(':');
    let declaration = '';
    if (colon > 0) {
      const prefix = name.slice(0, colon);
      if (!scope.has(prefix)) {
        const uri = namespaces[prefix];
        if (uri === undefined) throw new Error(`SignedProperties: prefix "${prefix}" is unbound`);
        declaration = ` xmlns:${prefix}="${uri}"`;
        scope.add(prefix);
      }
    }
    if (!selfClose) scopes.push(scope);
    return `<${name}${declaration}${attrs}${selfClose}>`;
  });
}
