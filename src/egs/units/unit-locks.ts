import { Injectable } from '@nestjs/common';
import { EgsConflictError } from '../egs-errors';

/**
 * One onboarding or renewal per unit at a time in this process: two would send two CSRs and
 * race for the certificate. A second caller is told so rather than queued behind ZATCA calls.
 */
@Injectable()
export class UnitLocks {
  private readonly busy = new Map<string, string>();

  async run<T>(unitId: string, what: string, work: () => Promise<T>): Promise<T> {
    const running = this.busy.get(unitId);
    if (running) throw new EgsConflictError(`a ${running} of this unit is already running`);
    this.busy.set(unitId, what);
    try {
      return await work();
    } finally {
      this.busy.delete(unitId);
    }
  }
}
