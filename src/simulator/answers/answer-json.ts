// A clearance answer carries the cleared document in base64 (~20 KB): the accepted log writes
// its JSON and the HTTP layer sends it, and JSON.stringify scans that string each time.
const texts = new WeakMap<object, string>();

/**
 * The JSON text of an answer body, made once per body object and reused. Answer bodies are not
 * changed once made (a changed copy is a new object).
 */
export function answerJson(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return JSON.stringify(body);
  let text = texts.get(body);
  if (text === undefined) {
    text = JSON.stringify(body);
    texts.set(body, text);
  }
  return text;
}
