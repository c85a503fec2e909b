export {
  CERTIFICATE_TEMPLATE_NAMES,
  CSR_ENVIRONMENTS,
  environmentForTemplateName,
  isCsrEnvironment,
  templateNameFor,
  type CsrEnvironment,
} from './certificate-template';
export {
  assertValidCsrFields,
  CSR_CONFIG_PROPERTIES,
  CsrConfigError,
  parseCsrConfig,
  type ConfigProblem,
  type CsrConfig,
} from './csr-config';
export {
  csrDerToPem,
  csrPemToApiForm,
  CsrEncodingError,
  decodeCsrInput,
  type CsrInputForm,
} from './csr-encoding';
export { CSR_FIELD_NAMES, type CsrFieldName, type CsrFields } from './csr-fields';
export {
  characterCount,
  findFieldProblems,
  isVatGroupNumber,
  MAX_FIELD_CHARACTERS,
  type FieldProblem,
} from './csr-field-rules';
export { OID as CSR_OID } from './csr-oids';
export { CsrParseError } from './csr-parse-error';
export { generateCsr, type GeneratedCsr, type GenerateCsrOptions } from './generate-csr';
export { parseCsr, type CsrSanFields, type CsrSubject, type ParsedCsr } from './parse-csr';
