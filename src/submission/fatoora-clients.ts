import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent } from 'node:http';
import { FatooraClient } from '../fatoora';
import type { EgsSigningContext } from '../egs/egs-signing-context';
import { PIPELINE_CONFIG, type PipelineConfig } from '../pipeline/pipeline-config';

/** One Fatoora client per environment and base URL, over kept-alive connections. */
@Injectable()
export class FatooraClients implements OnApplicationShutdown {
  private readonly clients = new Map<string, FatooraClient>();
  // Reusing connections saves a TCP handshake per invoice; ZATCA's gateway is HTTPS and axios
  // uses its own https agent there, this one serves http (the simulator, a local proxy).
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });

  constructor(@Inject(PIPELINE_CONFIG) private readonly config: PipelineConfig) {}

  for(context: Pick<EgsSigningContext, 'environment' | 'baseUrl'>): FatooraClient {
    const key = `${context.environment}|${context.baseUrl ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new FatooraClient({
        environment: context.environment,
        baseUrl: context.baseUrl,
        invoiceTimeoutMs: this.config.fatooraTimeoutMs,
        httpAgent: this.agent,
      });
      this.clients.set(key, client);
    }
    return client;
  }

  onApplicationShutdown(): void {
    this.agent.destroy();
  }
}
