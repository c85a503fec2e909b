import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { TarSegment } from './tar-segment';

export type ArchiveKind = 'signed' | 'cleared';

/**
 * The tar segments one archive appends to: per kind, one a day (UTC), named
 * `<root>/<kind>/<year>/<YYYY-MM-DD>_<host>-<pid>-<id>.tar`. Host, process and a random id keep
 * every writer on its own file, so replicas sharing a folder and several archives in one
 * process never append to the same segment.
 */
export class DailyTarSegments {
  private writer = writerId();
  private readonly current = new Map<ArchiveKind, { day: string; segment: TarSegment }>();

  constructor(private readonly root: string) {}

  /** Appends `content` as `name`; returns where it is: `<segment path>#<name>`. */
  append(kind: ArchiveKind, name: string, content: string | Uint8Array, at: Date): string {
    const segment = this.segmentFor(kind, at);
    segment.append(name, content, at);
    return `${segment.path}#${name}`;
  }

  close(): void {
    for (const kind of [...this.current.keys()]) this.drop(kind);
  }

  private segmentFor(kind: ArchiveKind, at: Date): TarSegment {
    const day = at.toISOString().slice(0, 10);
    const open = this.current.get(kind);
    if (open?.day === day && !open.segment.closed && !open.segment.deleted) return open.segment;
    // A segment closed by a failed append may end in a torn entry: never append behind it.
    if (open?.segment.closed) this.writer = writerId();
    this.drop(kind);
    const folder = join(this.root, kind, day.slice(0, 4));
    mkdirSync(folder, { recursive: true });
    const segment = new TarSegment(join(folder, `${day}_${this.writer}.tar`));
    this.current.set(kind, { day, segment });
    return segment;
  }

  private drop(kind: ArchiveKind): void {
    this.current.get(kind)?.segment.close();
    this.current.delete(kind);
  }
}

function writerId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** A segment's file name: `<YYYY-MM-DD>_<writerId>.tar`. */
const SEGMENT_NAME = /^\d{4}-\d\d-\d\d_(.+)-(\d+)-[0-9a-f]+\.tar$/;

/** The host and process that wrote a segment, from its file name; undefined for other files. */
export function segmentWriter(file: string): { host: string; pid: number } | undefined {
  const named = SEGMENT_NAME.exec(file);
  return named ? { host: named[1], pid: Number(named[2]) } : undefined;
}
