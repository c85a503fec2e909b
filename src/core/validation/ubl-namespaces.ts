/** The prefixes ZATCA's documents and rule messages use, to print names short and stable. */
export const UBL_PREFIXES: Readonly<Record<string, string>> = {
  'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2': 'ubl',
  'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2': 'cac',
  'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2': 'cbc',
  'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2': 'ext',
  'urn:oasis:names:specification:ubl:schema:xsd:CommonSignatureComponents-2': 'sig',
  'urn:oasis:names:specification:ubl:schema:xsd:SignatureAggregateComponents-2': 'sac',
  'urn:oasis:names:specification:ubl:schema:xsd:SignatureBasicComponents-2': 'sbc',
  'http://www.w3.org/2000/09/xmldsig#': 'ds',
  'http://uri.etsi.org/01903/v1.3.2#': 'xades',
};

/**
 * Rewrites Clark names (`{uri}local`, as libxml2 prints them) and XPath 3 EQNames
 * (`Q{uri}local`, as SaxonJS prints locations) to `prefix:local` for the namespaces above.
 * Unknown namespaces are left as they are.
 */
export function shortenQualifiedNames(text: string): string {
  return text.replace(/Q?\{([^{}]*)\}(?=[\w-])/g, (whole, uri: string) => {
    if (uri === '') return '';
    const prefix = UBL_PREFIXES[uri];
    return prefix ? `${prefix}:` : whole;
  });
}
