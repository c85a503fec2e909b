import { AsnConvert } from '@peculiar/asn1-schema';
import type { AttributeTypeAndValue, Name } from '@peculiar/asn1-x509';

/** Short names for the attribute types that occur in ZATCA certificates and CSRs. */
const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.15': 'businessCategory',
  '2.5.4.26': 'registeredAddress',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

/** One attribute of a distinguished name, in certificate (root-first) order. */
export interface NameAttribute {
  oid: string;
  /** Short name (CN, DC, UID, ...) or the dotted OID when unknown. */
  name: string;
  value: string;
}

export function nameAttributes(name: Name): NameAttribute[] {
  return Array.from(name, (rdn) => Array.from(rdn, attribute)).flat();
}

/**
 * RFC 4514 string: most specific RDN first, joined with ", " as ZATCA writes X509IssuerName
 * (e.g. `CN=PRZEINVOICESCA4-CA, DC=extgazt, DC=gov, DC=local`, spec 3.2).
 */
export function formatDistinguishedName(name: Name): string {
  return [...name]
    .reverse()
    .map((rdn) => rdn.map((a) => formatAttribute(a)).join('+'))
    .join(', ');
}

function attribute(a: AttributeTypeAndValue): NameAttribute {
  return { oid: a.type, name: ATTRIBUTE_NAMES[a.type] ?? a.type, value: attributeText(a) };
}

function formatAttribute(a: AttributeTypeAndValue): string {
  const name = ATTRIBUTE_NAMES[a.type];
  // RFC 4514 2.4: unknown types are written as OID=#<hex of the BER value>.
  if (!name || a.value.anyValue) return `${a.type}=#${hexOfValue(a)}`;
  return `${name}=${escapeValue(attributeText(a))}`;
}

function attributeText(a: AttributeTypeAndValue): string {
  return a.value.anyValue ? `#${hexOfValue(a)}` : a.value.toString();
}

function hexOfValue(a: AttributeTypeAndValue): string {
  return Buffer.from(AsnConvert.serialize(a.value)).toString('hex');
}

// RFC 4514 2.4 escaping of special characters, a leading '#' or space and a trailing space.
function escapeValue(value: string): string {
  return value
    .replace(/[\\,+"<>;]/g, (c) => `\\${c}`)
    .replace(/^[#\s]/, (c) => `\\${c}`)
    .replace(/\s$/, (c) => `\\${c}`);
}
