import { All, Controller, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { FatooraSimulator } from '../simulator';
import { serveFatoora } from './serve-fatoora';
import { FATOORA_SIMULATOR } from './simulator-tokens';

/**
 * ZATCA's paths under /e-invoicing/{developer-portal|simulation|core}, so a client pointed at
 * this host with its environment's prefix talks to the simulator unchanged (spec 6.1, 6.3).
 * The standalone simulator answers the invoice calls before Nest sees them (fatooraFastPath),
 * with the same serveFatoora.
 */
@ApiExcludeController()
@Controller('e-invoicing/:segment')
export class FatooraSimulatorController {
  constructor(@Inject(FATOORA_SIMULATOR) private readonly simulator: FatooraSimulator) {}

  @All([
    'compliance',
    'compliance/invoices',
    'production/csids',
    'invoices/reporting/single',
    'invoices/clearance/single',
  ])
  async serve(
    @Param('segment') segment: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const reply = await serveFatoora(this.simulator, {
      segment,
      method: req.method,
      path: req.path,
      headers: req.headers,
      body: req.body as unknown,
      socket: req.socket,
    });
    if (!reply || res.headersSent) return;
    res.status(reply.status).set(reply.headers).json(reply.body);
  }
}
