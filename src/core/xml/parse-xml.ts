import { DOMParser, type Document } from '@xmldom/xmldom';
import { cacheXmldomGrammarRegExps } from './xmldom-regexp-cache';

cacheXmldomGrammarRegExps();

/** Parses XML text, throwing on any well-formedness error instead of returning a partial tree. */
export function parseXml(text: string, what = 'XML document'): Document {
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
