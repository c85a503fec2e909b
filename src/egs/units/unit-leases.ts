import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../database/unique-violation';
import { EgsUnitOperationEntity } from '../entities/egs-unit-operation.entity';

/** Who holds a lease, for the message: the host and pid of the process. */
const OWNER = `${hostname()} pid ${process.pid}`.slice(0, 255);

export type Acquired =
  | { readonly token: string; readonly tookOver?: EgsUnitOperationEntity }
  | { readonly heldBy: EgsUnitOperationEntity | null };

/**
 * The rows of egs_unit_operations: one per unit with an onboarding or renewal running, in any
 * process on this database. Every change but the first INSERT names the row's token, so a
 * holder never extends or removes a lease that another one has since taken over.
 */
export class UnitLeases {
  constructor(
    private readonly dataSource: DataSource,
    private readonly leaseMs: number,
  ) {}

  /** Takes the unit's lease, or answers who holds it (null: it changed hands while we looked). */
  async acquire(unitId: string, operation: string): Promise<Acquired> {
    const now = new Date();
    const lease = {
      operation,
      token: randomUUID(),
      owner: OWNER,
      startedAt: now.toISOString(),
      expiresAt: this.expiry(now),
    };
    try {
      await this.dataSource.getRepository(EgsUnitOperationEntity).insert({ unitId, ...lease });
      return { token: lease.token };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const held = await this.holder(unitId);
    if (!held || held.expiresAt >= lease.startedAt) return { heldBy: held };
    // Its process died (or stalled past the lease): take it over, unless another process just
    // did. Naming the old token makes only one of several contenders win.
    const taken = await this.dataSource
      .createQueryBuilder()
      .update(EgsUnitOperationEntity)
      .set(lease)
      .where('unit_id = :unitId AND token = :old AND expires_at < :now', {
        unitId,
        old: held.token,
        now: lease.startedAt,
      })
      .execute();
    return taken.affected === 1 ? { token: lease.token, tookOver: held } : { heldBy: null };
  }

  /** Extends the lease; false when it is no longer ours (it expired and was taken over). */
  async renew(unitId: string, token: string): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(EgsUnitOperationEntity)
      .set({ expiresAt: this.expiry(new Date()) })
      .where('unit_id = :unitId AND token = :token', { unitId, token })
      .execute();
    return result.affected === 1;
  }

  /** Removes this holder's row only, never another holder's. */
  async release(unitId: string, token: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(EgsUnitOperationEntity)
      .where('unit_id = :unitId AND token = :token', { unitId, token })
      .execute();
  }

  holder(unitId: string): Promise<EgsUnitOperationEntity | null> {
    return this.dataSource.getRepository(EgsUnitOperationEntity).findOneBy({ unitId });
  }

  private expiry(from: Date): string {
    return new Date(from.getTime() + this.leaseMs).toISOString();
  }
}
