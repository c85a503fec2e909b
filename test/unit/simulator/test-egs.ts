import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { generateCsr, type CsrEnvironment } from '../../../src/core/csr';
import { generateSecp256k1KeyPair, privateKeyToPkcs8Pem } from '../../../src/core/keys';
import { loadSigningCredentials } from '../../../src/core/signing/credentials';
import { signInvoice } from '../../../src/core/signing/sign-invoice';
import { stripSignature } from '../../../src/core/signing/strip-signature';
import { invoiceSubmission, type InvoiceSubmission, type IssuedCsid } from '../../../src/fatoora';
import { sdkPath } from '../../support/sdk';

export const INITIAL_PIH =
  'NWZlY2ViNjZmZmM4NmYzOGQ5NTI3ODZjNmQ2OTZjNzljMmRiYzIzOWRkNGU5MWI0NjcyOWQ3M2EyN2ZiNTdlOQ==';
/** The VAT number of the SDK samples' seller. */
export const SAMPLE_VAT = '399999999900003';

export const SAMPLES = {
  standardInvoice: 'Samples/Standard/Invoice/Standard_Invoice.xml',
  standardCredit: 'Samples/Standard/Credit/Standard_Credit_Note.xml',
  standardDebit: 'Samples/Standard/Debit/Standard_Debit_Note.xml',
  simplifiedInvoice: 'Samples/Simplified/Invoice/Simplified_Invoice.xml',
  simplifiedCredit: 'Samples/Simplified/Credit/Simplified_Credit_Note.xml',
  simplifiedDebit: 'Samples/Simplified/Debit/Simplified_Debit_Note.xml',
} as const;
export type SampleName = keyof typeof SAMPLES;

export interface SignedSample {
  xml: string;
  invoiceHash: string;
  uuid: string;
  submission: InvoiceSubmission;
}

/** An EGS unit for tests: its key, its CSR, and SDK samples re-signed with its certificate. */
export class TestEgs {
  readonly keys = generateSecp256k1KeyPair();
  private icv = 0;
  private lastHash = INITIAL_PIH;

  constructor(
    readonly vatNumber = SAMPLE_VAT,
    readonly invoiceType = '1100',
    readonly environment: CsrEnvironment = 'sandbox',
  ) {}

  csrPem(vatNumber = this.vatNumber): string {
    return generateCsr({
      environment: this.environment,
      privateKey: this.keys.privateKey,
      fields: {
        commonName: `TST-886431145-${vatNumber}`,
        serialNumber: '1-TST|2-TST|3-ed22f1d8-e6a2-1118-9b58-d9a8f11e445f',
        vatNumber,
        organizationUnit: 'Riyadh Branch',
        organization: 'Maximum Speed Tech Supply LTD',
        country: 'SA',
        invoiceType: this.invoiceType,
        locationAddress: 'RRRD2929',
        businessCategory: 'Supply activities',
      },
    }).pem;
  }

  /** Next document of this EGS's chain: fresh UUID, ICV+1, PIH = previous hash. */
  next(sample: SampleName, csid: Pick<IssuedCsid, 'certificateBase64'>): SignedSample {
    const signed = this.sign(sample, csid, { icv: this.icv + 1, pih: this.lastHash });
    this.icv += 1;
    this.lastHash = signed.invoiceHash;
    return signed;
  }

  /** A document outside the chain (compliance samples, or deliberately broken chains). */
  sign(
    sample: SampleName,
    csid: Pick<IssuedCsid, 'certificateBase64'>,
    chain: { icv: number; pih: string },
  ): SignedSample {
    let xml = readFileSync(sdkPath(SAMPLES[sample]), 'utf8');
    const uuid = randomUUID();
    xml = xml.replace(/<cbc:UUID>[^<]*<\/cbc:UUID>/, `<cbc:UUID>${uuid}</cbc:UUID>`);
    xml = xml.replace(/(<cbc:ID>ICV<\/cbc:ID>\s*<cbc:UUID>)[^<]*/, `$1${chain.icv}`);
    xml = xml.replace(
      /(<cbc:ID>PIH<\/cbc:ID>\s*<cac:Attachment>\s*<cbc:EmbeddedDocumentBinaryObject[^>]*>)[^<]*/,
      `$1${chain.pih}`,
    );
    xml = xml.split(SAMPLE_VAT).join(this.vatNumber);
    const credentials = loadSigningCredentials({
      privateKey: privateKeyToPkcs8Pem(this.keys.privateKey),
      certificate: csid.certificateBase64,
    });
    const signed = signInvoice(stripSignature(xml), credentials);
    return {
      xml: signed.xml,
      invoiceHash: signed.invoiceHash,
      uuid,
      submission: invoiceSubmission(signed.xml, signed.invoiceHash, uuid),
    };
  }
}
