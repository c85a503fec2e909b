import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type Repository } from 'typeorm';
import { InstanceEntity } from './instance.entity';

const INSTANCE_ID = 1;

/** Reads (and if need be restores) the row that identifies this installation. */
@Injectable()
export class InstanceRepository {
  private readonly rows: Repository<InstanceEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(InstanceEntity);
  }

  find(): Promise<InstanceEntity | null> {
    return this.rows.findOneBy({ id: INSTANCE_ID });
  }

  /**
   * The installation row, created if someone deleted it. The fixed primary key means two
   * processes racing here end up with one row: the loser's insert fails and it reads the winner's.
   */
  async ensure(): Promise<InstanceEntity> {
    const existing = await this.find();
    if (existing) return existing;
    try {
      await this.rows.insert({
        id: INSTANCE_ID,
        installationId: randomUUID(),
        createdAt: new Date(),
        notes: 'recreated by the host',
      });
    } catch (err) {
      const raced = await this.find();
      if (raced) return raced;
      throw err;
    }
    return (await this.find()) as InstanceEntity;
  }
}
