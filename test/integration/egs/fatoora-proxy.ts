import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FailingProxy {
  url: string;
  /** Requests answered 503 by the proxy itself. */
  failed: string[];
  close(): Promise<void>;
}

/**
 * A network edge between us and the simulator that answers 503 to the requests `fail` picks
 * (ZATCA down at one step), and forwards the rest untouched.
 */
export async function startFailingProxy(
  target: string,
  fail: (method: string, path: string) => boolean,
): Promise<FailingProxy> {
  const failed: string[] = [];
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    if (fail(method, path)) {
      failed.push(`${method} ${path}`);
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Service Unavailable' }));
      return;
    }
    const out = forward(
      { host: upstream.hostname, port: upstream.port, method, path, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    failed,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
