import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';

/**
 * Knows whether a request reached the server. ZATCA may have processed a request once the
 * connection was up (TLS handshake done for https) and the request written; before that a
 * failure is safe to retry at once (spec 8.1: resend the identical payload either way).
 */
export class SendTracker {
  private connected = false;

  get requestSent(): boolean {
    return this.connected;
  }

  /** An axios `transport` that builds the native request and watches its socket. */
  transport(): { request: typeof http.request } {
    const request = ((
      options: http.RequestOptions,
      callback?: (res: http.IncomingMessage) => void,
    ) => {
      const native = options.protocol === 'https:' ? https.request : http.request;
      const req = native(options, callback);
      req.on('socket', (socket: Socket) => this.watch(socket));
      return req;
    }) as typeof http.request;
    return { request };
  }

  private watch(socket: Socket): void {
    const tls = (socket as Socket & { encrypted?: boolean }).encrypted === true;
    // A reused keep-alive socket is already up.
    if (
      !socket.connecting &&
      (!tls || (socket as Socket & { authorized?: boolean }).authorized !== undefined)
    ) {
      this.connected = true;
      return;
    }
    socket.once(tls ? 'secureConnect' : 'connect', () => (this.connected = true));
  }
}
