import type { Command } from 'commander';
import type { INestApplicationContext } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { readEnvironment } from '../../config/environment';
import { loadConfig } from '../../config/load-config';
import { withEgsContext } from '../../egs/cli/egs-cli-context';
import { formatStatus } from '../../egs/cli/format-status';
import { CompanyService } from '../../egs/companies/company.service';
import { companyView, stepView, unitView } from '../../egs/http/views';
import { OnboardingService } from '../../egs/onboarding/onboarding.service';
import { RenewalService } from '../../egs/renewal/renewal.service';
import { EgsStatusService } from '../../egs/status/egs-status.service';
import { StepRecorder } from '../../egs/steps/step-recorder';
import { UNIT_ENVIRONMENTS } from '../../egs/units/unit-environment';
import { UnitService } from '../../egs/units/unit.service';
import type { RegisterCommand } from './index';

const ACTOR = 'operator:cli';
const out = (line: string): void => void process.stdout.write(`${line}\n`);
const json = (value: unknown) => out(JSON.stringify(value, null, 2));

function run(work: (context: INestApplicationContext) => Promise<void>): Promise<void> {
  return withEgsContext(loadConfig(readEnvironment()), work);
}

/** Flag values that were given, so the service reports every missing field by its name. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

interface CompanyFlags {
  file?: string;
  vat?: string;
  idScheme?: string;
  id?: string;
  nameAr?: string;
  nameEn?: string;
  vatGroupTin?: string;
  street?: string;
  additionalStreet?: string;
  building?: string;
  additionalNumber?: string;
  district?: string;
  city?: string;
  postalCode?: string;
  province?: string;
  country?: string;
  json?: boolean;
}

function companyInput(o: CompanyFlags): unknown {
  if (o.file) return JSON.parse(readFileSync(o.file, 'utf8')) as unknown;
  return defined({
    vatNumber: o.vat,
    otherId: o.idScheme || o.id ? defined({ scheme: o.idScheme, value: o.id }) : undefined,
    nameAr: o.nameAr,
    nameEn: o.nameEn,
    vatGroupMemberTin: o.vatGroupTin,
    address: defined({
      street: o.street,
      additionalStreet: o.additionalStreet,
      buildingNumber: o.building,
      additionalNumber: o.additionalNumber,
      district: o.district,
      city: o.city,
      postalZone: o.postalCode,
      province: o.province,
      country: o.country,
    }),
  });
}

interface UnitFlags {
  company: string;
  name?: string;
  serial?: string;
  branch?: string;
  location?: string;
  category?: string;
  types?: string;
  env?: string;
  fatooraHost?: string;
  json?: boolean;
}

export const registerEgsCommand: RegisterCommand = (program: Command) => {
  const egs = program
    .command('egs')
    .description('EGS units: companies, units, onboarding with ZATCA, renewal, status')
    .addHelpText(
      'after',
      '\nRuns on the database of DATABASE_URL (environment or ./.env); private keys are sealed ' +
        'under ZATCA_MASTER_KEY / ZATCA_MASTER_KEY_FILE.\n' +
        'Typical use:\n' +
        '  zatca egs company add --file company.json\n' +
        '  zatca egs add --company <id> --name pos-1 --serial "1-MyERP|2-1.0|3-0001" \\\n' +
        '    --branch Riyadh --location RRRD2929 --category Retail --types standard,simplified --env simulation\n' +
        '  zatca egs onboard pos-1 --otp 123456\n' +
        '  zatca egs status',
    );

  const company = egs.command('company').description('companies (sellers)');
  company
    .command('add')
    .description('add a company; with --file, a JSON body as the API takes it')
    .option(
      '--file <json>',
      'the company as JSON (vatNumber, otherId, nameAr, nameEn, address, ...)',
    )
    .option('--vat <number>', 'VAT number, 15 digits starting and ending with 3')
    .option('--id-scheme <scheme>', 'other seller ID scheme: CRN, MOM, MLS, 700, SAG, OTH', 'CRN')
    .option('--id <value>', 'other seller ID, e.g. the commercial registration number')
    .option('--name-ar <name>', 'legal name in Arabic')
    .option('--name-en <name>', 'legal name in English (CSR organization, at most 64 characters)')
    .option('--vat-group-tin <tin>', '10-digit TIN of the member, for a VAT group number')
    .option('--street <street>')
    .option('--additional-street <street>')
    .option('--building <number>', '4-digit building number')
    .option('--additional-number <number>', '4-digit additional number')
    .option('--district <district>')
    .option('--city <city>')
    .option('--postal-code <code>', '5-digit postal code')
    .option('--province <province>')
    .option('--country <code>', 'ISO 3166 alpha-2', 'SA')
    .option('--json', 'print the company as JSON')
    .action((o: CompanyFlags) =>
      run(async (ctx) => {
        const created = companyView(await ctx.get(CompanyService).create(companyInput(o), ACTOR));
        if (o.json) return json(created);
        out(`company ${created.id} added: ${created.nameEn} (VAT ${created.vatNumber})`);
      }),
    );
  company
    .command('list')
    .description('list companies')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) =>
      run(async (ctx) => {
        const companies = (await ctx.get(CompanyService).list()).map(companyView);
        if (o.json) return json(companies);
        if (companies.length === 0) out('no companies yet: zatca egs company add --help');
        for (const c of companies) out(`${c.id}  ${c.vatNumber}  ${c.nameEn} | ${c.nameAr}`);
      }),
    );

  egs
    .command('add')
    .description('add an EGS unit to a company (ZATCA CSR rules are checked now)')
    .requiredOption('--company <id>', 'company id (zatca egs company list)')
    .option('--name <name>', 'unique unit name, the CSR common name')
    .option('--serial <serial>', 'EGS serial 1-<solution>|2-<model>|3-<serial>')
    .option('--branch <name>', 'branch name (CSR organization unit)')
    .option('--location <address>', 'short national address of the unit, e.g. RRRD2929')
    .option('--category <category>', 'industry or sector')
    .option('--types <list>', 'document types: standard, simplified or standard,simplified')
    .option('--env <environment>', `one of ${UNIT_ENVIRONMENTS.join(', ')}`)
    .option('--fatoora-host <url>', 'replace ZATCA gateway host (a separately run simulator)')
    .option('--json', 'print the unit as JSON')
    .action((o: UnitFlags) =>
      run(async (ctx) => {
        const input = defined({
          companyId: o.company,
          name: o.name,
          serialNumber: o.serial,
          branchName: o.branch,
          locationAddress: o.location,
          businessCategory: o.category,
          invoiceTypes: o.types?.split(',').map((t) => t.trim()),
          environment: o.env,
          fatooraHost: o.fatooraHost,
        });
        const unit = unitView(await ctx.get(UnitService).create(input, ACTOR));
        if (o.json) return json(unit);
        out(
          `unit ${unit.name} (${unit.id}) added; next: zatca egs onboard ${unit.name} --otp <OTP>`,
        );
      }),
    );

  egs
    .command('list')
    .description('list EGS units')
    .option('--company <id>', 'only this company’s units')
    .option('--json', 'print JSON')
    .action((o: { company?: string; json?: boolean }) =>
      run(async (ctx) => {
        const units = (await ctx.get(UnitService).list(o.company)).map(unitView);
        if (o.json) return json(units);
        if (units.length === 0) out('no units yet: zatca egs add --help');
        for (const u of units) {
          out(
            `${u.name}  ${u.id}  ${u.environment}  ${u.invoiceTypes.join(',')}  ${u.onboardingState}`,
          );
        }
      }),
    );

  egs
    .command('onboard')
    .argument('<unit>', 'unit name or id')
    .description(
      'key, CSR, compliance CSID, compliance checks of every declared type, production CSID; ' +
        'a rerun continues from the step that failed',
    )
    .option('--otp <otp>', 'OTP from the Fatoora portal (needed to request the compliance CSID)')
    .option('--json', 'print the result as JSON')
    .action((unit: string, o: { otp?: string; json?: boolean }) =>
      run(async (ctx) => {
        const result = await ctx.get(OnboardingService).onboard(unit, o.otp, ACTOR);
        if (o.json) return json(result);
        out(
          `unit ${result.name} onboarded: production certificate ${result.certificate.serialNumber}, ` +
            `valid until ${result.certificate.notAfter}`,
        );
      }),
    );

  egs
    .command('renew')
    .argument('<unit>', 'unit name or id')
    .description(
      'renew the production CSID: new CSR, the renewal call, compliance checks if ZATCA asks, ' +
        'then the new certificate replaces the old one at once',
    )
    .option('--otp <otp>', 'OTP from the Fatoora portal (ZATCA requires one for renewal)')
    .option('--json', 'print the result as JSON')
    .action((unit: string, o: { otp?: string; json?: boolean }) =>
      run(async (ctx) => {
        const result = await ctx.get(RenewalService).renew(unit, o.otp, ACTOR);
        if (o.json) return json(result);
        out(
          `unit ${result.name} renewed: certificate ${result.certificate.serialNumber} valid until ` +
            `${result.certificate.notAfter} (replaces ${result.previous.serialNumber}, kept as history)`,
        );
      }),
    );

  egs
    .command('status')
    .argument('[unit]', 'unit name or id; all units when omitted')
    .description(
      'environment, certificate validity, days left, last invoice counter and submission',
    )
    .option('--json', 'print JSON')
    .action((unit: string | undefined, o: { json?: boolean }) =>
      run(async (ctx) => {
        const status = ctx.get(EgsStatusService);
        const views = unit ? [await status.one(unit)] : await status.all();
        if (o.json) return json(unit ? views[0] : views);
        if (views.length === 0) out('no units yet: zatca egs add --help');
        out(views.map(formatStatus).join('\n\n'));
      }),
    );

  egs
    .command('steps')
    .argument('<unit>', 'unit name or id')
    .description('every onboarding and renewal step of the unit, with ZATCA’s messages')
    .option('--json', 'print JSON')
    .action((unit: string, o: { json?: boolean }) =>
      run(async (ctx) => {
        const found = await ctx.get(UnitService).find(unit);
        const steps = (await ctx.get(StepRecorder).history(found.id)).map(stepView);
        if (o.json) return json(steps);
        for (const s of steps) {
          const doc = s.documentType ? ` ${s.documentType}` : '';
          out(`${s.at}  ${s.flow} ${s.step}${doc}  ${s.outcome}${s.detail ? `  ${s.detail}` : ''}`);
        }
      }),
    );
};
