import { AttributeValue } from '@peculiar/asn1-x509';

// The PrintableString alphabet (X.680 41.4): no '|', '&', '@', '_' and nothing outside ASCII.
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]+$/;

/**
 * Subject values: PrintableString when the value fits its alphabet (what ZATCA's CA itself
 * writes in issued certificates, and the most widely read form), UTF8String otherwise, e.g.
 * for Arabic.
 */
export function subjectString(value: string): AttributeValue {
  return PRINTABLE.test(value)
    ? new AttributeValue({ printableString: value })
    : new AttributeValue({ utf8String: value });
}

/** SAN values: always UTF8String, as in the SAN of ZATCA-issued certificates. */
export function sanString(value: string): AttributeValue {
  return new AttributeValue({ utf8String: value });
}

export type NameStringResult = { text: string } | { problem: string };

/** Reads a parsed name value, accepting only UTF8String and PrintableString (RFC 5280 4.1.2.6). */
export function readNameString(value: AttributeValue): NameStringResult {
  if (value.utf8String !== undefined) {
    // The ASN.1 reader decodes invalid UTF-8 to U+FFFD rather than failing.
    return value.utf8String.includes('\uFFFD')
      ? { problem: 'is not valid UTF-8' }
      : { text: value.utf8String };
  }
  if (value.printableString !== undefined) {
    // The ASN.1 reader does not check the PrintableString alphabet.
    return PRINTABLE.test(value.printableString)
      ? { text: value.printableString }
      : { problem: 'is a PrintableString with characters outside its alphabet' };
  }
  return { problem: 'must be a UTF8String or PrintableString' };
}
