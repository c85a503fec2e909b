import { isFatooraEnvironment, type FatooraEnvironment } from '../fatoora/environments';
import type { SimulatorAnswer } from './answers/simulator-answer';
import { CsidAuthenticator } from './auth/csid-authenticator';
import { SimulatorCa } from './ca/simulator-ca';
import { CsidService } from './csid/csid-service';
import { ExchangeLog } from './exchange-log';
import { FaultInjector } from './faults/fault-injector';
import { coreDocumentValidator, type DocumentValidator } from './invoices/document-validator';
import { InvoiceService } from './invoices/invoice-service';
import { OtpService } from './otp/otp-service';
import { resolveSimulatorOptions, type SimulatorOptions } from './simulator-options';
import { SimulatorState } from './state/simulator-state';

/** URL segment of each environment, as on ZATCA's gateway (spec 6.1). */
export const ENVIRONMENT_SEGMENTS: Record<string, FatooraEnvironment> = {
  'developer-portal': 'sandbox',
  simulation: 'simulation',
  core: 'production',
};

export function environmentOfSegment(segment: string): FatooraEnvironment | undefined {
  const env = ENVIRONMENT_SEGMENTS[segment];
  return env && isFatooraEnvironment(env) ? env : undefined;
}

export interface FatooraRequest {
  environment: FatooraEnvironment;
  method: string;
  /** Path after the environment prefix, e.g. /invoices/reporting/single. */
  route: string;
  headers: Record<string, string | undefined>;
  body: unknown;
}

/**
 * The Fatoora simulator without any HTTP framework: the services, wired. The Nest module and
 * the standalone command both serve this object.
 */
export class FatooraSimulator {
  readonly options: SimulatorOptions;
  readonly state: SimulatorState;
  readonly ca: SimulatorCa;
  readonly otps: OtpService;
  readonly faults: FaultInjector;
  readonly exchanges: ExchangeLog;
  private readonly csids: CsidService;
  private readonly invoices: InvoiceService;

  constructor(overrides: Partial<SimulatorOptions> = {}, validator?: DocumentValidator) {
    this.options = resolveSimulatorOptions(overrides);
    this.state = new SimulatorState(this.options.stateDir, this.options.duplicateMemory);
    this.ca = new SimulatorCa(this.options.stateDir);
    this.otps = new OtpService(this.options, this.state);
    this.faults = new FaultInjector(this.options.faults);
    this.exchanges = new ExchangeLog(
      this.options.stateDir,
      this.options.exchangeMemory,
      this.options.exchangeLogMaxBytes,
      this.options.exchangeLogFile,
    );
    const auth = new CsidAuthenticator(this.state);
    this.csids = new CsidService(this.options, this.state, this.ca, this.otps, auth);
    this.invoices = new InvoiceService(
      this.options,
      this.state,
      this.ca,
      auth,
      validator ?? coreDocumentValidator(this.options.rulesDir),
      () => this.faults.current,
    );
  }

  /** Closes the state journal and the exchange log (their descriptors stay open while serving). */
  close(): void {
    this.state.close();
    this.exchanges.close();
  }

  /** Answers one Fatoora API request (faults are applied by the HTTP layer around this). */
  async handle(request: FatooraRequest): Promise<SimulatorAnswer> {
    const { environment, method, route, headers, body } = request;
    const version = headers['accept-version'];
    if (version !== undefined && version.toUpperCase() !== 'V2') {
      return {
        status: 406,
        body: {
          code: 'Unsupported-Version',
          message: `Accept-Version ${version} is not supported; use V2`,
        },
      };
    }
    const key = `${method.toUpperCase()} ${route.replace(/\/+$/, '')}`;
    switch (key) {
      case 'POST /compliance':
        return this.csids.onboard(environment, headers.otp, body);
      case 'POST /compliance/invoices':
        return this.invoices.submit('compliance', environment, headers.authorization, body);
      case 'POST /production/csids':
        return this.csids.production(environment, headers.authorization, body);
      case 'PATCH /production/csids':
        return this.csids.renew(environment, headers.authorization, headers.otp, body);
      case 'POST /invoices/reporting/single':
        return this.invoices.submit('reporting', environment, headers.authorization, body);
      case 'POST /invoices/clearance/single':
        return this.invoices.submit('clearance', environment, headers.authorization, body);
      default:
        return { status: 404, body: { code: 'Not-Found', message: `No Fatoora endpoint ${key}` } };
    }
  }
}
