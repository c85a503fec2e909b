import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EgsConflictError } from '../egs-errors';
import type { EgsUnitOperationEntity } from '../entities/egs-unit-operation.entity';
import { DEFAULT_UNIT_LEASE_TIMES, UNIT_LEASE_TIMES, type UnitLeaseTimes } from './unit-lease';
import { UnitLeases } from './unit-leases';

/** Contenders that saw the row change hands while they looked, before giving up. */
const ACQUIRE_ATTEMPTS = 3;

/**
 * One onboarding or renewal per unit at a time, across processes and hosts on one database:
 * two would send two CSRs, use the OTP twice and race for the certificate. The hold is a lease
 * in egs_unit_operations, extended while the work runs and freed by itself if the process
 * dies. A second caller is told who holds it rather than queued behind ZATCA calls; one in
 * this same process is refused at once, without asking the database.
 */
@Injectable()
export class UnitLocks {
  private readonly logger = new Logger('UnitLocks');
  private readonly busy = new Map<string, string>();
  private readonly leases: UnitLeases;
  private readonly renewEveryMs: number;

  constructor(
    dataSource: DataSource,
    @Optional() @Inject(UNIT_LEASE_TIMES) times: UnitLeaseTimes = DEFAULT_UNIT_LEASE_TIMES,
  ) {
    if (!(times.renewEveryMs > 0 && times.renewEveryMs < times.leaseMs)) {
      throw new Error('unit lease: renewEveryMs must be positive and shorter than leaseMs');
    }
    this.leases = new UnitLeases(dataSource, times.leaseMs);
    this.renewEveryMs = times.renewEveryMs;
  }

  async run<T>(unitId: string, what: string, work: () => Promise<T>): Promise<T> {
    const running = this.busy.get(unitId);
    if (running)
      throw new EgsConflictError(`${article(running)} ${running} of this unit is already running`);
    this.busy.set(unitId, what);
    try {
      const token = await this.acquire(unitId, what);
      const keeper = this.keepAlive(unitId, what, token);
      try {
        return await work();
      } finally {
        await keeper.stop();
        await this.release(unitId, what, token);
      }
    } finally {
      this.busy.delete(unitId);
    }
  }

  private async acquire(unitId: string, what: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const acquired = await this.leases.acquire(unitId, what);
      if ('token' in acquired) {
        if (acquired.tookOver) {
          const old = acquired.tookOver;
          this.logger.warn(
            `unit ${unitId}: took over the expired ${old.operation} lease of ${old.owner} (started ${old.startedAt}, expired ${old.expiresAt})`,
          );
        }
        return acquired.token;
      }
      if (acquired.heldBy) throw new EgsConflictError(busyMessage(acquired.heldBy));
      if (attempt >= ACQUIRE_ATTEMPTS) {
        throw new EgsConflictError(
          'another onboarding or renewal of this unit is starting; try again',
        );
      }
    }
  }

  /** Extends the lease every renewEveryMs until stopped; never overlaps itself. */
  private keepAlive(unitId: string, what: string, token: string): { stop(): Promise<void> } {
    let inFlight: Promise<void> | null = null;
    const renew = async () => {
      try {
        if (!(await this.leases.renew(unitId, token))) {
          this.logger.error(
            `unit ${unitId}: the ${what} lost its lease (it expired and was taken over); another process may be running one`,
          );
        }
      } catch (err) {
        // The database may be back by the next tick; the lease outlasts several of them.
        this.logger.warn(`unit ${unitId}: could not extend the ${what} lease: ${String(err)}`);
      } finally {
        inFlight = null;
      }
    };
    const timer = setInterval(() => {
      inFlight ??= renew();
    }, this.renewEveryMs);
    // A lease must never keep a CLI process alive by itself.
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
        // A renewal landing after the release would find no row and report a lost lease.
        await inFlight;
      },
    };
  }

  /** A failed release must not hide the work's result or error: the lease frees itself. */
  private async release(unitId: string, what: string, token: string): Promise<void> {
    try {
      await this.leases.release(unitId, token);
    } catch (err) {
      this.logger.warn(
        `unit ${unitId}: could not release the ${what} lease (it frees itself when it expires): ${String(err)}`,
      );
    }
  }
}

function busyMessage(held: EgsUnitOperationEntity): string {
  return (
    `${article(held.operation)} ${held.operation} of this unit is already running (since ${held.startedAt}, by ${held.owner}); ` +
    `if that process died, the unit frees itself at ${held.expiresAt}`
  );
}

/** `an onboarding`, `a renewal`. */
function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
