import { XPath, type SaxonDocument } from 'saxon-js';

/** Parses XML into SaxonJS's own tree, which its transforms need as their source. */
export function parseForSaxon(xml: string): SaxonDocument {
  return XPath.evaluate('parse-xml($xml)', null, { params: { xml } }) as SaxonDocument;
}
