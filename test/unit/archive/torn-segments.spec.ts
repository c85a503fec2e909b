import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvoiceArchive } from '../../../src/archive/invoice-archive';
import { TarSegment } from '../../../src/archive/tar-segment';
import { repairTornSegments, tornTailAt } from '../../../src/archive/torn-segments';
import { loadPipelineConfig } from '../../../src/pipeline/pipeline-config';

const at = new Date('2026-11-22T10:00:00Z');

/** GNU tar's listing of a segment, and whether it read the file to its end without an error. */
function gnuTar(path: string): { names: string[]; ok: boolean } {
  const run = spawnSync('tar', ['-tf', path], { encoding: 'utf8' });
  return { names: run.stdout.split('\n').filter(Boolean), ok: run.status === 0 };
}

function tornAt(path: string): number | undefined {
  const fd = openSync(path, 'r');
  try {
    return tornTailAt(fd);
  } finally {
    closeSync(fd);
  }
}

/** A segment with three documents, the last one with a name long enough for a pax header. */
function segmentOfThree(dir: string, file = 'seg.tar'): { path: string; lastStart: number } {
  const path = join(dir, file);
  const segment = new TarSegment(path);
  segment.append('a.xml', '<Invoice>أ</Invoice>', at);
  segment.append('b.xml', Buffer.from('<Invoice>b</Invoice>'), at);
  const lastStart = statSync(path).size;
  segment.append(`${'c'.repeat(120)}.xml`, '<Invoice>' + 'x'.repeat(3000) + '</Invoice>', at);
  segment.close();
  return { path, lastStart };
}

describe('torn tar segments', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'zatca-torn-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds no torn entry in a whole segment, nor in one that ends with end-of-archive blocks', () => {
    const { path } = segmentOfThree(dir);
    expect(gnuTar(path).ok).toBe(true);
    expect(tornAt(path)).toBeUndefined();
    writeFileSync(path, Buffer.alloc(1024), { flag: 'a' });
    expect(tornAt(path)).toBeUndefined();
  });

  it('finds where the last entry starts (its pax header) wherever the write was cut', () => {
    const { path, lastStart } = segmentOfThree(dir);
    const whole = readFileSync(path);
    // Cut at every block inside the last entry, and at a few odd offsets.
    const cuts = [lastStart + 1, lastStart + 300, whole.length - 1, whole.length - 700];
    for (let cut = lastStart + 512; cut < whole.length; cut += 512) cuts.push(cut);
    for (const cut of cuts) {
      writeFileSync(path, whole.subarray(0, cut));
      expect({ cut, torn: tornAt(path) }).toEqual({ cut, torn: lastStart });
    }
  });

  it('treats a header that fails its checksum as torn', () => {
    const { path, lastStart } = segmentOfThree(dir);
    const bytes = readFileSync(path);
    bytes[lastStart + 5] ^= 0x01; // in the pax header's name
    writeFileSync(path, bytes);
    expect(tornAt(path)).toBe(lastStart);
  });

  it("cuts the torn tail of a dead writer of this host, and leaves live writers', other hosts' and old segments alone", () => {
    // The folder of the current year: only the years that can hold a recent segment are read.
    const folder = join(dir, 'signed', String(new Date().getUTCFullYear()));
    const pastYear = join(dir, 'signed', '2019');
    mkdirSync(folder, { recursive: true });
    mkdirSync(pastYear, { recursive: true });
    const make = (name: string, inFolder = folder) => {
      const { path, lastStart } = segmentOfThree(inFolder, name);
      truncateSync(path, lastStart + 2048); // killed mid-write
      return { path, lastStart };
    };
    const dead = make(`2026-11-22_${hostname()}-111111-aa11aa.tar`);
    const live = make(`2026-11-22_${hostname()}-222222-bb22bb.tar`);
    const otherHost = make('2026-11-22_elsewhere-111111-cc33cc.tar');
    const old = make(`2026-11-01_${hostname()}-111111-dd44dd.tar`);
    const eightDaysAgo = (Date.now() - 8 * 86_400_000) / 1000;
    utimesSync(old.path, eightDaysAgo, eightDaysAgo);
    const inPastYear = make(`2019-06-01_${hostname()}-111111-ff66ff.tar`, pastYear);
    const whole = make(`2026-11-21_${hostname()}-333333-ee55ee.tar`);
    truncateSync(whole.path, whole.lastStart); // ends after a whole entry

    const cut = repairTornSegments(dir, Date.now(), (pid) => pid === 222222);

    expect(cut).toEqual([dead.path]);
    expect(statSync(dead.path).size).toBe(dead.lastStart);
    expect(gnuTar(dead.path)).toEqual({ names: ['a.xml', 'b.xml'], ok: true });
    for (const untouched of [live, otherHost, old, inPastYear])
      expect(statSync(untouched.path).size).toBe(untouched.lastStart + 2048);
    expect(gnuTar(live.path).ok).toBe(false);
  });

  it('is done when the archive starts, before it appends anything', () => {
    const first = new InvoiceArchive({ ...loadPipelineConfig({}), archiveDir: dir });
    const doc = (n: string) => ({
      sellerVat: '399999999900003',
      invoiceNumber: n,
      signedXml: `<Invoice><cbc:ID>${n}</cbc:ID><cbc:IssueDate>2026-11-22</cbc:IssueDate><cbc:IssueTime>09:05:00</cbc:IssueTime>${'x'.repeat(6000)}</Invoice>`,
    });
    return (async () => {
      await first.store(doc('ONE'), new Date());
      await first.store(doc('TWO'), new Date());
      first.onApplicationShutdown();
      // The segment, as if its writer (a process that has exited) was killed in the second write.
      const folder = join(dir, 'signed', String(new Date().getUTCFullYear()));
      const [file] = readdirSync(folder);
      const dead = join(folder, file.replace(/-\d+-([0-9a-f]+)\.tar$/, '-999999999-$1.tar'));
      renameSync(join(folder, file), dead);
      const full = statSync(dead).size;
      truncateSync(dead, full - 1024);
      expect(gnuTar(dead).ok).toBe(false);

      const second = new InvoiceArchive({ ...loadPipelineConfig({}), archiveDir: dir });
      second.onApplicationBootstrap();
      second.onApplicationShutdown();
      expect(gnuTar(dead)).toEqual({
        names: ['399999999900003_20261122T090500_ONE.xml'],
        ok: true,
      });
    })();
  });
});
