/** Object identifiers used in ZATCA CSRs (spec 5.1-5.3). */
export const OID = {
  countryName: '2.5.4.6',
  organizationalUnitName: '2.5.4.11',
  organizationName: '2.5.4.10',
  commonName: '2.5.4.3',
  // SAN directoryName attributes. SN is surname (2.5.4.4), not serialNumber (2.5.4.5).
  surname: '2.5.4.4',
  userId: '0.9.2342.19200300.100.1.1',
  title: '2.5.4.12',
  registeredAddress: '2.5.4.26',
  businessCategory: '2.5.4.15',
  extensionRequest: '1.2.840.113549.1.9.14',
  subjectAltName: '2.5.29.17',
  /** Microsoft "certificate template name" extension, which ZATCA's CA reads. */
  certificateTemplateName: '1.3.6.1.4.1.311.20.2',
  ecPublicKey: '1.2.840.10045.2.1',
  secp256k1: '1.3.132.0.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;
