import { answerJson, replyJson } from '../../../src/simulator/answers/answer-json';
import { acceptedLineJson, type AcceptedLine } from '../../../src/simulator/state/accepted-log';

describe('answer JSON, made once', () => {
  it('is JSON.stringify of the body, the same text each time for the same body', () => {
    const body = { clearedInvoice: 'PEludm9pY2U+', validationResults: { status: 'PASS' } };
    const first = answerJson(body);
    expect(first).toBe(JSON.stringify(body));
    expect(answerJson(body)).toBe(first);
    // A new body is serialized on its own, even with equal content.
    const other = { ...body, clearedInvoice: 'other' };
    expect(answerJson(other)).toBe(JSON.stringify(other));
    for (const value of [null, undefined, 'text', 7, true]) {
      expect(answerJson(value)).toBe(JSON.stringify(value));
    }
  });

  it('hands the kept text to the reply once, then forgets it', () => {
    const body = { clearedInvoice: 'QUJD' };
    const kept = answerJson(body);
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      expect(replyJson(body)).toBe(kept);
      expect(stringify).not.toHaveBeenCalled(); // the kept text, not a new one
      expect(replyJson(body)).toBe(JSON.stringify(body)); // made again: nothing kept
      expect(stringify).toHaveBeenCalledTimes(2);
    } finally {
      stringify.mockRestore();
    }
    expect(replyJson({ never: 'kept' })).toBe('{"never":"kept"}');
  });

  it('writes accepted lines exactly as JSON.stringify does', () => {
    const bodies: unknown[] = [
      { validationResults: { infoMessages: [], status: 'PASS' }, clearedInvoice: 'AAAA' },
      { message: 'quote " backslash \\ newline \n فاتورة \u2028' },
      null,
      'a string body',
      undefined,
    ];
    for (const body of bodies) {
      const line: AcceptedLine = {
        entry: { key: 'sandbox:abc"=', status: 208, body, at: '2026-11-22T05:00:00.000Z' },
        dropBefore: '2026-11-21T05:00:00.000Z',
      };
      expect(acceptedLineJson(line)).toBe(JSON.stringify(line));
      expect(JSON.parse(acceptedLineJson(line))).toEqual(JSON.parse(JSON.stringify(line)));
    }
  });
});
