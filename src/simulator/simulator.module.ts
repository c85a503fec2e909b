import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { FatooraSimulator } from './simulator';
import type { SimulatorOptions } from './simulator-options';
import type { DocumentValidator } from './invoices/document-validator';
import { SimulatorAdminController } from './http/admin.controller';
import { FatooraSimulatorController } from './http/fatoora.controller';
import { FATOORA_SIMULATOR } from './http/simulator-tokens';

export interface SimulatorModuleOptions extends Partial<SimulatorOptions> {
  /** Replace the core validation pipeline (tests). */
  validator?: DocumentValidator;
}

/**
 * The Fatoora simulator as a Nest module: ZATCA's paths under /e-invoicing/* and the admin
 * endpoints under /simulator/admin (unless adminEnabled is false). Options not given come from
 * SIMULATOR_* environment variables, then defaults.
 */
@Module({})
export class SimulatorModule implements OnApplicationShutdown {
  constructor(@Inject(FATOORA_SIMULATOR) private readonly simulator: FatooraSimulator) {}

  /** On app.close(), in the host as in the standalone simulator. */
  onApplicationShutdown(): void {
    this.simulator.close();
  }

  static forRoot(options: SimulatorModuleOptions = {}): DynamicModule {
    const { validator, ...overrides } = options;
    const simulator = new FatooraSimulator(overrides, validator);
    const controllers = simulator.options.adminEnabled
      ? [FatooraSimulatorController, SimulatorAdminController]
      : [FatooraSimulatorController];
    return {
      module: SimulatorModule,
      controllers,
      providers: [{ provide: FATOORA_SIMULATOR, useValue: simulator }],
      exports: [FATOORA_SIMULATOR],
    };
  }
}
