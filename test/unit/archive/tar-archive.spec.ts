import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvoiceArchive } from '../../../src/archive/invoice-archive';
import { loadPipelineConfig } from '../../../src/pipeline/pipeline-config';

/** node:fs itself (an `import * as` copy cannot be spied on): the archive's writes go through it. */
const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
const { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync } = fs;

const doc = (number: string, body = '') => ({
  sellerVat: '399999999900003',
  invoiceNumber: number,
  signedXml: `<Invoice><cbc:ID>${number}</cbc:ID><cbc:IssueDate>2026-11-22</cbc:IssueDate><cbc:IssueTime>09:05:00</cbc:IssueTime>${body}</Invoice>`,
});

/** What GNU tar finds in a segment: each entry's name and bytes, extracted to a folder. */
function gnuTarEntries(segment: string): Map<string, string> {
  const names = execFileSync('tar', ['-tf', segment], { encoding: 'utf8' }).split('\n');
  const out = mkdtempSync(join(tmpdir(), 'zatca-untar-'));
  try {
    execFileSync('tar', ['-xmf', segment, '-C', out]); // -m: today's time, not the entry's
    return new Map(
      names.filter(Boolean).map((name) => [name, readFileSync(join(out, name), 'utf8')]),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * ARCHIVE_FORMAT=tar (the default): documents appended to a tar file a day, read back with GNU
 * tar, the tool an auditor or a backup job uses on them.
 */
describe('tar archive', () => {
  let dir: string;
  let archives: InvoiceArchive[];
  const archive = () => {
    const made = new InvoiceArchive({ ...loadPipelineConfig({}), archiveDir: dir });
    archives.push(made);
    return made;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zatca-tar-'));
    archives = [];
  });
  afterEach(() => {
    for (const a of archives) a.onApplicationShutdown();
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the default format', () => {
    expect(loadPipelineConfig({}).archiveFormat).toBe('tar');
    expect(() => loadPipelineConfig({ ARCHIVE_FORMAT: 'zip' })).toThrow(
      /ARCHIVE_FORMAT: expected tar or files, got "zip"/,
    );
  });

  it('appends each document under its spec 8.5 name, bytes unchanged, long names and Arabic text included', async () => {
    const a = archive();
    const at = new Date('2026-11-22T10:00:00Z');
    const longNumber = 'INV/2026/' + 'X'.repeat(90); // the name passes ustar's 100 bytes
    const fullNumber = 'Y'.repeat(64); // the name fills them exactly
    const standard = {
      ...doc('INV/2026/0001', '<cbc:Note>فاتورة ضريبية</cbc:Note>'),
      clearedXml: '<Invoice>cleared</Invoice>',
    };
    const cleared = await a.store(standard, at);
    const simplified = await a.store(doc('SIM-7'), at);
    const long = await a.store(doc(longNumber), at);
    await a.store(doc(fullNumber), at);

    const [clearedSegment, clearedName] = cleared.split('#');
    expect(clearedSegment).toMatch(/[/\\]cleared[/\\]2026[/\\]2026-11-22_[^/\\]+\.tar$/);
    expect(clearedName).toBe('399999999900003_20261122T090500_INV-2026-0001.xml');
    const signedSegment = simplified.split('#')[0];
    expect(long.split('#')[0]).toBe(signedSegment);

    const signed = gnuTarEntries(signedSegment);
    expect([...signed.keys()]).toEqual([
      '399999999900003_20261122T090500_INV-2026-0001.xml',
      '399999999900003_20261122T090500_SIM-7.xml',
      `399999999900003_20261122T090500_INV-2026-${'X'.repeat(90)}.xml`,
      `399999999900003_20261122T090500_${'Y'.repeat(64)}.xml`,
    ]);
    expect(signed.get(`399999999900003_20261122T090500_INV-2026-${'X'.repeat(90)}.xml`)).toBe(
      doc(longNumber).signedXml,
    );
    expect(signed.get('399999999900003_20261122T090500_INV-2026-0001.xml')).toBe(
      standard.signedXml,
    );
    expect(signed.get('399999999900003_20261122T090500_SIM-7.xml')).toBe(doc('SIM-7').signedXml);
    expect(gnuTarEntries(clearedSegment)).toEqual(new Map([[clearedName, standard.clearedXml]]));
  });

  it('writes the same bytes from the UTF-8 its caller already has as from the text, in both formats', async () => {
    const at = new Date('2026-11-22T10:00:00Z');
    const standard = {
      ...doc('INV/2026/0002', '<cbc:Note>فاتورة ضريبية</cbc:Note>'),
      clearedXml: '<Invoice>مقبولة</Invoice>',
    };
    const withBytes = {
      ...standard,
      signedBytes: Buffer.from(standard.signedXml, 'utf8'),
      clearedBytes: Buffer.from(standard.clearedXml, 'utf8'),
    };
    for (const archiveFormat of ['tar', 'files'] as const) {
      const files: Buffer[][] = [];
      for (const input of [standard, withBytes]) {
        const folder = mkdtempSync(join(dir, `${archiveFormat}-`));
        const made = new InvoiceArchive({
          ...loadPipelineConfig({}),
          archiveDir: folder,
          archiveFormat,
        });
        archives.push(made);
        const cleared = await made.store(input, at);
        const signedFile = join(
          folder,
          'signed',
          '2026',
          readdirSync(join(folder, 'signed', '2026'))[0],
        );
        files.push([readFileSync(signedFile), readFileSync(cleared.split('#')[0])]);
      }
      expect(files[1]).toEqual(files[0]);
      expect(files[0][1].includes(Buffer.from('مقبولة'))).toBe(true);
    }
  });

  it('starts a new segment each UTC day, and gives each archive of a process its own', async () => {
    const a = archive();
    const b = archive();
    const day1 = (await a.store(doc('A1'), new Date('2026-11-22T23:59:59Z'))).split('#')[0];
    const day2 = (await a.store(doc('A2'), new Date('2026-11-23T00:00:00Z'))).split('#')[0];
    const other = (await b.store(doc('B1'), new Date('2026-11-22T12:00:00Z'))).split('#')[0];
    expect(day1).toMatch(/2026-11-22_[^/\\]+\.tar$/);
    expect(day2).toMatch(/2026-11-23_[^/\\]+\.tar$/);
    expect(other).toMatch(/2026-11-22_[^/\\]+\.tar$/);
    expect(other).not.toBe(day1);
    expect([...gnuTarEntries(day1).keys()]).toEqual(['399999999900003_20261122T090500_A1.xml']);
    expect([...gnuTarEntries(day2).keys()]).toEqual(['399999999900003_20261122T090500_A2.xml']);
    expect([...gnuTarEntries(other).keys()]).toEqual(['399999999900003_20261122T090500_B1.xml']);
  });

  it('makes the segment again when a clean-up job deleted it', async () => {
    const a = archive();
    const at = new Date('2026-11-22T10:00:00Z');
    const first = (await a.store(doc('ONE'), at)).split('#')[0];
    await a.store(doc('ONE-B'), at);
    unlinkSync(first);
    // It looks for that at most once a second.
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 1500);
    const second = (await a.store(doc('TWO'), at)).split('#')[0];
    expect(second).toBe(first);
    expect([...gnuTarEntries(second).keys()]).toEqual(['399999999900003_20261122T090500_TWO.xml']);
  });

  /** The disk fills halfway through the next entry: part of it is written, then ENOSPC. */
  function failNextAppendHalfway(cutBackFails: boolean) {
    const realWrite = fs.writeSync;
    jest
      .spyOn(fs, 'writeSync')
      .mockImplementationOnce(((fd: number, buffer: Buffer, offset?: number) =>
        realWrite(fd, buffer, offset ?? 0, 1000)) as typeof fs.writeSync)
      .mockImplementationOnce(() => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
          code: 'ENOSPC',
        });
      });
    if (cutBackFails) {
      jest.spyOn(fs, 'ftruncateSync').mockImplementationOnce(() => {
        throw new Error('EIO: i/o error, ftruncate');
      });
    }
  }

  it('cuts a failed append back out, so the segment reads to its end and goes on', async () => {
    const a = archive();
    const at = new Date('2026-11-22T10:00:00Z');
    const segment = (await a.store(doc('OK-1'), at)).split('#')[0];
    const size = statSync(segment).size;
    failNextAppendHalfway(false);
    await expect(a.store(doc('FULL', 'x'.repeat(5000)), at)).rejects.toThrow(/ENOSPC/);
    jest.restoreAllMocks();
    expect(statSync(segment).size).toBe(size);

    expect((await a.store(doc('OK-2'), at)).split('#')[0]).toBe(segment);
    expect([...gnuTarEntries(segment).keys()]).toEqual([
      '399999999900003_20261122T090500_OK-1.xml',
      '399999999900003_20261122T090500_OK-2.xml',
    ]);
  });

  it('goes on in a new segment when a torn entry cannot be cut out', async () => {
    const a = archive();
    const at = new Date('2026-11-22T10:00:00Z');
    const segment = (await a.store(doc('OK-1'), at)).split('#')[0];
    failNextAppendHalfway(true);
    await expect(a.store(doc('FULL', 'x'.repeat(5000)), at)).rejects.toThrow(/ENOSPC/);
    jest.restoreAllMocks();

    const next = (await a.store(doc('OK-2'), at)).split('#')[0];
    expect(next).not.toBe(segment);
    expect([...gnuTarEntries(next).keys()]).toEqual(['399999999900003_20261122T090500_OK-2.xml']);
    expect(readdirSync(join(dir, 'signed', '2026'))).toHaveLength(2);
  });
});
