import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStylesheet } from '../../../../src/core/validation/schematron/compiled-stylesheet';
import { compiledSefPath, sefCacheDir } from '../../../../src/core/validation/schematron/sef-cache';
import { svrlFindings } from '../../../../src/core/validation/schematron/svrl-findings';
import { parseForSaxon } from '../../../../src/core/validation/saxon-document';

const COMPILE_TIMEOUT = 60_000;

/** A tiny schematron-like stylesheet: flags every <item> whose text is not a number. */
const XSL = (flag: string) => `<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:svrl="http://purl.oclc.org/dsdl/svrl">
  <xsl:template match="/">
    <svrl:schematron-output>
      <xsl:for-each select="//item[not(. castable as xs:decimal)]" xmlns:xs="http://www.w3.org/2001/XMLSchema">
        <svrl:failed-assert location="{path(.)}" flag="${flag}" id="NUM-1">
          <svrl:text>[NUM-1]-Item must be a number.</svrl:text>
        </svrl:failed-assert>
      </xsl:for-each>
    </svrl:schematron-output>
  </xsl:template>
</xsl:stylesheet>`;

describe('SEF cache', () => {
  const saved = process.env.ZATCA_CACHE_DIR;
  const cacheRoot = mkdtempSync(join(tmpdir(), 'sef-cache-'));
  const xslDir = mkdtempSync(join(tmpdir(), 'xsl-'));
  beforeAll(() => (process.env.ZATCA_CACHE_DIR = cacheRoot));
  afterAll(() => {
    if (saved === undefined) delete process.env.ZATCA_CACHE_DIR;
    else process.env.ZATCA_CACHE_DIR = saved;
  });

  it(
    'compiles an XSL once into $ZATCA_CACHE_DIR/sef, keyed by its SHA-256, and reuses it',
    async () => {
      const xslPath = join(xslDir, 'numbers.xsl');
      writeFileSync(xslPath, XSL('error'));
      const sha256 = createHash('sha256').update(readFileSync(xslPath)).digest('hex');

      const first = await compiledSefPath(xslPath);
      expect(first.startsWith(join(cacheRoot, 'sef'))).toBe(true);
      expect(sefCacheDir()).toBe(join(cacheRoot, 'sef'));
      expect(first).toContain(`numbers.${sha256}.`);
      const compiledAt = statSync(first).mtimeMs;

      expect(await compiledSefPath(xslPath)).toBe(first);
      expect(statSync(first).mtimeMs).toBe(compiledAt);

      // Changed rules → a new key, never the stale stylesheet.
      writeFileSync(xslPath, XSL('warning'));
      const second = await compiledSefPath(xslPath);
      expect(second).not.toBe(first);
    },
    COMPILE_TIMEOUT,
  );

  it(
    'runs the compiled stylesheet with SaxonJS and reads its SVRL into findings',
    async () => {
      const xslPath = join(xslDir, 'run.xsl');
      writeFileSync(xslPath, XSL('error'));
      const stylesheet = await loadStylesheet(xslPath);
      expect(await loadStylesheet(xslPath)).toBe(stylesheet);

      const svrl = stylesheet.run(parseForSaxon('<list><item>1.5</item><item>abc</item></list>'));

      expect(svrlFindings(svrl, 'ksa')).toEqual([
        {
          stage: 'ksa',
          code: 'NUM-1',
          severity: 'error',
          message: 'Item must be a number.',
          location: '/list[1]/item[2]', // SaxonJS writes /Q{}list[1]/Q{}item[2]
        },
      ]);
    },
    COMPILE_TIMEOUT,
  );
});
