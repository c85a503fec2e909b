import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../../project-root';

const run = promisify(execFile);

/** ${ZATCA_CACHE_DIR:-<projectRoot>/.cache}/sef: compiled stylesheets survive across runs. */
export function sefCacheDir(): string {
  const base = process.env.ZATCA_CACHE_DIR ?? join(projectRoot, '.cache');
  return join(base, 'sef');
}

/**
 * The cache key is the XSL's SHA-256 plus the compiler's version: a changed rules file or a
 * newer SaxonJS (whose SEF format may differ) gets a fresh compile, never a stale stylesheet.
 */
export function sefCachePath(xslPath: string): string {
  const sha256 = createHash('sha256').update(readFileSync(xslPath)).digest('hex');
  const name = basename(xslPath).replace(/\.xslt?$/i, '');
  return join(sefCacheDir(), `${name}.${sha256}.xslt3-${compilerVersion()}.sef.json`);
}

/**
 * Returns the path of the XSL's compiled SEF, compiling it with the `xslt3` package first when
 * the cache has none (about 6 s for ZATCA's KSA rules). xslt3 runs as a child process because
 * its compiler has no public API; the result is renamed into place so that concurrent
 * processes never read a half-written file.
 */
export async function compiledSefPath(xslPath: string): Promise<string> {
  const target = sefCachePath(xslPath);
  if (existsSync(target)) return target;

  mkdirSync(sefCacheDir(), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  try {
    await run(process.execPath, [
      xslt3Script(),
      `-xsl:${xslPath}`,
      `-export:${partial}`,
      '-nogo',
      // Relocatable: the SEF does not embed this machine's path, the base URI is given at run time.
      '-relocate:on',
    ]);
    renameSync(partial, target);
  } catch (err) {
    rmSync(partial, { force: true });
    const detail = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
    throw new Error(`compiling ${xslPath} with xslt3 failed: ${detail.split('\n')[0]}`);
  }
  return target;
}

function xslt3Script(): string {
  return require.resolve('xslt3/xslt3.js');
}

function compilerVersion(): string {
  const pkg = JSON.parse(readFileSync(require.resolve('xslt3/package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
