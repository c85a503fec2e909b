import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { EgsCoreModule } from './egs-core.module';
import { EgsController } from './http/egs.controller';

/** The EGS module of the host: REST endpoints and the daily certificate expiry check. */
@Module({
  imports: [EgsCoreModule, ScheduleModule.forRoot()],
  controllers: [EgsController],
  exports: [EgsCoreModule],
})
export class EgsModule {}
