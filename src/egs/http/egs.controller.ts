import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CompanyInputSchema } from '../companies/company-input';
import { CompanyService } from '../companies/company.service';
import { OnboardingService } from '../onboarding/onboarding.service';
import { RenewalMonitor } from '../renewal/renewal-monitor';
import { RenewalService } from '../renewal/renewal.service';
import { EgsStatusService } from '../status/egs-status.service';
import { StepRecorder } from '../steps/step-recorder';
import { UnitInputSchema } from '../units/unit-input';
import { UnitService } from '../units/unit.service';
import { parseInput } from '../zod-problems';
import { EgsErrorFilter } from './egs-error.filter';
import { openApiSchema } from './openapi-schema';
import { OtpInputSchema } from './otp-input';
import { companyView, stepView, unitView } from './views';

const ACTOR = 'operator:api';
const UNIT_PARAM = { name: 'unit', description: 'Unit id or name' };

/** Companies, EGS units, onboarding, renewal and status. Private keys are never returned. */
@ApiTags('egs')
@Controller('egs')
@UseFilters(EgsErrorFilter)
export class EgsController {
  constructor(
    private readonly companies: CompanyService,
    private readonly units: UnitService,
    private readonly onboarding: OnboardingService,
    private readonly renewal: RenewalService,
    private readonly status: EgsStatusService,
    private readonly steps: StepRecorder,
    private readonly monitor: RenewalMonitor,
  ) {}

  @Post('companies')
  @ApiOperation({ summary: 'Add a company (seller); VAT group members are separate companies' })
  @ApiBody({ schema: openApiSchema(CompanyInputSchema) })
  @ApiResponse({ status: 400, description: 'A field breaks a rule; `problems` names each one' })
  async createCompany(@Body() body: unknown) {
    return companyView(await this.companies.create(body, ACTOR));
  }

  @Get('companies')
  async listCompanies() {
    return (await this.companies.list()).map(companyView);
  }

  @Get('companies/:id')
  async getCompany(@Param('id') id: string) {
    return companyView(await this.companies.get(id));
  }

  @Post('units')
  @ApiOperation({ summary: 'Add an EGS unit; ZATCA’s CSR rules are checked now' })
  @ApiBody({ schema: openApiSchema(UnitInputSchema) })
  @ApiResponse({ status: 400, description: 'A field breaks a rule; `problems` names each one' })
  @ApiResponse({ status: 409, description: 'A unit with this name exists' })
  async createUnit(@Body() body: unknown) {
    return unitView(await this.units.create(body, ACTOR));
  }

  @Get('units')
  async listUnits(@Query('companyId') companyId?: string) {
    return (await this.units.list(companyId)).map(unitView);
  }

  @Get('units/:unit')
  @ApiParam(UNIT_PARAM)
  async getUnit(@Param('unit') unit: string) {
    return unitView(await this.units.find(unit));
  }

  @Post('units/:unit/onboard')
  @HttpCode(200)
  @ApiParam(UNIT_PARAM)
  @ApiOperation({
    summary:
      'Onboard: key, CSR, compliance CSID (OTP), compliance checks of every declared type, production CSID. A rerun continues from the failed step',
  })
  @ApiBody({ schema: openApiSchema(OtpInputSchema) })
  @ApiResponse({ status: 409, description: 'Already onboarded' })
  @ApiResponse({ status: 422, description: 'A step failed: `step`, `zatcaMessages`, `hint`' })
  async onboard(@Param('unit') unit: string, @Body() body: unknown) {
    const { otp } = parseInput(OtpInputSchema, body);
    return this.onboarding.onboard(unit, otp, ACTOR);
  }

  @Post('units/:unit/renew')
  @HttpCode(200)
  @ApiParam(UNIT_PARAM)
  @ApiOperation({
    summary:
      'Renew the production CSID (OTP): new CSR, renewal call, compliance checks if asked, atomic swap',
  })
  @ApiBody({ schema: openApiSchema(OtpInputSchema) })
  @ApiResponse({ status: 422, description: 'A step failed: `step`, `zatcaMessages`, `hint`' })
  async renew(@Param('unit') unit: string, @Body() body: unknown) {
    const { otp } = parseInput(OtpInputSchema, body);
    return this.renewal.renew(unit, otp, ACTOR);
  }

  @Get('units/:unit/status')
  @ApiParam(UNIT_PARAM)
  unitStatus(@Param('unit') unit: string) {
    return this.status.one(unit);
  }

  @Get('units/:unit/steps')
  @ApiParam(UNIT_PARAM)
  @ApiOperation({ summary: 'Every onboarding and renewal step of the unit, with ZATCA’s messages' })
  async unitSteps(@Param('unit') unit: string) {
    const found = await this.units.find(unit);
    return (await this.steps.history(found.id)).map(stepView);
  }

  @Get('status')
  @ApiOperation({ summary: 'Status of every unit' })
  allStatus() {
    return this.status.all();
  }

  @Post('renewal-check')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run the daily certificate expiry check now; returns the alerts raised',
  })
  renewalCheck() {
    return this.monitor.checkAll();
  }
}
