import { Global, Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail.service';

/** The audit trail, available everywhere (every module writes to it). */
@Global()
@Module({ providers: [AuditTrail], exports: [AuditTrail] })
export class AuditModule {}
