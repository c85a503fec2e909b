import { InvalidInputError, validateDocument } from '../../../../src/core/validation';

describe('input that is not XML', () => {
  it.each([
    ['plain text', 'hello', /^in\.xml: not well-formed XML: missing root element$/],
    ['JSON', '{"a":1}', /^in\.xml: not well-formed XML: missing root element$/],
    ['mismatched tags', '<a>\n<b></a>', /^in\.xml: not well-formed XML \(line 2\): .*"b" != "a"/],
    ['an empty file', '', /^in\.xml: not well-formed XML: missing root element$/],
  ])('%s is rejected with a one-line InvalidInputError', async (_what, text, message) => {
    const attempt = validateDocument(text, { name: 'in.xml' });
    await expect(attempt).rejects.toThrow(InvalidInputError);
    await expect(attempt).rejects.toThrow(message);
    await attempt.catch((err: Error) => expect(err.message).not.toContain('\n'));
  });
});
