import { DOMParser, normalizeLineEndings, type Document } from '@xmldom/xmldom';
import { fastDomHandler } from './xmldom-fast-builder';
import { cacheXmldomGrammarRegExps } from './xmldom-regexp-cache';

cacheXmldomGrammarRegExps();

// xmldom's normalizeLineEndings runs two replacing passes over the text; one test shows when
// there is nothing to replace (both passes only touch these characters).
const LINE_BREAKS_TO_NORMALIZE = /[\r\u0085\u2028\u2029]/;
const normalizeIfNeeded = (text: string): string =>
  LINE_BREAKS_TO_NORMALIZE.test(text) ? normalizeLineEndings(text) : text;

const stopOnError = (level: string, message: string): void => {
  if (level !== 'warning') throw new Error(message);
};

/**
 * Parses well-formed XML as xmldom's DOMParser would, only faster: no line and column numbers on
 * the nodes (nothing reads them) and the fast DOM builder. Undefined when the text is not
 * well-formed, or the fast builder does not fit the installed xmldom: the caller then parses with
 * xmldom's own parser, which reports the problem with its line number.
 */
export function parseXmlFast(text: string): Document | undefined {
  const domHandler = fastDomHandler();
  if (!domHandler) return undefined;
  const parser = new DOMParser({
    locator: false,
    domHandler,
    normalizeLineEndings: normalizeIfNeeded,
    onError: stopOnError,
  });
  try {
    const doc = parser.parseFromString(text, 'text/xml');
    return doc.documentElement ? doc : undefined;
  } catch {
    return undefined;
  }
}
