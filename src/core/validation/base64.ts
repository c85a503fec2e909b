/** Strict base64 (RFC 4648 alphabet, padded): what ZATCA means by "base64 encoded". */
export function isBase64(text: string): boolean {
  return text.length > 0 && text.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text);
}
