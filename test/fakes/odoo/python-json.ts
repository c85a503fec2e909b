/**
 * `json.dumps(vals, sort_keys=True, default=str)` as Odoo's webhook action writes its body
 * (capture odoo-webhook-deliveries.jsonl): keys sorted, ", " and ": " separators, floats in
 * Python's repr (552.0, 57.5), non-ASCII escaped (ensure_ascii), false/null as Python's JSON.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    // Odoo's monetary fields are Python floats; ids are ints (integers everywhere else here).
    return String(value);
  }
  if (value instanceof PyFloat) {
    return Number.isInteger(value.value) ? `${value.value}.0` : String(value.value);
  }
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .map((k) => `${pythonJsonDumps(k)}: ${pythonJsonDumps(record[k])}`)
    .join(', ')}}`;
}

/** A number Python holds as a float (monetary fields): written 552.0, not 552. */
export class PyFloat {
  constructor(readonly value: number) {}
}
