import { DOMParser, type Document } from '@xmldom/xmldom';
import { InvalidInputError } from './invalid-input-error';
import { parseXmlFast } from '../xml/parse-xml-fast';
import { cacheXmldomGrammarRegExps } from '../xml/xmldom-regexp-cache';

cacheXmldomGrammarRegExps();

/**
 * Parses a document, rejecting text that is not well-formed XML before any stage runs: xmllint
 * would abort a whole batch on it and SaxonJS's parser is lenient, so a strict parser decides.
 */
export function parseDocument(xml: string, name: string): Document {
  // Only text that fails the fast parse pays for a second one that reports where it fails.
  return parseXmlFast(xml) ?? parseDocumentReportingErrors(xml, name);
}

function parseDocumentReportingErrors(xml: string, name: string): Document {
  let problem: { message: string; line?: number } | undefined;
  const parser = new DOMParser({
    onError: (level, message, context) => {
      if (level === 'warning') return;
      const line = (context as { locator?: { lineNumber?: number } } | undefined)?.locator
        ?.lineNumber;
      problem ??= { message, line: line && line > 0 ? line : undefined };
      throw new Error(message);
    },
  });
  let doc: Document | undefined;
  try {
    doc = parser.parseFromString(xml, 'text/xml');
    if (!doc.documentElement) problem ??= { message: 'no root element' };
  } catch (err) {
    problem ??= { message: err instanceof Error ? err.message : String(err) };
  }
  if (problem) {
    const where = problem.line ? ` (line ${problem.line})` : '';
    const detail = problem.message.replace(/\s+/g, ' ').trim();
    throw new InvalidInputError(`${name}: not well-formed XML${where}: ${detail}`);
  }
  return doc as Document;
}
