import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { isFatooraEnvironment } from '../../fatoora/environments';
import { toPem } from '../ca/simulator-ca';
import type { FaultSettings } from '../faults/fault-settings';
import type { FatooraSimulator } from '../simulator';
import { FATOORA_SIMULATOR } from './simulator-tokens';

/** Run-time control and inspection of the simulator (faults, exchanges, OTPs, CSIDs, CA). */
@ApiTags('simulator admin')
@Controller('simulator/admin')
export class SimulatorAdminController {
  constructor(@Inject(FATOORA_SIMULATOR) private readonly simulator: FatooraSimulator) {}

  @Get('faults')
  faults(): FaultSettings {
    return this.simulator.faults.current;
  }

  /** Partial update, e.g. {"serverErrorRate":1} or {"clearanceOff":true}. */
  @Put('faults')
  setFaults(@Body() change: Record<string, unknown>): FaultSettings {
    try {
      return this.simulator.faults.update(change ?? {});
    } catch (err) {
      throw new BadRequestException((err as Error).message);
    }
  }

  @Delete('faults')
  clearFaults(): FaultSettings {
    return this.simulator.faults.update({
      latencyMs: 0,
      serverErrorRate: 0,
      timeoutRate: 0,
      rateLimitRate: 0,
      clearanceOff: false,
      reportingStandard303: false,
    });
  }

  @Get('exchanges')
  exchanges(@Query('path') path?: string, @Query('limit') limit?: string) {
    return this.simulator.exchanges.list({ path, limit: limit ? Number(limit) : undefined });
  }

  @Delete('exchanges')
  @HttpCode(204)
  clearExchanges(): void {
    this.simulator.exchanges.clear();
  }

  /** Mints a one-time OTP (used when the simulator runs with otpMode 'one-time'). */
  @Post('otps')
  mintOtp(@Body() body: { purpose?: string; environment?: string; vatNumber?: string }) {
    const purpose = body?.purpose ?? 'onboarding';
    const environment = body?.environment ?? 'sandbox';
    if (purpose !== 'onboarding' && purpose !== 'renewal')
      throw new BadRequestException('purpose is onboarding or renewal');
    if (!isFatooraEnvironment(environment))
      throw new BadRequestException('environment is sandbox, simulation or production');
    return this.simulator.otps.mint(purpose, environment, body?.vatNumber);
  }

  /** Issued CSIDs without secrets. */
  @Get('csids')
  csids() {
    return this.simulator.state
      .listCsids()
      .map(({ secretHash: _s, csrDerBase64: _c, ...rest }) => rest);
  }

  @Post('csids/:requestId/revoke')
  revoke(@Param('requestId') requestId: string) {
    const record = this.simulator.state.updateCsid(requestId, (r) => (r.revoked = true));
    if (!record) throw new NotFoundException(`no CSID with requestID ${requestId}`);
    return { requestId, revoked: true };
  }

  /** The CA certificates, to trust or inspect the simulator's issuing CAs. */
  @Get('ca')
  ca() {
    return (['sandbox', 'simulation', 'production'] as const).map((environment) => {
      const { certificate } = this.simulator.ca.identity(environment);
      return { environment, issuerName: certificate.issuerName, pem: toPem(certificate.der) };
    });
  }
}
