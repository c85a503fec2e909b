import { Test } from '@nestjs/testing';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvoiceArchive } from '../../../src/archive/invoice-archive';
import { ConfigError } from '../../../src/config/config-error';
import {
  loadPipelineConfig,
  PIPELINE_CONFIG,
  type PipelineConfig,
} from '../../../src/pipeline/pipeline-config';
import { until } from '../../support/wait';

const DAY = 86_400_000;
/** The sweep's "now": 1 March 2032, so six years back crosses the leap days of 2028 and 2032. */
const NOW = Date.UTC(2032, 2, 1, 12, 0, 0);

/** `years` calendar years before `at` (UTC), then `days` more (negative: fewer). */
const yearsBefore = (at: number, years: number, days = 0): number => {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.getTime() - days * DAY;
};

/** A minimal signed document: the archive only reads IssueDate and IssueTime from it. */
const xml = (number: string, issueDate: string) =>
  `<Invoice><cbc:ID>${number}</cbc:ID><cbc:IssueDate>${issueDate}</cbc:IssueDate><cbc:IssueTime>10:15:00</cbc:IssueTime></Invoice>`;

/**
 * The archive's retention sweep on real files in a temp folder (spec 8.5: 6 years under the
 * VAT Implementing Regulations art. 66): older files go, younger ones never, and no setting
 * can make the retention shorter than 6 years. For both formats: a file per document, and a
 * tar segment per day (dated by the day it was written).
 */
