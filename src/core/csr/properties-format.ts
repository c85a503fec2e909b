/**
 * A reader for the Java `.properties` format the ZATCA SDK's csr-config files use, following
 * java.util.Properties.load: `#`/`!` comments, `=`, `:` or white space between key and value,
 * backslash line continuation and the escapes \t \n \r \f \uXXXX. Unlike Properties.load on a
 * stream (ISO-8859-1), text is UTF-8, as the SDK's Arabic examples are written.
 */

export interface PropertyEntry {
  key: string;
  value: string;
  /** 1-based line where the entry starts, for error messages. */
  line: number;
}

export class PropertiesSyntaxError extends Error {
  override readonly name = 'PropertiesSyntaxError';
}

const WHITESPACE = new Set([' ', '\t', '\f']);

/** Entries in file order; duplicates are kept so callers can refuse them. */
export function parseProperties(text: string): PropertyEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const entries: PropertyEntry[] = [];
  for (let index = 0; index < lines.length; index++) {
    const startLine = index + 1;
    let logical = skipLeadingWhitespace(lines[index]);
    if (logical === '' || logical.startsWith('#') || logical.startsWith('!')) continue;
    while (endsWithContinuation(logical) && index + 1 < lines.length) {
      index++;
      logical = logical.slice(0, -1) + skipLeadingWhitespace(lines[index]);
    }
    if (endsWithContinuation(logical)) logical = logical.slice(0, -1);
    entries.push({ ...splitKeyValue(logical, startLine), line: startLine });
  }
  return entries;
}

function skipLeadingWhitespace(line: string): string {
  let start = 0;
  while (start < line.length && WHITESPACE.has(line[start])) start++;
  return line.slice(start);
}

/** An odd number of trailing backslashes continues the line; an even number is escaped. */
function endsWithContinuation(line: string): boolean {
  let count = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) count++;
  return count % 2 === 1;
}

function splitKeyValue(logical: string, line: number): { key: string; value: string } {
  let keyEnd = 0;
  while (keyEnd < logical.length) {
    const char = logical[keyEnd];
    if (char === '\\') {
      keyEnd += 2;
      continue;
    }
    if (char === '=' || char === ':' || WHITESPACE.has(char)) break;
    keyEnd++;
  }
  let valueStart = keyEnd;
  while (valueStart < logical.length && WHITESPACE.has(logical[valueStart])) valueStart++;
  if (logical[valueStart] === '=' || logical[valueStart] === ':') valueStart++;
  while (valueStart < logical.length && WHITESPACE.has(logical[valueStart])) valueStart++;
  return {
    key: unescape(logical.slice(0, Math.min(keyEnd, logical.length)), line),
    value: unescape(logical.slice(valueStart), line),
  };
}

const SIMPLE_ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescape(raw: string, line: number): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    if (char !== '\\' || i + 1 >= raw.length) {
      out += char;
      continue;
    }
    const next = raw[++i];
    if (next === 'u') {
      const hex = raw.slice(i + 1, i + 5);
      if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
        throw new PropertiesSyntaxError(`line ${line}: malformed \\uXXXX escape "\\u${hex}"`);
      }
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else {
      out += SIMPLE_ESCAPES[next] ?? next;
    }
  }
  return out;
}
