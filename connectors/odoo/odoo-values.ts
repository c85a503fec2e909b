/** Odoo's value conventions: many2one `[id, name]` or false; empty fields `false`. */
export type Many2one = [number, string] | false;

export function m2oId(value: unknown): number | null {
  return Array.isArray(value) && typeof value[0] === 'number' ? value[0] : null;
}

export function m2oName(value: unknown): string | null {
  return Array.isArray(value) && typeof value[1] === 'string' ? value[1] : null;
}

/** A char field: false / null / blank become undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Odoo UTC datetime "YYYY-MM-DD HH:MM:SS[.ffffff]" → ISO instant with Z. */
export function odooUtc(value: string): string {
  return `${value.slice(0, 19).replace(' ', 'T')}Z`;
}
