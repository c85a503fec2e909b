import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CONNECTORS_CONFIG, type ConnectorsConfig } from '../connectors-config';
import { ConnectionsService } from './connections.service';
import { ConnectorRunner } from './connector-runner';
import { WriteBackOutbox } from './write-back-outbox';

/** Timers: poll every active connection every CONNECTOR_POLL_MS; drain the write-back outbox. */
@Injectable()
export class ConnectorScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConnectorScheduler.name);
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly connections: ConnectionsService,
    private readonly runner: ConnectorRunner,
    private readonly outbox: WriteBackOutbox,
    @Inject(CONNECTORS_CONFIG) private readonly config: ConnectorsConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedule) return;
    this.timers.push(setInterval(() => void this.pollAll(), this.config.pollMs).unref());
    this.timers.push(
      setInterval(
        () =>
          void this.outbox
            .drain()
            .catch((err: unknown) => this.logger.warn(`write-back: ${String(err)}`)),
        this.config.writeBackTickMs,
      ).unref(),
    );
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  private async pollAll(): Promise<void> {
    try {
      for (const row of await this.connections.list()) {
        if (row.state === 'active') await this.runner.pollOnce(row.id);
      }
    } catch (err) {
      this.logger.warn(`poll: ${String(err)}`);
    }
  }
}
