/**
 * `zatca egs add` arguments for a sandbox unit of `companyId` that takes standard and simplified
 * documents and talks to the Fatoora host (a simulator) at `fatooraHost`.
 */
export function egsAddArgs(
  companyId: string,
  name: string,
  serial: string,
  fatooraHost: string,
): string[] {
  return [
    'egs',
    'add',
    '--company',
    companyId,
    '--name',
    name,
    '--serial',
    serial,
    '--branch',
    'Riyadh Branch',
    '--location',
    'RRRD2929',
    '--category',
    'Retail',
    '--types',
    'standard,simplified',
    '--env',
    'sandbox',
    '--fatoora-host',
    fatooraHost,
    '--json',
  ];
}
