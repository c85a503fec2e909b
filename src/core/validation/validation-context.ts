import type { Document } from '@xmldom/xmldom';
import type { SaxonDocument } from 'saxon-js';
import type { RulesSet } from './rules-set';

/** What every stage gets for one document. */
export interface ValidationContext {
  /** The document text exactly as given (hashes and signatures depend on every byte). */
  xml: string;
  /** How messages name the document: its file name, or "document". */
  name: string;
  /** The document parsed with xmldom; it is known to be well-formed. */
  dom: Document;
  /** The active rules folder. */
  rules: RulesSet;
  /** PEM certificate to verify the signature with; without it the embedded one is used. */
  cert?: string;
  /** The expected PIH (base64); without it the PIH stage checks only presence and format. */
  pih?: string;
  /** XPath implicit time zone of the schematron stages, minutes east of UTC; default the host's. */
  implicitTimezoneMinutes?: number;
  /** The document parsed by SaxonJS, built on first use and shared by the schematron stages. */
  saxonDocument(): SaxonDocument;
}
