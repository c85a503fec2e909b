import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AcceptedLog, type AcceptedLine, type AcceptedLocator } from './accepted-log';
import { Fifo } from './fifo';
import { AppendFile } from './append-file';
import { CertificateChain } from './certificate-chain';
import { parseJsonLines } from './json-lines';
import type {
  AcceptedSubmission,
  ChainEntry,
  CsidRecord,
  OtpRecord,
  SimulatorStateData,
} from './state-types';

/** Default of SimulatorOptions.duplicateMemory. */
export const DEFAULT_DUPLICATE_MEMORY = 5_000;
/**
 * Journal lines before a compaction at the least: each one rewrites the snapshot, chains
 * included, so a bound of 0 (duplicates off) or a tiny one must not make that per invoice.
 */
const MIN_LINES_BEFORE_COMPACTION = 1_000;

const EMPTY: SimulatorStateData = { version: 1, csids: [], chains: {}, accepted: [], otps: [] };

export const sha256Hex = (text: string): string =>
  createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * A copy of `text` that shares no memory with the string it was cut from. V8 keeps a substring
 * of 13 characters or more as a view of its parent: a UUID read from a submitted document kept
 * that document's whole XML (about 28 KB) alive for as long as the chain entry lived.
 */
export const detached = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

/**
 * One line of state.journal: a chain entry added after the snapshot (accepted submissions were
 * journalled here too before they got accepted.jsonl; such lines are still read).
 */
type JournalLine =
  | { seq: number; op: 'chain'; serial: string; entry: ChainEntry }
  | { seq: number; op: 'accepted'; entry: AcceptedSubmission; dropBefore: string };

/**
 * What memory keeps of an accepted submission: its key and time, and where its line is in
 * accepted.jsonl (AcceptedLog); the answer itself is read from there for a duplicate.
 */
interface Remembered {
  key: string;
  at: string;
  where?: AcceptedLocator;
  /** The whole entry, for one of the older layout until start-up has moved it to the log. */
  entry?: AcceptedSubmission;
}

/**
 * The simulator's memory: issued CSIDs, chains, accepted submissions, OTPs. A dev tool's store,
 * not the product's database. CSIDs and OTPs (rare) rewrite the snapshot `state.json`
 * atomically; each invoice appends its chain entry to `state.journal`, replayed on top of the
 * snapshot at start, and its accepted answer (cleared XML included) to `accepted.jsonl`
 * (AcceptedLog), which is never rewritten. Rewriting the whole state per invoice made every
 * submission cost O(all earlier ones).
 *
 * At most `duplicateMemory` accepted submissions are remembered, by where their lines are
 * (the oldest are forgotten first, besides those past the duplicate window); AcceptedLog keeps
 * between that and twice that on disk. Once the journal has more lines since the last
 * snapshot than that bound (and than the chain entries the snapshot holds, so a compaction's
 * cost stays in proportion to the lines it folds in), the snapshot is rewritten and the
 * journal emptied.
 */
export class SimulatorState {
  private data: SimulatorStateData;
  private readonly file: string;
  private readonly journal: AppendFile;
  /** Last journal line written; the snapshot records the last one it contains. */
  private seq = 0;
  /** The latest accepted submission per duplicate key. */
  private readonly acceptedByKey = new Map<string, Remembered>();
  /** The accepted submissions remembered, oldest first. */
  private readonly acceptedInOrder: Fifo<Remembered>;
  /** Each certificate's chain, over the arrays of `data.chains`. */
  private readonly chains = new Map<string, CertificateChain>();
  /** Lines appended to the journal since the snapshot was last written. */
  private journalLines = 0;
  private chainEntries = 0;
  /** Chain entries in state.json as last written. */
  private snapshotChainEntries = 0;
  private readonly acceptedLog: AcceptedLog;

