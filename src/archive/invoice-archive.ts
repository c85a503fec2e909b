import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PIPELINE_CONFIG, type PipelineConfig } from '../pipeline/pipeline-config';
import { archiveFileName, issueDateTimeOf } from './archive-file-name';

const DAY = 86_400_000;

/**
 * Signed and cleared XML on disk, under ARCHIVE_DIR/{signed,cleared}/<year>/<spec 8.5 name>,
 * kept ARCHIVE_RETENTION_YEARS (at least 6). The database keeps the same bytes; the archive
 * is the copy an auditor or a backup job reads.
 */
@Injectable()
export class InvoiceArchive implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InvoiceArchive.name);
  private timer?: NodeJS.Timeout;

  constructor(@Inject(PIPELINE_CONFIG) private readonly config: PipelineConfig) {}

  /** Writes the document(s); idempotent (a retry after a crash writes the same bytes again). */
  async store(doc: {
    sellerVat: string;
    invoiceNumber: string;
    signedXml: string;
    clearedXml?: string | null;
  }): Promise<string> {
    const { issueDate, issueTime } = issueDateTimeOf(doc.signedXml);
    const name = archiveFileName({ ...doc, issueDate, issueTime });
    const year = issueDate.slice(0, 4);
    const signedPath = join(this.config.archiveDir, 'signed', year, name);
    await write(signedPath, doc.signedXml);
    if (!doc.clearedXml) return signedPath;
    const clearedPath = join(this.config.archiveDir, 'cleared', year, name);
    await write(clearedPath, doc.clearedXml);
    return clearedPath;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((err: unknown) =>
        this.logger.error(`archive retention failed: ${String(err)}`),
      );
    }, DAY);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes archive files older than the retention period (daily), never younger ones. */
  async sweep(now = Date.now()): Promise<number> {
    const cutoff = now - this.config.archiveRetentionYears * 366 * DAY;
    let removed = 0;
    for (const kind of ['signed', 'cleared']) {
      const root = join(this.config.archiveDir, kind);
      for (const year of await list(root)) {
        const dir = join(root, year);
        for (const file of await list(dir)) {
          const path = join(dir, file);
          if ((await stat(path)).mtimeMs < cutoff) {
            await rm(path);
            removed++;
          }
        }
      }
    }
    if (removed) this.logger.log(`archive retention: removed ${removed} files`);
    return removed;
  }
}

async function write(path: string, text: string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text, 'utf8');
}

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}
