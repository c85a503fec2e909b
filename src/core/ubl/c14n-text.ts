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

// The renderer escapes every value, most of them short and plain (amounts, codes, names): a
// character loop finds that there is nothing to escape faster than a regular expression does.
const SHORT = 64;

/** Text content: & < > and carriage return are escaped; quotes and newlines stay literal. */
export function c14nText(value: string): string {
  if (value.length <= SHORT) {
    let i = 0;
    for (; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c === 0x26 || c === 0x3c || c === 0x3e || c === 0x0d) break;
    }
    if (i === value.length) return value;
  }
  TEXT_SPECIALS.lastIndex = 0;
  return TEXT_SPECIALS.test(value) ? value.replace(TEXT_SPECIALS, (c) => ESCAPES[c]) : value;
}

/** Attribute value (between double quotes): & < " tab newline and carriage return are escaped. */
export function c14nAttribute(value: string): string {
  if (value.length <= SHORT) {
    let i = 0;
    for (; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c === 0x26 || c === 0x3c || c === 0x22 || c === 0x09 || c === 0x0a || c === 0x0d) break;
    }
    if (i === value.length) return value;
  }
  ATTRIBUTE_SPECIALS.lastIndex = 0;
  return ATTRIBUTE_SPECIALS.test(value)
    ? value.replace(ATTRIBUTE_SPECIALS, (c) => ESCAPES[c])
    : value;
}
