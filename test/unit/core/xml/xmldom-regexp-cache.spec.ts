import { parseXml } from '../../../../src/core/xml';
import { cacheXmldomGrammarRegExps } from '../../../../src/core/xml/xmldom-regexp-cache';
import { sdkSamples } from '../signing/sdk-samples';

type Xmldom = typeof import('@xmldom/xmldom');
type Grammar = {
  reg: (...parts: Array<RegExp | string>) => RegExp;
  QName_group: RegExp;
  S_OPT: RegExp;
};

/** A copy of xmldom that the cache was never installed on, from a registry of its own. */
function untouchedXmldom(): { xmldom: Xmldom; grammar: Grammar } {
  let loaded!: { xmldom: Xmldom; grammar: Grammar };
  jest.isolateModules(() => {
    loaded = {
      xmldom: jest.requireActual<Xmldom>('@xmldom/xmldom'),
      grammar: jest.requireActual<Grammar>('@xmldom/xmldom/lib/grammar'),
    };
  });
  return loaded;
}

/** The parse as text, or the first error xmldom reports, to compare two copies of xmldom. */
function outcome(xmldom: Xmldom, xml: string): string {
  try {
    const doc = new xmldom.DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(xml, 'text/xml');
    return new xmldom.XMLSerializer().serializeToString(doc);
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

describe('xmldom grammar RegExp cache', () => {
  cacheXmldomGrammarRegExps();
  const cached = jest.requireActual<Grammar>('@xmldom/xmldom/lib/grammar');
  const patchedXmldom = jest.requireActual<Xmldom>('@xmldom/xmldom');
  const plain = untouchedXmldom();

  it('is installed: the end-tag expression is compiled once, not once per tag', () => {
    const a = cached.reg('^', cached.QName_group, cached.S_OPT, '$');
    const b = cached.reg('^', cached.QName_group, cached.S_OPT, '$');
    expect(a).toBe(b);
    expect(a.source).toBe(
      plain.grammar.reg('^', plain.grammar.QName_group, plain.grammar.S_OPT, '$').source,
    );
    // The untouched copy compiles anew each time, which is what the cache saves.
    expect(plain.grammar.reg('^', plain.grammar.S_OPT)).not.toBe(
      plain.grammar.reg('^', plain.grammar.S_OPT),
    );
  });

  it('keeps different sources apart; what reg builds keeps no state, so it can be shared', () => {
    expect(cached.reg('^', cached.S_OPT)).not.toBe(cached.reg('^', cached.QName_group));
    // reg takes only the sources of its parts: even from a global part it builds a stateless
    // expression (the cache would not share a global or sticky one).
    const built = plain.grammar.reg(/a/g, /b/y);
    expect([built.global, built.sticky]).toEqual([false, false]);
  });

  it('still refuses a bare "|" without a grammar object, as xmldom does', () => {
    const { reg } = cached;
    expect(() => reg.call(undefined, 'a', '|', 'b')).toThrow(/regg/);
    expect(() => plain.grammar.reg.call(undefined, 'a', '|', 'b')).toThrow(/regg/);
  });

  it('parses all 19 SDK samples exactly as an untouched xmldom does', () => {
    const samples = sdkSamples();
    expect(samples).toHaveLength(19);
    for (const { path, xml } of samples) {
      const expected = outcome(plain.xmldom, xml);
      expect(expected).not.toMatch(/^error/);
      expect({ path, parsed: outcome(patchedXmldom, xml) }).toEqual({ path, parsed: expected });
    }
  });

  it.each([
    ['a valid end tag with trailing space', '<a><b>x</b  ></a>'],
    ['an end tag with an invalid name', '<a><b>x</b!></a>'],
    ['a mismatched end tag', '<a><b>x</c></a>'],
    ['an end tag followed by a line break and more', '<a><b>x</b\nfoo></a>'],
    ['an end tag with no name', '<a></></a>'],
    ['an unclosed end tag', '<a><b>x</b'],
  ])('judges %s exactly as an untouched xmldom does', (_, xml) => {
    expect(outcome(patchedXmldom, xml)).toBe(outcome(plain.xmldom, xml));
  });

  it('leaves our parser refusing malformed text', () => {
    expect(() => parseXml('<a><b>x</c></a>', 'invoice')).toThrow(/invoice is not well-formed XML/);
  });
});
