// Values escaped exactly as Canonical XML writes them, so the rendered text is already in
// C14N form and its SHA-256 is the invoice hash without a parse/serialise round trip.

const TEXT_SPECIALS = /[&<>\r]/g;
const ATTRIBUTE_SPECIALS = /[&<"\t\n\r]/g;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};

/** Text content: & < > and carriage return are escaped; quotes and newlines stay literal. */
export function c14nText(value: string): string {
  TEXT_SPECIALS.lastIndex = 0;
  return TEXT_SPECIALS.test(value) ? value.replace(TEXT_SPECIALS, (c) => ESCAPES[c]) : value;
}

/** Attribute value (between double quotes): & < " tab newline and carriage return are escaped. */
export function c14nAttribute(value: string): string {
  ATTRIBUTE_SPECIALS.lastIndex = 0;
  return ATTRIBUTE_SPECIALS.test(value)
    ? value.replace(ATTRIBUTE_SPECIALS, (c) => ESCAPES[c])
    : value;
}
