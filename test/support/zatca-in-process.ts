import { buildProgram } from '../../src/cli/program';

/**
 * Runs `zatca <args>` in this process and returns what it printed. `env` is added to the
 * environment, or with `onlyEnv` is all of it (PATH kept): a test of configuration must not
 * inherit a variable from the shell that runs it.
 */
export async function zatcaInProcess(
  args: string[],
  env: Record<string, string>,
  { onlyEnv = false } = {},
): Promise<string> {
  const saved = process.env;
  process.env = onlyEnv ? { PATH: saved.PATH, ...env } : { ...saved, ...env };
  let printed = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  try {
    await buildProgram()
      .exitOverride()
      .parseAsync(['node', 'zatca', ...args]);
    return printed;
  } finally {
    spy.mockRestore();
    process.env = saved;
  }
}
