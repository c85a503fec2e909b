import { json } from 'body-parser';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { replyJson } from '../answers/answer-json';
import type { FatooraSimulator } from '../simulator';
import { serveFatoora, type FatooraHttpReply } from './serve-fatoora';

/** As the standalone simulator's Nest body parser: invoices are base64 XML, allow large ones. */
export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/** The invoice calls, as ZATCA's clients send them: exact lower-case path, a query at most. */
const INVOICE_CALL =
  /^\/e-invoicing\/([a-z-]+)(\/invoices\/reporting\/single|\/invoices\/clearance\/single|\/compliance\/invoices)(?:\?.*)?$/;
const JSON_TYPE = /^application\/json\s*(?:;\s*charset=(?:"utf-8"|utf-8)\s*)?$/i;

/**
 * A request listener that answers the invoice calls (reporting, clearance, compliance checks)
 * itself, with serveFatoora and the body parser Nest uses, and hands every other request to
 * `next` (the Nest application). Express and Nest cost ~250 µs of CPU per request here, against
 * ~80 µs for Node's HTTP server alone (scratch measurement, 20 KB bodies): a sixth of what the
 * simulator spends on an invoice, CPU the benchmark shares with the pipeline on 2 cores.
 *
 * It takes only what it answers exactly as Nest would: POST, JSON in UTF-8 with a length within
 * the limit, no content encoding; the rest (other methods, paths in other letter cases or with
 * a trailing slash, other types, chunked or compressed bodies) goes to Nest unchanged.
 */
export function fatooraFastPath(
  simulator: FatooraSimulator,
  next: RequestListener,
): RequestListener {
  const parse = json({ limit: BODY_LIMIT_BYTES });
  return (req, res) => {
    const call = req.method === 'POST' ? INVOICE_CALL.exec(req.url ?? '') : null;
    if (!call || !plainJsonBody(req)) {
      next(req, res);
      return;
    }
    const [, segment, route] = call;
    parse(req, res, (err?: unknown) => {
      if (err) {
        send(res, parseErrorReply(err));
        return;
      }
      serveFatoora(simulator, {
        segment,
        method: 'POST',
        path: `/e-invoicing/${segment}${route}`,
        headers: req.headers,
        body: (req as IncomingMessage & { body?: unknown }).body,
        socket: req.socket,
      }).then(
        (reply) => reply && send(res, reply),
        // As Nest answers an exception it does not know.
        () => send(res, { status: 500, headers: {}, body: INTERNAL_ERROR }),
      );
    });
  };
}

const INTERNAL_ERROR = { statusCode: 500, message: 'Internal server error' };

function plainJsonBody(req: IncomingMessage): boolean {
  const { headers } = req;
  const length = Number(headers['content-length']);
  return (
    JSON_TYPE.test(headers['content-type'] ?? '') &&
    Number.isInteger(length) &&
    length > 0 &&
    length <= BODY_LIMIT_BYTES &&
    headers['transfer-encoding'] === undefined &&
    (headers['content-encoding'] === undefined || headers['content-encoding'] === 'identity')
  );
}

/** Body parser errors (malformed JSON, a body shorter than announced) as Nest answers them. */
function parseErrorReply(err: unknown): FatooraHttpReply {
  const { status, message } = err as { status?: number; message?: string };
  const code = status && status >= 400 && status < 500 ? status : 400;
  return {
    status: code,
    headers: {},
    body:
      code === 400
        ? { message, error: 'Bad Request', statusCode: 400 }
        : { statusCode: code, message },
  };
}

/** As express's res.status().set().json(): compact JSON in UTF-8, its length, no ETag. */
function send(res: ServerResponse, reply: FatooraHttpReply): void {
  if (res.headersSent || res.destroyed) return;
  const text = replyJson(reply.body);
  const body = Buffer.from(text ?? '', 'utf8');
  res.statusCode = reply.status;
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  if (!res.hasHeader('content-type'))
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.end(body);
}
