import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';

/** Says why the host stops, so a restart in the logs is never a mystery. */
@Injectable()
export class ShutdownLogger implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Host');

  beforeApplicationShutdown(signal?: string): void {
    this.logger.log(`stopping${signal ? ` on ${signal}` : ''}: closing HTTP and the database`);
  }
}
