import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { InvoiceArchive } from '../archive/invoice-archive';
import { ChainWriter } from '../chain/chain-writer';
import { readEnvironment } from '../config/environment';
import { DeadlineWatchdog } from '../deadlines/deadline-watchdog';
import { EGS_SIGNING_PROVIDER, type EgsSigningProvider } from '../egs/egs-signing-context';
import { DeadLetterService } from '../invoices/dead-letter.service';
import { IntakeService } from '../invoices/intake.service';
import { InvoiceStatusService } from '../invoices/invoice-status.service';
import { InvoicesController } from '../invoices/invoices.controller';
import { UnitActivityService } from '../invoices/unit-activity.service';
import { UNIT_ACTIVITY_READER } from '../egs/status/unit-activity-reader';
import { SubmissionQueue } from '../queue/submission-queue';
import { RUN_WORKER, SubmissionWorker } from '../queue/submission-worker';
import { FatooraClients } from '../submission/fatoora-clients';
import { SubmissionEvents } from '../submission/submission-events';
import { SubmissionProcessor } from '../submission/submission-processor';
import { ResultWriter } from '../submission/result-writer';
import { loadPipelineConfig, PIPELINE_CONFIG, type PipelineConfig } from './pipeline-config';

export interface PipelineModuleOptions {
  /** Default: the pipeline variables of the environment (and ./.env). */
  config?: PipelineConfig;
  /** Run the worker loop here; default WORKERS_IN_HOST. `zatca worker` passes true. */
  runWorker?: boolean;
  /** Serve the HTTP API (the host); `zatca worker` has none. */
  http?: boolean;
  /**
   * Where signing contexts come from. Default: the EGS_SIGNING_PROVIDER of an imported module
   * (the EGS module); tests pass their own.
   */
  egsProvider?: EgsSigningProvider;
  /** Modules that provide EGS_SIGNING_PROVIDER. */
  imports?: DynamicModule['imports'];
}

/** The invoice pipeline: intake, chain, queue and workers, submission, deadlines, archive. */
@Module({})
export class PipelineModule {
  static forRoot(options: PipelineModuleOptions = {}): DynamicModule {
    const config = options.config ?? loadPipelineConfig(readEnvironment());
    const providers: Provider[] = [
      { provide: PIPELINE_CONFIG, useValue: config },
      { provide: RUN_WORKER, useValue: options.runWorker ?? config.workersInHost },
      SubmissionQueue,
      SubmissionEvents,
      FatooraClients,
      InvoiceArchive,
      ChainWriter,
      ResultWriter,
      SubmissionProcessor,
      SubmissionWorker,
      IntakeService,
      InvoiceStatusService,
      DeadLetterService,
      DeadlineWatchdog,
      // For the EGS status view (last invoice counter, last submission result).
      { provide: UNIT_ACTIVITY_READER, useClass: UnitActivityService },
    ];
    if (options.egsProvider) {
      providers.push({ provide: EGS_SIGNING_PROVIDER, useValue: options.egsProvider });
    }
    return {
      module: PipelineModule,
      // Global so that the EGS module's status view finds UNIT_ACTIVITY_READER.
      global: true,
      imports: options.imports ?? [],
      controllers: options.http === false ? [] : [InvoicesController],
      providers,
      exports: [
        IntakeService,
        InvoiceStatusService,
        DeadLetterService,
        SubmissionWorker,
        DeadlineWatchdog,
        SubmissionQueue,
        PIPELINE_CONFIG,
        UNIT_ACTIVITY_READER,
      ],
    };
  }
}
