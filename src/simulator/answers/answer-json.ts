// A clearance answer carries the cleared document in base64 (~20 KB): the accepted log writes
// its JSON and the HTTP layer sends it, and JSON.stringify scans that string each time.
const texts = new WeakMap<object, string>();

/**
 * The JSON text of an answer body, kept for the reply (replyJson) until it is sent. Answer
 * bodies are not changed once made (a changed copy is a new object).
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

/**
 * The JSON text to send for an answer body: the one answerJson made, then forgotten (the
 * simulator keeps recent answers in memory, and their text would double what they hold), or
 * made now.
 */
export function replyJson(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return JSON.stringify(body);
  const text = texts.get(body);
  if (text === undefined) return JSON.stringify(body);
  texts.delete(body);
  return text;
}
