import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { AppConfig } from '../config/app-config';
import { InjectAppConfig } from '../config/app-config.module';

/** Pings the database and says which kind it is (sqlite, mariadb or mysql), up or down. */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly typeOrm: TypeOrmHealthIndicator,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const result = await this.typeOrm.pingCheck(key, { timeout: 3000 });
    return { [key]: { ...result[key], type: this.config.database.kind } };
  }
}
