import { mergeFaults, type FaultSettings } from './fault-settings';
import type { SimulatorAnswer } from '../answers/simulator-answer';

/** What to do with one request before and after it is processed. */
export interface FaultPlan {
  latencyMs: number;
  /** Answer this instead of processing (500/503/429). */
  replaceWith?: SimulatorAnswer;
  /** Process, then hold the answer this long (the client times out: unknown outcome). */
  holdMs?: number;
  name?: 'server-error' | 'rate-limit' | 'timeout';
}

/** Fault settings, changeable at run time; draws each request's fate. */
export class FaultInjector {
  private settings: FaultSettings;
  private serverErrors = 0;

  constructor(
    initial: FaultSettings,
    private readonly random: () => number = Math.random,
  ) {
    this.settings = { ...initial };
  }

  get current(): FaultSettings {
    return { ...this.settings };
  }

  update(change: Partial<Record<keyof FaultSettings, unknown>>): FaultSettings {
    this.settings = mergeFaults(this.settings, change);
    return this.current;
  }

  replace(next: FaultSettings): void {
    this.settings = { ...next };
  }

  plan(): FaultPlan {
    const s = this.settings;
    const plan: FaultPlan = { latencyMs: s.latencyMs };
    if (s.rateLimitRate > 0 && this.random() < s.rateLimitRate) {
      plan.name = 'rate-limit';
      plan.replaceWith = {
        status: 429,
        body: { code: 'Too-Many-Requests', message: 'Too many requests, retry later' },
        headers: { 'retry-after': String(s.retryAfterSeconds) },
      };
    } else if (s.serverErrorRate > 0 && this.random() < s.serverErrorRate) {
      // Alternate 500 and 503, the two a gateway most often gives.
      const status = this.serverErrors++ % 2 === 0 ? 500 : 503;
      plan.name = 'server-error';
      plan.replaceWith = {
        status,
        body: {
          code: 'Internal-Error',
          message: status === 503 ? 'Service Unavailable' : 'Internal Server Error',
        },
      };
    } else if (s.timeoutRate > 0 && this.random() < s.timeoutRate) {
      plan.name = 'timeout';
      plan.holdMs = s.timeoutHoldMs;
    }
    return plan;
  }
}