  /**
   * @param duplicateMemory the most accepted submissions remembered for duplicate detection
   *   (SimulatorOptions.duplicateMemory); also the least journal lines before a compaction (at
   *   least MIN_LINES_BEFORE_COMPACTION), which rewrites CSIDs, chains and OTPs, never the
   *   accepted answers (accepted.jsonl).
   */
  constructor(
    stateDir: string,
    private readonly duplicateMemory = DEFAULT_DUPLICATE_MEMORY,
  ) {
    mkdirSync(stateDir, { recursive: true });
    this.file = join(stateDir, 'state.json');
    const journal = join(stateDir, 'state.journal');
    this.data = existsSync(this.file)
      ? { ...EMPTY, ...(JSON.parse(readFileSync(this.file, 'utf8')) as SimulatorStateData) }
      : structuredClone(EMPTY);
    this.seq = this.data.journalSeq ?? 0;
    // A snapshot written with a larger bound (or before there was one) keeps its newest entries.
    const excess = this.data.accepted.length - duplicateMemory;
    this.acceptedInOrder = new Fifo(
      this.data.accepted
        .slice(Math.max(0, excess))
        .map((entry): Remembered => ({ key: entry.key, at: entry.at, entry })),
    );
    this.data.accepted = []; // held above; the snapshot no longer keeps them
    for (const entry of this.acceptedInOrder.toArray()) this.acceptedByKey.set(entry.key, entry);
    for (const [serial, entries] of Object.entries(this.data.chains)) {
      this.chains.set(serial, new CertificateChain(entries));
      this.chainEntries += entries.length;
    }
    this.snapshotChainEntries = this.chainEntries;
    // Accepted submissions in state.json or state.journal: written before accepted.jsonl.
    let olderLayout = this.acceptedInOrder.length > 0;
    const replay = existsSync(journal);
    if (replay) {
      for (const parsed of parseJsonLines<JournalLine>(readFileSync(journal, 'utf8'))) {
        if (parsed.seq <= this.seq) continue; // already in the snapshot
        this.seq = parsed.seq;
        if (parsed.op === 'chain') this.pushChainEntry(parsed.serial, parsed.entry);
        else {
          const { entry } = parsed;
          this.pushAccepted({ key: entry.key, at: entry.at, entry }, new Date(parsed.dropBefore));
          olderLayout = true;
        }
      }
    }
    const accepted = AcceptedLog.open(stateDir, duplicateMemory);
    this.acceptedLog = accepted.log;
    for (const { line, where } of accepted.lines) {
      this.pushAccepted(
        { key: line.entry.key, at: line.entry.at, where },
        new Date(line.dropBefore),
      );
    }
    if (olderLayout) this.moveOlderLayout();
    this.journal = new AppendFile(journal);
    if (replay || excess > 0 || olderLayout) this.save();
  }

  /** Closes the journal's descriptor (the simulator is shutting down). */
  close(): void {
    this.journal.close();
    this.acceptedLog.close();
  }

  addCsid(record: CsidRecord): void {
    this.data.csids.push(record);
    this.save();
  }

  csidByRequestId(requestId: string): CsidRecord | undefined {
    return this.data.csids.find((c) => c.requestId === requestId);
  }

  csidByCertificate(certificateBase64: string): CsidRecord | undefined {
    return this.data.csids.find((c) => c.certificateBase64 === certificateBase64);
  }

  csidBySerial(serialNumber: string): CsidRecord | undefined {
    return this.data.csids.find((c) => c.serialNumber === serialNumber);
  }

  listCsids(): CsidRecord[] {
    return this.data.csids.map((c) => ({ ...c, compliancePassed: [...c.compliancePassed] }));
  }

  updateCsid(requestId: string, change: (record: CsidRecord) => void): CsidRecord | undefined {
    const record = this.csidByRequestId(requestId);
    if (!record) return undefined;
    change(record);
    this.save();
    return record;
  }

  /** The certificate's chain; an empty one (not stored) when it has none yet. */
  chain(serialNumber: string): CertificateChain {
    return this.chains.get(serialNumber) ?? new CertificateChain();
  }

  addChainEntry(serialNumber: string, read: ChainEntry): void {
    // Kept for as long as the simulator runs: no view into the request it was read from.
    const entry = {
      icv: read.icv,
      hash: detached(read.hash),
      pih: detached(read.pih),
      uuid: detached(read.uuid),
    };
    this.pushChainEntry(serialNumber, entry);
    this.append({ seq: ++this.seq, op: 'chain', serial: serialNumber, entry });
  }

