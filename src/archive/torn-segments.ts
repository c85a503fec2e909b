import {
  closeSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { segmentWriter } from './daily-tar-segments';

const BLOCK = 512;
const DAY = 86_400_000;
/** Segments last written this long ago are not looked at again (an earlier start did). */
const RECENT_MS = 7 * DAY;

/**
 * Where the first incomplete entry of a tar segment starts (its pax header, if it has one), or
 * undefined when every entry is whole. An entry is incomplete when its header is cut or fails
 * its checksum, or its content runs past the end of the file.
 */
export function tornTailAt(fd: number): number | undefined {
  const size = fstatSync(fd).size;
  const header = Buffer.alloc(BLOCK);
  let entryStart = 0;
  let at = 0;
  while (at < size) {
    if (size - at < BLOCK || readSync(fd, header, 0, BLOCK, at) !== BLOCK) return entryStart;
    // End-of-archive blocks (we write none; another tool might): the entries end there.
    if (at === entryStart && header.every((b) => b === 0)) return undefined;
    if (!checksumHolds(header)) return entryStart;
    const bytes = parseInt(header.toString('ascii', 124, 135), 8);
    if (!Number.isFinite(bytes)) return entryStart;
    const end = at + BLOCK + Math.ceil(bytes / BLOCK) * BLOCK;
    if (end > size) return entryStart;
    // A pax header belongs to the entry after it: cut together.
    const pax = header[156] === 0x78; // 'x'
    at = end;
    if (!pax) entryStart = at;
  }
  return at === entryStart ? undefined : entryStart;
}

function checksumHolds(header: Buffer): boolean {
  const stored = parseInt(header.toString('ascii', 148, 155), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return sum === stored;
}

/**
 * Cuts the torn last entry out of the segments that writers of this host left when they were
 * killed mid-append (SIGKILL, out of memory, power loss: the kernel may stop a write of several
 * pages part way). Their documents were never committed as archived and are archived again by
 * their retry; a torn tail only made the segment unreadable to its end. Only this host's
 * writers whose process is gone, and only segments written in the last 7 days, are looked at.
 * Returns the segments it cut.
 */
export function repairTornSegments(
  root: string,
  now = Date.now(),
  isAlive: (pid: number) => boolean = processAlive,
): string[] {
  const host = hostname();
  const cut: string[] = [];
  // A segment is in the folder of the year of its day, and written to until that day ends: only
  // the folders of the last RECENT_MS and a day can hold one written since (not six years' worth).
  const years = new Set(
    [now - RECENT_MS - DAY, now].map((t) => String(new Date(t).getUTCFullYear())),
  );
  for (const kind of ['signed', 'cleared']) {
    for (const year of years) {
      const folder = join(root, kind, year);
      for (const file of list(folder)) {
        const writer = segmentWriter(file);
        if (!writer || writer.host !== host) continue;
        const { pid } = writer;
        if (pid === process.pid || isAlive(pid)) continue;
        const path = join(folder, file);
        if (repairIfRecent(path, now)) cut.push(path);
      }
    }
  }
  return cut;
}

function repairIfRecent(path: string, now: number): boolean {
  try {
    if (now - statSync(path).mtimeMs > RECENT_MS) return false;
    const fd = openSync(path, 'r+');
    try {
      const torn = tornTailAt(fd);
      if (torn === undefined) return false;
      ftruncateSync(fd, torn);
      return true;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false; // removed meanwhile, or not ours to change: left as it is
  }
}

function list(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** A process of this host that has not exited (a zombie has). */
function processAlive(pid: number): boolean {
  if (procMounted()) {
    try {
      return !/^\d+ \(.*\) Z /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let procChecked: boolean | undefined;
function procMounted(): boolean {
  if (procChecked === undefined) {
    try {
      procChecked = statSync('/proc/self/stat').isFile();
    } catch {
      procChecked = false;
    }
  }
  return procChecked;
}
