import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { writeFile as writeFileCallback } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { dirname, join } from 'node:path';
import { PIPELINE_CONFIG, type PipelineConfig } from '../pipeline/pipeline-config';
import { archiveFileName, issueDateTimeOf } from './archive-file-name';
import { DailyTarSegments } from './daily-tar-segments';
import { repairTornSegments } from './torn-segments';

const DAY = 86_400_000;
/** The callback writeFile: one write for a document, where fs/promises' costs ~25 µs more CPU per file. */
const writeFile = promisify(writeFileCallback);
const STARTUP_DELAY_MS = 1_000;
/** VAT Implementing Regulations art. 66 (spec 8.5). */
const MIN_RETENTION_YEARS = 6;

/**
 * Signed and cleared XML on disk under ARCHIVE_DIR/{signed,cleared}/<year>/, each document
 * under its spec 8.5 name, kept ARCHIVE_RETENTION_YEARS (at least 6). ARCHIVE_FORMAT `tar`
 * (default): appended to a tar file a day (DailyTarSegments); `files`: a file per document.
 * The database keeps the same bytes; the archive is the copy an auditor or a backup job reads.
 */
@Injectable()
export class InvoiceArchive implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InvoiceArchive.name);
  private timer?: NodeJS.Timeout;
  private startup?: NodeJS.Timeout;

  constructor(@Inject(PIPELINE_CONFIG) private readonly config: PipelineConfig) {
    this.segments = new DailyTarSegments(config.archiveDir);
  }

  /** Folders made by this process: one mkdir per folder, not per document. */
  private readonly folders = new Set<string>();
  private readonly segments: DailyTarSegments;

  private async write(path: string, text: string | Uint8Array): Promise<void> {
    const folder = dirname(path);
    if (!this.folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.folders.add(folder);
    }
    try {
      await writeFile(path, text);
    } catch (err) {
      // Removed behind our back (a backup job's clean-up): make it again.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await mkdir(folder, { recursive: true });
      await writeFile(path, text);
    }
  }

  /**
   * Writes the document(s) and returns where the last one went (the cleared copy of a standard
   * document): a file path, or `<tar segment path>#<name>`. Safe to repeat: a retry after a
   * crash writes the same bytes again (in tar, a second entry of the same name).
   * `signedBytes` and `clearedBytes`, when the caller has them, are the same documents in UTF-8:
   * written as they are, instead of encoding the text again.
   */
  async store(
    doc: {
      sellerVat: string;
      invoiceNumber: string;
      signedXml: string;
      clearedXml?: string | null;
      signedBytes?: Uint8Array;
      clearedBytes?: Uint8Array;
    },
    at = new Date(),
  ): Promise<string> {
    const { issueDate, issueTime } = issueDateTimeOf(doc.signedXml);
    const name = archiveFileName({ ...doc, issueDate, issueTime });
    const signed = doc.signedBytes ?? doc.signedXml;
    const cleared = doc.clearedXml ? (doc.clearedBytes ?? doc.clearedXml) : undefined;
    if (this.config.archiveFormat === 'tar') {
      const signedAt = this.segments.append('signed', name, signed, at);
      return cleared ? this.segments.append('cleared', name, cleared, at) : signedAt;
    }
    const year = issueDate.slice(0, 4);
    const signedPath = join(this.config.archiveDir, 'signed', year, name);
    await this.write(signedPath, signed);
    if (!cleared) return signedPath;
    const clearedPath = join(this.config.archiveDir, 'cleared', year, name);
    await this.write(clearedPath, cleared);
    return clearedPath;
  }

  onApplicationBootstrap(): void {
    for (const segment of repairTornSegments(this.config.archiveDir)) {
      this.logger.warn(
        `archive: cut a torn last entry out of ${segment} (its writer was killed while appending; that document was archived again by its retry)`,
      );
    }
    // Once shortly after start (a host restarted more often than daily would otherwise never
    // sweep), then daily.
    const run = () => {
      this.sweep().catch((err: unknown) =>
        this.logger.error(`archive retention failed: ${String(err)}`),
      );
    };
    this.startup = setTimeout(run, STARTUP_DELAY_MS);
    this.startup.unref();
    this.timer = setInterval(run, DAY);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.startup);
    clearInterval(this.timer);
    this.segments.close();
  }

  /**
   * Deletes archive files (documents or tar segments) older than the retention period, never
   * younger ones: a file goes when its last write is more than ARCHIVE_RETENTION_YEARS calendar
   * years before `now`.
   * Refuses a retention below the statutory 6 years, whatever the configuration says.
   */
  async sweep(now = Date.now()): Promise<number> {
    const years = this.config.archiveRetentionYears;
    if (!(Number.isInteger(years) && years >= MIN_RETENTION_YEARS)) {
      throw new Error(
        `archive retention of ${years} years refused: documents are kept at least ${MIN_RETENTION_YEARS} years (spec 8.5)`,
      );
    }
    const cutoff = yearsBefore(now, years);
    let removed = 0;
    for (const kind of ['signed', 'cleared']) {
      const root = join(this.config.archiveDir, kind);
      for (const year of await list(root)) {
        const dir = join(root, year);
        for (const file of await list(dir)) {
          const path = join(dir, file);
          const info = await stat(path).catch(() => null);
          // Only archived files; another process may have swept this one meanwhile.
          if (!info?.isFile() || info.mtimeMs >= cutoff) continue;
          await rm(path, { force: true });
          removed++;
        }
      }
    }
    if (removed) this.logger.log(`archive retention: removed ${removed} files`);
    return removed;
  }
}

/** `years` calendar years before `at`, in UTC (29 February falls back to 1 March). */
function yearsBefore(at: number, years: number): number {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.getTime();
}

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}
