import { All, Controller, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { environmentOfSegment, type FatooraSimulator } from '../simulator';
import { FATOORA_SIMULATOR } from './simulator-tokens';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * ZATCA's paths under /e-invoicing/{developer-portal|simulation|core}, so a client pointed at
 * this host with its environment's prefix talks to the simulator unchanged (spec 6.1, 6.3).
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
    const started = Date.now();
    const environment = environmentOfSegment(segment);
    const route = req.path.slice(req.path.indexOf(segment) + segment.length);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [
        k.toLowerCase(),
        Array.isArray(v) ? v.join(', ') : v,
      ]),
    );
    const plan = this.simulator.faults.plan();
    if (plan.latencyMs > 0) await sleep(plan.latencyMs);
    const answer = !environment
      ? { status: 404, body: { code: 'Not-Found', message: `Unknown environment ${segment}` } }
      : (plan.replaceWith ??
        (await this.simulator.handle({
          environment,
          method: req.method,
          route,
          headers,
          body: req.body as unknown,
        })));
    const exchange = {
      at: new Date(started).toISOString(),
      environment: environment ?? segment,
      method: req.method,
      path: req.path,
      requestHeaders: req.headers,
      requestBody: req.body as unknown,
      responseHeaders: answer.headers ?? {},
      responseBody: answer.body,
      fault: plan.name,
    };
    if (plan.holdMs !== undefined) {
      // Processed, but the answer never leaves: the client sees a timeout after sending.
      this.simulator.exchanges.record({
        ...exchange,
        status: null,
        durationMs: Date.now() - started,
      });
      await Promise.race([
        sleep(plan.holdMs),
        new Promise((resolve) => req.socket.once('close', resolve)),
      ]);
      if (!res.headersSent && !req.socket.destroyed)
        res.status(504).json({ message: 'Gateway Timeout' });
      return;
    }
    this.simulator.exchanges.record({
      ...exchange,
      status: answer.status,
      durationMs: Date.now() - started,
    });
    res
      .status(answer.status)
      .set(answer.headers ?? {})
      .json(answer.body);
  }
}
