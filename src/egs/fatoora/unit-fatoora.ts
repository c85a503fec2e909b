import { Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { InjectAppConfig } from '../../config/app-config.module';
import { fatooraBaseUrl, type FatooraEnvironment } from '../../fatoora/environments';
import { FatooraClient } from '../../fatoora/fatoora-client';
import type { EgsUnitEntity } from '../entities/egs-unit.entity';
import { fatooraEnvironmentOf } from '../units/unit-environment';

/** Where a unit's Fatoora calls go. */
export interface UnitEndpoint {
  environment: FatooraEnvironment;
  /** Full base URL, environment path included. */
  baseUrl: string;
  /** Undefined when it is ZATCA's own gateway. */
  override?: string;
}

/**
 * Fatoora clients per unit. `simulator` units talk to the simulator this host serves, at its
 * own HOST:PORT, on the sandbox path; `fatooraHost` replaces the gateway for any unit.
 */
@Injectable()
export class UnitFatoora {
  private readonly logger = new Logger('Fatoora');

  constructor(@InjectAppConfig() private readonly config: AppConfig) {}

  endpoint(unit: Pick<EgsUnitEntity, 'environment' | 'fatooraHost'>): UnitEndpoint {
    const environment = fatooraEnvironmentOf(unit.environment);
    const host = unit.fatooraHost ?? (unit.environment === 'simulator' ? this.ownUrl() : undefined);
    const baseUrl = fatooraBaseUrl(environment, host);
    return { environment, baseUrl, override: host === undefined ? undefined : baseUrl };
  }

  client(unit: Pick<EgsUnitEntity, 'environment' | 'fatooraHost'>): FatooraClient {
    const { environment, baseUrl } = this.endpoint(unit);
    return new FatooraClient({
      environment,
      baseUrl,
      logger: { debug: (m) => this.logger.debug(m), warn: (m) => this.logger.warn(m) },
    });
  }

  /** This host as a client reaches it: a wildcard listen address means loopback. */
  private ownUrl(): string {
    const host = this.config.host;
    const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host;
    const bracketed =
      reachable.includes(':') && !reachable.startsWith('[') ? `[${reachable}]` : reachable;
    return `http://${bracketed}:${this.config.port}`;
  }
}
