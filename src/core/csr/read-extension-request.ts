import { AsnConvert } from '@peculiar/asn1-schema';
import {
  DirectoryString,
  Extensions,
  SubjectAlternativeName,
  type Name,
} from '@peculiar/asn1-x509';
import type { Attributes } from '@peculiar/asn1-csr';
import { CsrParseError } from './csr-parse-error';
import { OID } from './csr-oids';

export interface RequestedExtensions {
  templateName: string;
  sanDirectoryName: Name;
  /** Non-critical extensions ZATCA does not use; kept so a caller can report them. */
  otherExtensionOids: string[];
}

/**
 * Reads the CSR's attributes, which must be exactly one extensionRequest holding the
 * certificate template name and a SubjectAltName of one directoryName (spec 5.3).
 */
export function readExtensionRequest(attributes: Attributes | undefined): RequestedExtensions {
  const list = attributes ?? [];
  const unexpected = list.filter((attr) => attr.type !== OID.extensionRequest);
  if (unexpected.length > 0) {
    throw new CsrParseError([
      `unexpected CSR attribute ${unexpected.map((attr) => attr.type).join(', ')}`,
    ]);
  }
  if (list.length !== 1 || list[0].values.length !== 1) {
    throw new CsrParseError([
      'CSR must carry exactly one extensionRequest attribute with one value',
    ]);
  }
  const extensions = parseAs(list[0].values[0], Extensions, 'extensionRequest');

  let templateName: string | undefined;
  let sanDirectoryName: Name | undefined;
  const seen = new Set<string>();
  const otherExtensionOids: string[] = [];
  for (const extension of extensions) {
    const { extnID, critical } = extension;
    if (seen.has(extnID)) throw new CsrParseError([`extension ${extnID} appears more than once`]);
    seen.add(extnID);
    const value = extension.extnValue.buffer;
    if (extnID === OID.certificateTemplateName) {
      if (critical) throw new CsrParseError(['certificate template name must be non-critical']);
      templateName = readTemplateName(value);
    } else if (extnID === OID.subjectAltName) {
      if (critical) throw new CsrParseError(['SubjectAltName must be non-critical']);
      sanDirectoryName = readSanDirectoryName(value);
    } else if (critical) {
      throw new CsrParseError([`unsupported critical extension ${extnID}`]);
    } else {
      otherExtensionOids.push(extnID);
    }
  }
  if (templateName === undefined) {
    throw new CsrParseError([
      `missing certificate template name extension (${OID.certificateTemplateName})`,
    ]);
  }
  if (!sanDirectoryName) throw new CsrParseError(['missing SubjectAltName extension']);
  return { templateName, sanDirectoryName, otherExtensionOids };
}

function readTemplateName(value: ArrayBuffer): string {
  const name = parseAs(value, DirectoryString, 'certificate template name');
  // UTF8String in most implementations, PrintableString in some; BMPString is Microsoft's own.
  const text = name.utf8String ?? name.printableString ?? name.bmpString;
  if (text === undefined) {
    throw new CsrParseError([
      'certificate template name must be a UTF8String, PrintableString or BMPString',
    ]);
  }
  return text;
}

function readSanDirectoryName(value: ArrayBuffer): Name {
  const names = parseAs(value, SubjectAlternativeName, 'SubjectAltName');
  if (names.length !== 1 || !names[0].directoryName) {
    throw new CsrParseError(['SubjectAltName must hold exactly one directoryName']);
  }
  return names[0].directoryName;
}

function parseAs<T>(value: ArrayBuffer, type: new () => T, what: string): T {
  try {
    return AsnConvert.parse(value, type);
  } catch {
    throw new CsrParseError([`${what} is not valid DER`]);
  }
}
