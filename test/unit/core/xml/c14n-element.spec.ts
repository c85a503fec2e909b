import { C14nCanonicalization } from 'xml-crypto';
import { canonicalizeElement } from '../../../../src/core/xml/c14n-element';
import { parseXml } from '../../../../src/core/xml/parse-xml';
import { sdkSamples } from '../signing/sdk-samples';

/** xml-crypto's inclusive C14N of a parsed text's root: the oracle. */
const oracle = (xml: string) =>
  new C14nCanonicalization().process(parseXml(xml).documentElement!, {});
const ours = (xml: string) => canonicalizeElement(parseXml(xml).documentElement!);

/** A small seeded generator (mulberry32), so a failure names a case that can be run again. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    upTo: (n: number) => Math.floor(next() * (n + 1)),
  };
}

// Upper case, '-' and '_' make the prefix order depend on how it is compared.
const PREFIXES = ['a', 'b', 'B', 'cac', 'x-y', '_p', 'ds'] as const;
const URIS = ['urn:one', 'urn:two', 'http://e.example/x?a=1&amp;b=2', 'urn:ثلاثة'] as const;
const NAMES = ['z', 'a', 'm', 'id', 'Z1', 'b-c'] as const;
// Written as the source text; the parser turns the references into the characters.
const TEXTS = [
  'plain',
  'a &amp; b',
  '&lt;x&gt;',
  'line&#13;\nbreak',
  'tab\there',
  'ﻋﺮﺑﻲ "q" \'s\'',
  ' ',
];
const VALUES = ['v', '&amp;&lt;&quot;', 'x&#9;y&#10;z&#13;', "it's", 'ﻋﺮﺑﻲ', ''];

/** A random well-formed document: namespaces declared, redeclared, reset and left unused. */
function document(seed: number): string {
  const r = random(seed);
  const element = (depth: number, scope: Map<string, string>): string => {
    const inner = new Map(scope);
    const attributes: string[] = [];
    for (let i = r.upTo(2); i > 0; i--) {
      const prefix = r.pick(PREFIXES);
      const uri = r.chance(0.3) && inner.has(prefix) ? inner.get(prefix)! : r.pick(URIS);
      if (attributes.some((a) => a.startsWith(`xmlns:${prefix}=`))) continue;
      attributes.push(`xmlns:${prefix}="${uri}"`);
      inner.set(prefix, uri);
    }
    if (r.chance(0.25)) attributes.push(`xmlns="${r.chance(0.4) ? '' : r.pick(URIS)}"`);
    const bound = [...inner.keys()];
    const prefix = bound.length && r.chance(0.5) ? r.pick(bound) : '';
    const name = `${prefix ? prefix + ':' : ''}e${depth}`;
    const used = new Set<string>();
    for (let i = r.upTo(3); i > 0; i--) {
      const attrPrefix = bound.length && r.chance(0.4) ? r.pick(bound) + ':' : '';
      const attrName = attrPrefix + r.pick(NAMES);
      const key = attrPrefix
        ? `{${inner.get(attrPrefix.slice(0, -1))}}${attrName.split(':')[1]}`
        : attrName;
      if (used.has(key)) continue;
      used.add(key);
      attributes.push(`${attrName}="${r.pick(VALUES)}"`);
    }
    if (r.chance(0.1)) attributes.push('xml:lang="ar"');
    let children = '';
    for (let i = depth < 4 ? r.upTo(4) : 0; i > 0; i--) {
      const kind = r.upTo(9);
      if (kind <= 3) children += element(depth + 1, inner);
      else if (kind <= 6) children += r.pick(TEXTS);
      else if (kind === 7) children += '<![CDATA[c & <d> ]]>';
      else children += '<!-- comment -->';
    }
    const open = [name, ...attributes].join(' ');
    return children || r.chance(0.5) ? `<${open}>${children}</${name}>` : `<${open}/>`;
  };
  return element(0, new Map());
}

describe('canonicalizeElement', () => {
  it('writes what xml-crypto writes for all 19 SDK samples', () => {
    const samples = sdkSamples();
    expect(samples).toHaveLength(19);
    for (const { path, xml } of samples)
      expect({ path, c14n: ours(xml) }).toEqual({ path, c14n: oracle(xml) });
  });

  it('writes what xml-crypto writes for 3,000 random documents', () => {
    let differences = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const xml = document(seed);
      const expected = oracle(xml);
      if (ours(xml) !== expected) {
        differences++;
        if (differences <= 3)
          expect({ seed, xml, c14n: ours(xml) }).toEqual({ seed, xml, c14n: expected });
      }
    }
    expect(differences).toBe(0);
  });

  it('the random documents reach the cases that matter', () => {
    const outputs = Array.from({ length: 3000 }, (_, i) => ours(document(i + 1))).join('\n');
    expect(outputs).toMatch(/ xmlns=""/); // a default namespace reset
    expect(outputs).toMatch(/ xmlns:B="[^"]*" xmlns:_p=|xmlns:_p="[^"]*" xmlns:a=/); // ordering
    expect(outputs).toMatch(/&amp;/);
    expect(outputs).toMatch(/&#xD;/);
    expect(outputs).toMatch(/&#x9;/);
    expect(outputs).toMatch(/ [a-zB_-]+:[a-zZ1-]+="/); // a namespaced attribute
    expect(outputs).toMatch(/ xml:lang="ar"/);
    expect(outputs).toMatch(/c &amp; &lt;d&gt; /); // CDATA as text
  });

  it('drops a declaration its ancestors already made, and keeps one that rebinds the prefix', () => {
    expect(ours('<a:r xmlns:a="urn:1"><a:c xmlns:a="urn:1"/><a:c xmlns:a="urn:2"/></a:r>')).toBe(
      '<a:r xmlns:a="urn:1"><a:c></a:c><a:c xmlns:a="urn:2"></a:c></a:r>',
    );
  });
});
