import { DOMParser, normalizeLineEndings, type Document } from '@xmldom/xmldom';
import { scanPlainXml, type PlainXmlHandler } from './plain-xml-scanner';
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
 * the nodes (nothing reads them) and the fast DOM builder, fed by the plain-XML scanner when the
 * text stays within what it reads, else by xmldom's parser. Undefined when the text is not
 * well-formed, or the fast builder does not fit the installed xmldom: the caller then parses with
 * xmldom's own parser, which reports the problem with its line number.
 */
export function parseXmlFast(text: string): Document | undefined {
  const domHandler = fastDomHandler();
  if (!domHandler) return undefined;
  const scanned = scanWithHandler(domHandler, normalizeIfNeeded(text));
  if (scanned) return scanned;
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

type DomHandlerClass = NonNullable<ReturnType<typeof fastDomHandler>>;

/** What DOMParser.parseFromString(text, 'text/xml') does, with the scanner as the parser. */
function scanWithHandler(domHandler: DomHandlerClass, text: string): Document | undefined {
  const handler = new domHandler({
    mimeType: 'text/xml',
    defaultNamespace: null,
    onError: stopOnError,
  }) as unknown as PlainXmlHandler & {
    startDocument(): void;
    endDocument(): void;
    doc: Document;
  };
  handler.startDocument();
  if (!scanPlainXml(text, handler)) return undefined;
  try {
    handler.endDocument();
  } catch {
    return undefined;
  }
  return handler.doc.documentElement ? handler.doc : undefined;
}
