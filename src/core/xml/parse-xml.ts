import { DOMParser, type Document } from '@xmldom/xmldom';
import { parseXmlFast } from './parse-xml-fast';
import { cacheXmldomGrammarRegExps } from './xmldom-regexp-cache';

cacheXmldomGrammarRegExps();

/** Parses XML text, throwing on any well-formedness error instead of returning a partial tree. */
export function parseXml(text: string, what = 'XML document'): Document {
  // Only text that fails the fast parse pays for a second, error-reporting one.
  return parseXmlFast(text) ?? parseXmlReportingErrors(text, what);
}

function parseXmlReportingErrors(text: string, what: string): Document {
  let firstProblem: string | undefined;
  const parser = new DOMParser({
    onError: (level, message) => {
      // xmldom reports recoverable oddities as warnings; errors make the tree unreliable.
      if (level === 'warning') return;
      firstProblem ??= message;
      throw new Error(message);
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(text, 'text/xml');
  } catch (err) {
    const detail = firstProblem ?? (err instanceof Error ? err.message : String(err));
    throw new Error(`${what} is not well-formed XML: ${detail.trim()}`);
  }
  if (!doc.documentElement) throw new Error(`${what} has no root element`);
  return doc;
}
