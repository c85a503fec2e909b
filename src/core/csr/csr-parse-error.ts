/** A CSR that is malformed or breaks ZATCA's rules; the message names the part at fault. */
export class CsrParseError extends Error {
  override readonly name = 'CsrParseError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid CSR: ${problems.join('; ')}`);
  }
}