  /** The submission accepted under `key` at `notBefore` or later, read back from the log. */
  accepted(key: string, notBefore: Date): AcceptedSubmission | undefined {
    const remembered = this.acceptedByKey.get(key);
    if (!remembered || new Date(remembered.at) < notBefore) return undefined;
    if (remembered.entry) return remembered.entry;
    const line = remembered.where && this.acceptedLog.read(remembered.where);
    return line?.entry.key === key ? line.entry : undefined;
  }

  addAccepted(entry: AcceptedSubmission, dropBefore: Date): void {
    if (this.duplicateMemory <= 0) return; // nothing is remembered
    const where = this.acceptedLog.append({ entry, dropBefore: dropBefore.toISOString() });
    this.pushAccepted({ key: entry.key, at: entry.at, where }, dropBefore);
  }

  /**
   * Moves what is remembered into a new accepted.jsonl, once, at start: the older layout kept
   * accepted submissions in state.json and state.journal, and the snapshot written next no
   * longer holds them. What memory kept is in the window already (it is checked again on each
   * lookup).
   */
  private moveOlderLayout(): void {
    const kept = new Date(0).toISOString();
    const moved: Array<{ remembered: Remembered; line: AcceptedLine }> = [];
    for (const remembered of this.acceptedInOrder.toArray()) {
      const entry =
        remembered.entry ?? (remembered.where && this.acceptedLog.read(remembered.where)?.entry);
      if (entry) moved.push({ remembered, line: { entry, dropBefore: kept } });
      remembered.where = undefined; // unreadable: forgotten
      remembered.entry = undefined;
    }
    const locators = this.acceptedLog.rewrite(moved.map((m) => m.line));
    moved.forEach((m, i) => (m.remembered.where = locators[i]));
  }

  addOtp(otp: OtpRecord): void {
    this.data.otps.push(otp);
    this.save();
  }

  findOtp(otpHash: string): OtpRecord | undefined {
    return this.data.otps.find((o) => o.otpHash === otpHash);
  }

  markOtpUsed(otp: OtpRecord): void {
    otp.used = true;
    this.save();
  }

  private pushChainEntry(serialNumber: string, entry: ChainEntry): void {
    let chain = this.chains.get(serialNumber);
    if (!chain) {
      chain = new CertificateChain((this.data.chains[serialNumber] = []));
      this.chains.set(serialNumber, chain);
    }
    chain.push(entry);
    this.chainEntries++;
  }

  private pushAccepted(entry: Remembered, dropBefore: Date): void {
    // Old hashes leave the duplicate window, as on ZATCA (~24 h), and beyond `duplicateMemory`
    // the oldest are forgotten too. Entries are added in time order, so the old ones are at
    // the front.
    const accepted = this.acceptedInOrder;
    accepted.push(entry);
    this.acceptedByKey.set(entry.key, entry);
    for (
      let oldest = accepted.at(0);
      oldest && (accepted.length > this.duplicateMemory || new Date(oldest.at) < dropBefore);
      oldest = accepted.at(0)
    ) {
      accepted.shift();
      if (this.acceptedByKey.get(oldest.key) === oldest) this.acceptedByKey.delete(oldest.key);
    }
  }

  /**
   * Journals one line; past `duplicateMemory` lines (1,000 at the least, and at least as many
   * as the chain entries the snapshot holds), compacts them into the snapshot.
   */
  private append(line: JournalLine): void {
    this.journal.append(JSON.stringify(line) + '\n');
    const bound = Math.max(
      this.duplicateMemory,
      MIN_LINES_BEFORE_COMPACTION,
      this.snapshotChainEntries,
    );
    if (++this.journalLines > bound) this.save();
  }

  /** Rewrites the snapshot (with everything journalled so far), then empties the journal. */
  private save(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    this.data.journalSeq = this.seq;
    // Accepted submissions live in accepted.jsonl.
    writeFileSync(tmp, JSON.stringify({ ...this.data, accepted: [] }, null, 1), { mode: 0o600 });
    renameSync(tmp, this.file);
    this.snapshotChainEntries = this.chainEntries;
    this.journal.truncate();
    this.journalLines = 0;
  }
}
