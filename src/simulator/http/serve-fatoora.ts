import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { environmentOfSegment, type FatooraSimulator } from '../simulator';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One request to ZATCA's paths, whoever parsed it (Nest, or the fast path). */
export interface FatooraHttpRequest {
  /** The environment's path segment: developer-portal, simulation or core. */
  segment: string;
  method: string;
  /** The URL path, without the query. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The JSON body as parsed, undefined when there was none. */
  body: unknown;
  socket: Socket;
}

/** What to send back: JSON `body` with `status` and `headers`. */
export interface FatooraHttpReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * Answers one request as ZATCA would, with the configured faults (latency, a replaced answer,
 * or an answer held back until the client gives up), and records the exchange. Null: nothing
 * may be sent (a held answer whose client went away).
 */
export async function serveFatoora(
  simulator: FatooraSimulator,
  req: FatooraHttpRequest,
): Promise<FatooraHttpReply | null> {
  const started = Date.now();
  const environment = environmentOfSegment(req.segment);
  const route = req.path.slice(req.path.indexOf(req.segment) + req.segment.length);
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [
      k.toLowerCase(),
      Array.isArray(v) ? v.join(', ') : v,
    ]),
  );
  const plan = simulator.faults.plan();
  if (plan.latencyMs > 0) await sleep(plan.latencyMs);
  const answer = !environment
    ? { status: 404, body: { code: 'Not-Found', message: `Unknown environment ${req.segment}` } }
    : (plan.replaceWith ??
      (await simulator.handle({
        environment,
        method: req.method,
        route,
        headers,
        body: req.body,
      })));
  const exchange = {
    at: new Date(started).toISOString(),
    environment: environment ?? req.segment,
    method: req.method,
    path: req.path,
    requestHeaders: req.headers,
    requestBody: req.body,
    responseHeaders: answer.headers ?? {},
    responseBody: answer.body,
    fault: plan.name,
  };
  if (plan.holdMs !== undefined) {
    // Processed, but the answer never leaves: the client sees a timeout after sending.
    simulator.exchanges.record({ ...exchange, status: null, durationMs: Date.now() - started });
    await Promise.race([
      sleep(plan.holdMs),
      new Promise((resolve) => req.socket.once('close', resolve)),
    ]);
    return req.socket.destroyed
      ? null
      : { status: 504, headers: {}, body: { message: 'Gateway Timeout' } };
  }
  simulator.exchanges.record({
    ...exchange,
    status: answer.status,
    durationMs: Date.now() - started,
  });
  return { status: answer.status, headers: answer.headers ?? {}, body: answer.body };
}
