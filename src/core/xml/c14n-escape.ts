// Escaping rules of Canonical XML (C14N 1.0/1.1 "Processing Model"), for producers that write
// canonical text directly instead of canonicalising a parsed tree afterwards.

const TEXT_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\r': '&#xD;',
};

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};

/** Text node content as C14N writes it (quotes and newlines stay literal). */
export function escapeC14nText(value: string): string {
  // Fast exit: most invoice values contain none of the special characters.
  return /[&<>\r]/.test(value) ? value.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]) : value;
}

/** Attribute value as C14N writes it between double quotes. */
export function escapeC14nAttribute(value: string): string {
  return /[&<"\t\n\r]/.test(value)
    ? value.replace(/[&<"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c])
    : value;
}