describe.each(['tar', 'files'] as const)('archive retention (ARCHIVE_FORMAT=%s)', (format) => {
  let dir: string;
  const config = (env: Record<string, string> = {}): PipelineConfig => ({
    ...loadPipelineConfig({ ARCHIVE_FORMAT: format, ...env }),
    archiveDir: dir,
  });

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'zatca-retention-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * Archives a standard document (signed + cleared copy), written at `mtime`, and dates both
   * files `mtime`: the document files, or the day's tar segments holding them.
   */
  async function archived(
    archive: InvoiceArchive,
    number: string,
    mtime: number,
  ): Promise<string[]> {
    const issueDate = new Date(mtime).toISOString().slice(0, 10);
    const stored = await archive.store(
      {
        sellerVat: '399999999900003',
        invoiceNumber: number,
        signedXml: xml(number, issueDate),
        clearedXml: xml(number, issueDate) + '<!-- cleared -->',
      },
      new Date(mtime),
    );
    const cleared = stored.split('#')[0];
    const signed = cleared.replace(`${join(dir, 'cleared')}`, join(dir, 'signed'));
    for (const path of [signed, cleared]) utimesSync(path, new Date(mtime), new Date(mtime));
    return [signed, cleared];
  }

  it('deletes signed and cleared files older than 6 years and keeps every younger one', async () => {
    const archive = new InvoiceArchive(config());
    const files = {
      tenYears: await archived(archive, 'INV/10Y', yearsBefore(NOW, 10)),
      sixYearsAndADay: await archived(archive, 'INV/6Y+1D', yearsBefore(NOW, 6, 1)),
      sixYearsAndAnHour: await archived(archive, 'INV/6Y+1H', yearsBefore(NOW, 6) - 3_600_000),
      sixYearsLessADay: await archived(archive, 'INV/6Y-1D', yearsBefore(NOW, 6, -1)),
      fiveYears: await archived(archive, 'INV/5Y', yearsBefore(NOW, 5)),
      yesterday: await archived(archive, 'INV/1D', NOW - DAY),
      future: await archived(archive, 'INV/FUT', NOW + DAY),
    };
    for (const paths of Object.values(files)) {
      expect(paths[0]).toMatch(
        format === 'tar'
          ? /[/\\]signed[/\\]\d{4}[/\\]\d{4}-\d\d-\d\d_[^/\\]+\.tar$/
          : /[/\\]signed[/\\]\d{4}[/\\]399999999900003_\d{8}T101500_INV-/,
      );
      expect(paths[1]).toMatch(/[/\\]cleared[/\\]\d{4}[/\\]/);
      for (const p of paths) expect(existsSync(p)).toBe(true);
    }

    expect(await archive.sweep(NOW)).toBe(6);
    const kept = (name: keyof typeof files) => files[name].map((p) => existsSync(p));
    expect(kept('tenYears')).toEqual([false, false]);
    expect(kept('sixYearsAndADay')).toEqual([false, false]);
    expect(kept('sixYearsAndAnHour')).toEqual([false, false]);
    expect(kept('sixYearsLessADay')).toEqual([true, true]);
    expect(kept('fiveYears')).toEqual([true, true]);
    expect(kept('yesterday')).toEqual([true, true]);
    expect(kept('future')).toEqual([true, true]);

    // A second sweep finds nothing more; a day later the one that was a day short goes too.
    expect(await archive.sweep(NOW)).toBe(0);
    expect(await archive.sweep(NOW + 2 * DAY)).toBe(2);
    expect(kept('sixYearsLessADay')).toEqual([false, false]);
    expect(kept('fiveYears')).toEqual([true, true]);
  });

  it('keeps files for a longer retention when ARCHIVE_RETENTION_YEARS says so', async () => {
    const archive = new InvoiceArchive(config({ ARCHIVE_RETENTION_YEARS: '10' }));
    const nine = await archived(archive, 'INV-9Y', yearsBefore(NOW, 9));
    const eleven = await archived(archive, 'INV-11Y', yearsBefore(NOW, 11));
    expect(await archive.sweep(NOW)).toBe(2);
    expect(nine.map((p) => existsSync(p))).toEqual([true, true]);
    expect(eleven.map((p) => existsSync(p))).toEqual([false, false]);
  });

  it('leaves what is not an archived file alone and does not stop on it', async () => {
    const archive = new InvoiceArchive(config());
    const old = yearsBefore(NOW, 7);
    const [signed] = await archived(archive, 'INV-7Y', old);
    // A folder inside a year folder (someone's copy) and a stray file at the top.
    const nested = join(dir, 'signed', new Date(old).toISOString().slice(0, 4), 'aside');
    mkdirSync(nested);
    utimesSync(nested, new Date(old), new Date(old));
    writeFileSync(join(dir, 'README'), 'not an invoice');
    utimesSync(join(dir, 'README'), new Date(old), new Date(old));
    expect(await archive.sweep(NOW)).toBe(2);
    expect(existsSync(signed)).toBe(false);
    expect(existsSync(nested)).toBe(true);
    expect(existsSync(join(dir, 'README'))).toBe(true);
  });

  it('refuses a retention below 6 years in the configuration', () => {
    for (const value of ['5', '0', '1', '5.9', '-6', 'six']) {
      let error: unknown;
      try {
        loadPipelineConfig({ ARCHIVE_RETENTION_YEARS: value });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        expect.stringMatching(/^ARCHIVE_RETENTION_YEARS: /),
      ]);
    }
    expect(loadPipelineConfig({ ARCHIVE_RETENTION_YEARS: '6' }).archiveRetentionYears).toBe(6);
    expect(loadPipelineConfig({}).archiveRetentionYears).toBe(6);
  });

  it('refuses to sweep with a retention below 6 years given past the configuration', async () => {
    const archive = new InvoiceArchive({ ...config(), archiveRetentionYears: 2 });
    const three = await archived(archive, 'INV-3Y', yearsBefore(NOW, 3));
    await expect(archive.sweep(NOW)).rejects.toThrow(/at least 6 years/);
    expect(three.map((p) => existsSync(p))).toEqual([true, true]);
  });

  it('sweeps once when the process starts, not only after a day of uptime', async () => {
    const archive = new InvoiceArchive(config());
    const old = await archived(archive, 'INV-OLD', yearsBefore(Date.now(), 7));
    const young = await archived(archive, 'INV-NEW', Date.now() - DAY);
    const moduleRef = await Test.createTestingModule({
      providers: [InvoiceArchive, { provide: PIPELINE_CONFIG, useValue: config() }],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      await until(
        () => Promise.resolve(existsSync(old[0]) ? undefined : true),
        5000,
        'the start-up sweep',
      );
      expect(old.map((p) => existsSync(p))).toEqual([false, false]);
      expect(young.map((p) => existsSync(p))).toEqual([true, true]);
    } finally {
      await app.close();
    }
  });
});
