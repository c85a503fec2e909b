import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does with a request:
 * - `forward`: passes it to the target untouched;
 * - `refuse`: nothing listens on the port any more (connection refused, the host is down);
 * - `{ status }`: answers that status itself (a gateway saying 503, a 401, ...).
 */
export type ProxyMode = 'forward' | 'refuse' | { status: number; body?: unknown };

export interface ProxyRequest {
  at: number;
  method: string;
  path: string;
  /** The status the proxy answered itself, or 'forwarded'. */
  outcome: number | 'forwarded';
}

export interface OutageProxy {
  /** http://127.0.0.1:<port>; the port stays the same across `refuse` and back. */
  readonly url: string;
  readonly port: number;
  /** Requests that reached the proxy (none while it refuses connections). */
  readonly requests: ProxyRequest[];
  /**
   * Changes the mode for requests whose path matches `only` (default: all); the others are
   * forwarded. `refuse` always applies to every request (nothing listens).
   */
  set(mode: ProxyMode, only?: RegExp): Promise<void>;
  close(): Promise<void>;
}

/**
 * A network edge between the pipeline and the Fatoora simulator that can go down (connection
 * refused), answer errors of its own, or forward, on one stable port: ZATCA out for a while,
 * then back.
 */
export async function startOutageProxy(target: string): Promise<OutageProxy> {
  const upstream = new URL(target);
  const requests: ProxyRequest[] = [];
  const sockets = new Set<Socket>();
  let mode: ProxyMode = 'forward';
  let only: RegExp | undefined;

  const server: Server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const applies = !only || only.test(path);
    if (mode !== 'forward' && mode !== 'refuse' && applies) {
      const { status, body } = mode;
      requests.push({ at: Date.now(), method, path, outcome: status });
      req.resume();
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { code: 'Proxy', message: `HTTP ${status} from the proxy` }));
      return;
    }
    requests.push({ at: Date.now(), method, path, outcome: 'forwarded' });
    const out = forward(
      { host: upstream.hostname, port: upstream.port, method, path, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      // Kept-alive connections would otherwise still reach the target.
      for (const socket of sockets) socket.destroy();
    });

  await listen(0);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    async set(next, match) {
      if (next === 'refuse') await stop();
      else if (!server.listening) await listen(port);
      mode = next;
      only = match;
    },
    close: stop,
  };
}
