import { readFileSync } from 'node:fs';

/** Where the signing commands write; the process streams in the CLI, buffers in tests. */
export interface CommandOutput {
  stdout(text: string): void;
}

export const processOutput: CommandOutput = {
  stdout: (text) => void process.stdout.write(text),
};

/** Reads a UTF-8 file, failing with one line that names the file and the reason. */
export function readInputFile(path: string, what: string): string {
  return readInputBytes(path, what).toString('utf8');
}

export function readInputBytes(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code;
    throw new Error(`${path}: cannot read ${what} (${reason})`);
  }
}

/** Runs `fn`, prefixing any error with the file it concerns. */
export function aboutFile<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(message.startsWith(path) ? message : `${path}: ${message}`);
  }
}
