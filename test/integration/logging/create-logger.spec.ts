import { Writable } from 'node:stream';
import { createLogger } from '../../../src/logging/create-logger';

/** A logger writing JSON lines into an array. */
function capture(level: 'info' | 'warn' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(chunk.toString());
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ logLevel: level }, destination), lines, raw };
}

describe('createLogger', () => {
  it('writes JSON with level, ISO time and message', () => {
    const { logger, lines } = capture();
    logger.info({ invoice: 'INV-1' }, 'cleared');
    expect(lines[0]).toMatchObject({ level: 30, msg: 'cleared', invoice: 'INV-1' });
    expect(lines[0].time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('honours LOG_LEVEL', () => {
    const { logger, lines } = capture('warn');
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });

  it('redacts the Authorization header, secrets, private keys, passwords and OTPs', () => {
    const { logger, raw } = capture();
    logger.info({
      req: { headers: { authorization: 'Basic dG9rZW46c2VjcmV0', host: 'x' } },
      csid: { secret: 'csid-secret-1', privateKey: 'pk-2' },
      db: { password: 'pw-3' },
      onboarding: { otp: '123456' },
      password: 'pw-4',
    });
    const text = raw.join('');
    for (const secret of ['dG9rZW46c2VjcmV0', 'csid-secret-1', 'pk-2', 'pw-3', '123456', 'pw-4']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('"host":"x"');
    expect(text.match(/\[redacted\]/g)).toHaveLength(6);
  });

  it('masks credentials of URLs inside messages', () => {
    const { logger, lines } = capture();
    logger.error('lost mysql://zatca:hunter2@db:3306/einv, retrying');
    logger.error(new Error('boom'), 'mariadb://a:b@h/x failed');
    expect(lines[0].msg).toBe('lost mysql://zatca:***@db:3306/einv, retrying');
    expect(lines[1].msg).toBe('mariadb://a:***@h/x failed');
  });
});
