/**
 * The certificate template name a CSR asks for tells ZATCA's CA which environment the
 * certificate is for (spec 5.3).
 */
export const CERTIFICATE_TEMPLATE_NAMES = {
  sandbox: 'TSTZATCA-Code-Signing',
  simulation: 'PREZATCA-Code-Signing',
  production: 'ZATCA-Code-Signing',
} as const;

export type CsrEnvironment = keyof typeof CERTIFICATE_TEMPLATE_NAMES;

export const CSR_ENVIRONMENTS = Object.keys(CERTIFICATE_TEMPLATE_NAMES) as CsrEnvironment[];

export function isCsrEnvironment(value: string): value is CsrEnvironment {
  return (CSR_ENVIRONMENTS as string[]).includes(value);
}

export function templateNameFor(environment: CsrEnvironment): string {
  return CERTIFICATE_TEMPLATE_NAMES[environment];
}

/** The environment a template name asks for, or undefined for a name ZATCA does not issue. */
export function environmentForTemplateName(templateName: string): CsrEnvironment | undefined {
  return CSR_ENVIRONMENTS.find((env) => CERTIFICATE_TEMPLATE_NAMES[env] === templateName);
}
