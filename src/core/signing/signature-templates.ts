import { escapeC14nText } from '../xml/c14n-escape';

// The three blocks signing inserts, laid out character for character like ZATCA's SDK 3.4.8
// samples (all 19 share one layout), so a re-signed sample differs only in SignatureValue and
// QR tag 7. Odd spots are deliberate copies: the trailing space after
// <sac:SignatureInformation>, the 6-space indent inside cac:Signature, the unindented end tags.

export interface SignedPropertiesValues {
  signingTime: string;
  certDigest: string;
  issuerName: string;
  serialNumber: string;
}

const XADES_DECLARATION = ' xmlns:xades="http://uri.etsi.org/01903/v1.3.2#"';
const DS_DECLARATION = ' xmlns:ds="http://www.w3.org/2000/09/xmldsig#"';

/**
 * xades:SignedProperties exactly as embedded (first line unindented, the rest at 36+), or with
 * `standalone` its digest input (spec 3.3): the same text plus the namespace declarations a DOM
 * serializer adds. One template for both keeps them in step without re-scanning the text.
 */
export function renderSignedProperties(v: SignedPropertiesValues, standalone = false): string {
  const xades = standalone ? XADES_DECLARATION : '';
  const ds = standalone ? DS_DECLARATION : '';
  return (
    `<xades:SignedProperties${xades} Id="xadesSignedProperties">\n` +
    '                                    <xades:SignedSignatureProperties>\n' +
    `                                        <xades:SigningTime>${v.signingTime}</xades:SigningTime>\n` +
    '                                        <xades:SigningCertificate>\n' +
    '                                            <xades:Cert>\n' +
    '                                                <xades:CertDigest>\n' +
    `                                                    <ds:DigestMethod${ds} Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>\n` +
    `                                                    <ds:DigestValue${ds}>${v.certDigest}</ds:DigestValue>\n` +
    '                                                </xades:CertDigest>\n' +
    '                                                <xades:IssuerSerial>\n' +
    `                                                    <ds:X509IssuerName${ds}>${escapeC14nText(v.issuerName)}</ds:X509IssuerName>\n` +
    `                                                    <ds:X509SerialNumber${ds}>${v.serialNumber}</ds:X509SerialNumber>\n` +
    '                                                </xades:IssuerSerial>\n' +
    '                                            </xades:Cert>\n' +
    '                                        </xades:SigningCertificate>\n' +
    '                                    </xades:SignedSignatureProperties>\n' +
    '                                </xades:SignedProperties>'
  );
}

export interface ExtensionsValues {
  invoiceHash: string;
  signedPropertiesDigest: string;
  signatureValue: string;
  certificateBase64: string;
  /** Output of renderSignedProperties, embedded verbatim. */
  signedProperties: string;
}

/** The whole ext:UBLExtensions element (placed right after the Invoice start tag). */
export function renderUblExtensions(v: ExtensionsValues): string {
  return (
    '<ext:UBLExtensions>\n' +
    '    <ext:UBLExtension>\n' +
    '        <ext:ExtensionURI>urn:oasis:names:specification:ubl:dsig:enveloped:xades</ext:ExtensionURI>\n' +
    '        <ext:ExtensionContent>\n' +
    '            <sig:UBLDocumentSignatures xmlns:sig="urn:oasis:names:specification:ubl:schema:xsd:CommonSignatureComponents-2" xmlns:sac="urn:oasis:names:specification:ubl:schema:xsd:SignatureAggregateComponents-2" xmlns:sbc="urn:oasis:names:specification:ubl:schema:xsd:SignatureBasicComponents-2">\n' +
    '                <sac:SignatureInformation> \n' +
    '                    <cbc:ID>urn:oasis:names:specification:ubl:signature:1</cbc:ID>\n' +
    '                    <sbc:ReferencedSignatureID>urn:oasis:names:specification:ubl:signature:Invoice</sbc:ReferencedSignatureID>\n' +
    '                    <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="signature">\n' +
    '                        <ds:SignedInfo>\n' +
    '                            <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2006/12/xml-c14n11"/>\n' +
    '                            <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/>\n' +
    '                            <ds:Reference Id="invoiceSignedData" URI="">\n' +
    '                                <ds:Transforms>\n' +
    '                                    <ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116">\n' +
    '                                        <ds:XPath>not(//ancestor-or-self::ext:UBLExtensions)</ds:XPath>\n' +
    '                                    </ds:Transform>\n' +
    '                                    <ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116">\n' +
    '                                        <ds:XPath>not(//ancestor-or-self::cac:Signature)</ds:XPath>\n' +
    '                                    </ds:Transform>\n' +
    '                                    <ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116">\n' +
    "                                        <ds:XPath>not(//ancestor-or-self::cac:AdditionalDocumentReference[cbc:ID='QR'])</ds:XPath>\n" +
    '                                    </ds:Transform>\n' +
    '                                    <ds:Transform Algorithm="http://www.w3.org/2006/12/xml-c14n11"/>\n' +
    '                                </ds:Transforms>\n' +
    '                                <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>\n' +
    `                                <ds:DigestValue>${v.invoiceHash}</ds:DigestValue>\n` +
    '                            </ds:Reference>\n' +
    '                            <ds:Reference Type="http://www.w3.org/2000/09/xmldsig#SignatureProperties" URI="#xadesSignedProperties">\n' +
    '                                <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>\n' +
    `                                <ds:DigestValue>${v.signedPropertiesDigest}</ds:DigestValue>\n` +
    '                            </ds:Reference>\n' +
    '                        </ds:SignedInfo>\n' +
    `                        <ds:SignatureValue>${v.signatureValue}</ds:SignatureValue>\n` +
    '                        <ds:KeyInfo>\n' +
    '                            <ds:X509Data>\n' +
    `                                <ds:X509Certificate>${v.certificateBase64}</ds:X509Certificate>\n` +
    '                            </ds:X509Data>\n' +
    '                        </ds:KeyInfo>\n' +
    '                        <ds:Object>\n' +
    '                            <xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="signature">\n' +
    `                                ${v.signedProperties}\n` +
    '                            </xades:QualifyingProperties>\n' +
    '                        </ds:Object>\n' +
    '                    </ds:Signature>\n' +
    '                </sac:SignatureInformation>\n' +
    '            </sig:UBLDocumentSignatures>\n' +
    '        </ext:ExtensionContent>\n' +
    '    </ext:UBLExtension>\n' +
    '</ext:UBLExtensions>'
  );
}

/** The QR cac:AdditionalDocumentReference (SDK layout: 8/12 indent, unindented end tag). */
export function renderQrReference(qrBase64: string): string {
  return (
    '<cac:AdditionalDocumentReference>\n' +
    '        <cbc:ID>QR</cbc:ID>\n' +
    '        <cac:Attachment>\n' +
    `            <cbc:EmbeddedDocumentBinaryObject mimeCode="text/plain">${qrBase64}</cbc:EmbeddedDocumentBinaryObject>\n` +
    '        </cac:Attachment>\n' +
    '</cac:AdditionalDocumentReference>'
  );
}

/** The UBL cac:Signature pointer (spec 1.6), SDK layout. */
export const SIGNATURE_REFERENCE =
  '<cac:Signature>\n' +
  '      <cbc:ID>urn:oasis:names:specification:ubl:signature:Invoice</cbc:ID>\n' +
  '      <cbc:SignatureMethod>urn:oasis:names:specification:ubl:dsig:enveloped:xades</cbc:SignatureMethod>\n' +
  '</cac:Signature>';
