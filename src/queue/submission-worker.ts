import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PIPELINE_CONFIG, type PipelineConfig } from '../pipeline/pipeline-config';
import { SubmissionEvents } from '../submission/submission-events';
import { SubmissionProcessor } from '../submission/submission-processor';
import { SubmissionQueue, type QueueClaim } from './submission-queue';

/** Whether this process runs the worker loop: the host by WORKERS_IN_HOST, `zatca worker` always. */
export const RUN_WORKER = Symbol('RUN_WORKER');

/**
 * The queue worker loop: claims due rows (up to WORKER_CONCURRENCY in flight), submits each,
 * and polls every QUEUE_POLL_MS when idle. A row queued or rescheduled by this process wakes
 * it at once (SubmissionEvents); rows of other processes are found by the poll. On shutdown it stops claiming and lets the
 * submissions in flight finish; rows of a killed process come back when their lease runs out.
 */
@Injectable()
export class SubmissionWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SubmissionWorker.name);
  private readonly inFlight = new Set<Promise<unknown>>();
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** Set by a notice that came while the loop was busy: the next idle() returns at once. */
  private kicked = false;
  private unsubscribe?: () => void;

  constructor(
    private readonly queue: SubmissionQueue,
    private readonly processor: SubmissionProcessor,
    private readonly events: SubmissionEvents,
    @Inject(PIPELINE_CONFIG) private readonly config: PipelineConfig,
    @Inject(RUN_WORKER) private readonly enabled: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (this.enabled) this.start();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.events.onDue(() => {
      this.kicked = true;
      this.wake?.();
    });
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const free = this.config.workerConcurrency - this.inFlight.size;
      if (free <= 0) {
        await Promise.race(this.inFlight);
        continue;
      }
      let claims: QueueClaim[];
      try {
        claims = await this.queue.claimDue(free, this.config.leaseMs);
      } catch (err) {
        this.logger.error(`claiming from the queue failed: ${String(err)}`);
        claims = [];
      }
      if (claims.length === 0) {
        await this.idle();
        continue;
      }
      for (const claim of claims) {
        const work = this.processor
          .process(claim.invoiceUuid, claim.token, claim.attempts)
          .catch((err: unknown) => {
            // The claim stays leased and comes back after QUEUE_LEASE_MS.
            this.logger.error(`submission of ${claim.invoiceUuid} failed: ${String(err)}`);
          });
        const tracked = work.finally(() => this.inFlight.delete(tracked));
        this.inFlight.add(tracked);
      }
    }
  }

  private idle(): Promise<void> {
    if (this.kicked || !this.running) {
      this.kicked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.config.pollMs);
      this.wake = () => {
        this.wake = undefined;
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
