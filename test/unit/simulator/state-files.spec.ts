import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FatooraSimulator } from '../../../src/simulator/simulator';
import { resolveSimulatorOptions } from '../../../src/simulator/simulator-options';
import { AppendFile } from '../../../src/simulator/state/append-file';
import { SimulatorState } from '../../../src/simulator/state/simulator-state';
import type {
  AcceptedSubmission,
  ChainEntry,
  CsidRecord,
  SimulatorStateData,
} from '../../../src/simulator/state/state-types';
import { startTestSimulator } from './simulator-harness';

const entry = (icv: number): ChainEntry => ({
  icv,
  hash: `H${icv}`,
  pih: `H${icv - 1}`,
  uuid: `u${icv}`,
});
const csid = { requestId: 'r1', compliancePassed: [] } as unknown as CsidRecord;
const icvs = (state: SimulatorState, upTo: number) =>
  Array.from({ length: upTo }, (_, i) => state.chain('s1').at(i + 1)?.hash ?? null);

/** Files under `dir` this process holds a descriptor on (Linux). */
function openFilesUnder(dir: string): string[] {
  return readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return ''; // the descriptor readdir itself used, closed by now
      }
    })
    .filter((path) => path.startsWith(dir + '/'))
    .sort();
}
const T0 = Date.parse('2025-01-01T00:00:00Z');
/** Accepted submission number `n` (n seconds after T0), under `key`. */
const acceptedAt = (n: number, key = `k${n}`): AcceptedSubmission => ({
  key,
  status: 200,
  body: { n },
  at: new Date(T0 + n * 1000).toISOString(),
});
const dayBefore = (n: number) => new Date(T0 + n * 1000 - 24 * 60 * 60 * 1000);
const ever = new Date(0);
/** The `n` of what `state` remembers for each key (undefined: forgotten). */
const remembered = (state: SimulatorState, keys: string[]) =>
  keys.map((key) => (state.accepted(key, ever)?.body as { n: number } | undefined)?.n);

const onLinux = existsSync('/proc/self/fd') ? it : it.skip;

describe('simulator state journal through a kept descriptor', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sim-files-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replays the lines written after a save, and only those, after a restart', () => {
    const state = new SimulatorState(dir);
    state.addChainEntry('s1', entry(1));
    state.addChainEntry('s1', entry(2));
    state.addCsid(csid); // rewrites state.json with ICV 1-2 and empties the journal
    state.addChainEntry('s1', entry(3));
    // Not closed: as after a crash, the journal holds what was written.
    const lines = readFileSync(join(dir, 'state.journal'), 'utf8').split('\n');
    expect(lines).toHaveLength(2); // one line, then the final newline: no hole before it
    expect(JSON.parse(lines[0])).toMatchObject({ op: 'chain', entry: entry(3) });

    const restarted = new SimulatorState(dir);
    expect(icvs(restarted, 4)).toEqual(['H1', 'H2', 'H3', null]);
    const snapshot = JSON.parse(
      readFileSync(join(dir, 'state.json'), 'utf8'),
    ) as SimulatorStateData;
    expect(snapshot.chains.s1).toHaveLength(3);
    restarted.addChainEntry('s1', entry(4));
    restarted.close();
    state.close();
    expect(icvs(new SimulatorState(dir), 5)).toEqual(['H1', 'H2', 'H3', 'H4', null]);
  });

  it('still writes a line that comes after close', () => {
    const file = new AppendFile(join(dir, 'log'));
    file.append('one\n');
    file.close();
    file.append('two\n');
    expect(readFileSync(join(dir, 'log'), 'utf8')).toBe('one\ntwo\n');
  });

  it('counts the size of an existing file and what it appends', () => {
    new AppendFile(join(dir, 'log')).append('12345\n');
    const file = new AppendFile(join(dir, 'log'));
    expect(file.size).toBe(6);
    file.append('é\n');
    expect(file.size).toBe(9);
    file.truncate();
    expect(file.size).toBe(0);
    file.append('x\n');
    expect(readFileSync(join(dir, 'log'), 'utf8')).toBe('x\n');
    file.close();
  });

  onLinux(
    'keeps the journal and the exchange log open while serving, closes them on close',
    async () => {
      const sim = await startTestSimulator();
      try {
        expect(openFilesUnder(sim.stateDir)).toEqual([
          join(sim.stateDir, 'accepted.jsonl'),
          join(sim.stateDir, 'exchanges.jsonl'),
          join(sim.stateDir, 'state.journal'),
        ]);
        await sim.close();
        expect(openFilesUnder(sim.stateDir)).toEqual([]);
      } finally {
        await sim.stop();
      }
    },
  );
});

describe('simulator state: bounded memory of accepted submissions', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sim-accepted-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lines = (file: string) =>
    existsSync(join(dir, file))
      ? readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean)
      : [];
  const journalLines = () => lines('state.journal');
  /** The keys in accepted.jsonl and its rotated copies, oldest file first. */
  const acceptedFiles = () =>
    ['accepted.2.jsonl', 'accepted.1.jsonl', 'accepted.jsonl'].map((file) =>
      lines(file).map((line) => (JSON.parse(line) as { entry: AcceptedSubmission }).entry.key),
    );
  const snapshot = () =>
    JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SimulatorStateData;

  it('forgets the oldest beyond the bound, keeping a key accepted again later', () => {
    const state = new SimulatorState(dir, 3);
    // All within the 24 h window: only the bound forgets anything.
    for (let n = 1; n <= 5; n++) state.addAccepted(acceptedAt(n), dayBefore(n));
    expect(remembered(state, ['k1', 'k2', 'k3', 'k4', 'k5'])).toEqual([
      undefined,
      undefined,
      3,
      4,
      5,
    ]);
    expect(state.accepted('k5', new Date(T0 + 5000))).toMatchObject({ status: 200 });

    // k3 accepted again (its older entry is the oldest one kept), then its old entry dropped:
    // the key still finds the newer one.
    state.addAccepted(acceptedAt(6, 'k3'), dayBefore(6));
    state.addAccepted(acceptedAt(7), dayBefore(7));
    expect(remembered(state, ['k3', 'k4', 'k5', 'k7'])).toEqual([6, undefined, 5, 7]);
    state.close();
  });

  it('appends accepted answers to accepted.jsonl, rotated at half the bound, and restarts with the same entries', () => {
    const state = new SimulatorState(dir, 4);
    for (let n = 1; n <= 5; n++) state.addAccepted(acceptedAt(n), dayBefore(n));
    // Two lines a file; the current file and two copies hold the 4 remembered and more.
    expect(acceptedFiles()).toEqual([['k1', 'k2'], ['k3', 'k4'], ['k5']]);
    state.addAccepted(acceptedAt(6), dayBefore(6));
    state.addAccepted(acceptedAt(7), dayBefore(7));
    expect(acceptedFiles()).toEqual([['k3', 'k4'], ['k5', 'k6'], ['k7']]);
    expect(journalLines()).toEqual([]); // the journal is for chain entries only

    // Not closed, as after a crash.
    const keys = ['k1', 'k3', 'k4', 'k5', 'k6', 'k7'];
    const before = remembered(state, keys);
    expect(before).toEqual([undefined, undefined, 4, 5, 6, 7]);
    const restarted = new SimulatorState(dir, 4);
    expect(remembered(restarted, keys)).toEqual(before);
    restarted.close();
    state.close();
  });

  it('never rewrites accepted answers when it compacts the chains into state.json', () => {
    const state = new SimulatorState(dir, 3);
    for (let n = 1; n <= 3; n++) state.addAccepted(acceptedAt(n), dayBefore(n));
    const accepted = acceptedFiles();
    // Past 1,000 journal lines (the least), the chain entries go into state.json.
    for (let icv = 1; icv <= 1001; icv++) state.addChainEntry('s1', entry(icv));
    expect(journalLines()).toEqual([]);
    expect(snapshot().chains.s1).toHaveLength(1001);
    expect(snapshot().accepted).toEqual([]);
    expect(acceptedFiles()).toEqual(accepted);

    // The next compaction waits for as many lines as the snapshot holds entries: its cost
    // stays in proportion to what it folds in, however long the chains grow.
    for (let icv = 1002; icv <= 2002; icv++) state.addChainEntry('s1', entry(icv));
    expect(journalLines()).toHaveLength(1001);
    state.addChainEntry('s1', entry(2003));
    expect(journalLines()).toEqual([]);
    expect(snapshot().chains.s1).toHaveLength(2003);

    const restarted = new SimulatorState(dir, 3);
    expect(remembered(restarted, ['k1', 'k2', 'k3'])).toEqual([1, 2, 3]);
    expect(restarted.chain('s1').at(2003)?.hash).toBe('H2003');
    restarted.close();
    state.close();
  });

  it('applies the bound when reading a longer accepted.jsonl at start', () => {
    const state = new SimulatorState(dir, 100);
    for (let n = 1; n <= 6; n++) state.addAccepted(acceptedAt(n), dayBefore(n));
    state.close();
    const smaller = new SimulatorState(dir, 2);
    expect(remembered(smaller, ['k1', 'k4', 'k5', 'k6'])).toEqual([undefined, undefined, 5, 6]);
    smaller.close();
  });

  it('moves accepted answers of the older layout (state.json and state.journal) into accepted.jsonl', () => {
    writeFileSync(
      join(dir, 'state.json'),
      JSON.stringify({
        version: 1,
        csids: [],
        chains: { s1: [entry(1)] },
        accepted: [acceptedAt(1), acceptedAt(2)],
        otps: [],
        journalSeq: 1,
      }),
    );
    writeFileSync(
      join(dir, 'state.journal'),
      [
        { seq: 2, op: 'accepted', entry: acceptedAt(3), dropBefore: dayBefore(3).toISOString() },
        { seq: 3, op: 'chain', serial: 's1', entry: entry(2) },
      ]
        .map((line) => JSON.stringify(line) + '\n')
        .join(''),
    );
    const state = new SimulatorState(dir, 10);
    expect(remembered(state, ['k1', 'k2', 'k3'])).toEqual([1, 2, 3]);
    expect(acceptedFiles()).toEqual([[], [], ['k1', 'k2', 'k3']]);
    expect(snapshot().accepted).toEqual([]);
    expect(snapshot().chains.s1).toHaveLength(2);
    expect(journalLines()).toEqual([]);
    state.close();

    const again = new SimulatorState(dir, 10);
    expect(remembered(again, ['k1', 'k2', 'k3'])).toEqual([1, 2, 3]);
    expect(again.chain('s1').at(2)?.hash).toBe('H2');
    again.close();
  });

  it('keeps the answers on disk, not in memory, and reads one back for a duplicate', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heapAfterGc = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const state = new SimulatorState(dir, 1000);
    const before = heapAfterGc();
    for (let n = 1; n <= 200; n++) {
      // A cleared invoice of ~100 KB in each answer.
      state.addAccepted(
        { ...acceptedAt(n), body: { n, clearedInvoice: 'c'.repeat(100_000) } },
        dayBefore(n),
      );
    }
    const grown = heapAfterGc() - before;
    // 200 answers held in memory would be 20 MB; their keys and places are a few tens of KB.
    expect(grown).toBeLessThan(4_000_000);
    expect(state.accepted('k7', ever)).toEqual({
      ...acceptedAt(7),
      body: { n: 7, clearedInvoice: 'c'.repeat(100_000) },
    });
    state.close();
  });

  it('forgets an answer whose line can no longer be read, instead of failing', () => {
    const state = new SimulatorState(dir, 4);
    for (let n = 1; n <= 3; n++) state.addAccepted(acceptedAt(n), dayBefore(n));
    expect(acceptedFiles()).toEqual([[], ['k1', 'k2'], ['k3']]);
    rmSync(join(dir, 'accepted.1.jsonl'));
    expect(remembered(state, ['k1', 'k2', 'k3'])).toEqual([undefined, undefined, 3]);
    state.close();
  });

  it('gives the simulator state the bound of its options', () => {
    const sim = new FatooraSimulator({ stateDir: dir, duplicateMemory: 1 });
    try {
      for (let n = 1; n <= 2; n++) sim.state.addAccepted(acceptedAt(n), dayBefore(n));
      expect(remembered(sim.state, ['k1', 'k2'])).toEqual([undefined, 2]);
    } finally {
      sim.close();
    }
  });

  it('takes the bound from SIMULATOR_DUPLICATE_MEMORY, 5,000 by default', () => {
    expect(resolveSimulatorOptions({}, {}).duplicateMemory).toBe(5_000);
    const env = { SIMULATOR_DUPLICATE_MEMORY: '500' };
    expect(resolveSimulatorOptions({}, env).duplicateMemory).toBe(500);
    expect(resolveSimulatorOptions({ duplicateMemory: 5 }, env).duplicateMemory).toBe(5);
    expect(() => resolveSimulatorOptions({}, { SIMULATOR_DUPLICATE_MEMORY: 'many' })).toThrow(
      /SIMULATOR_DUPLICATE_MEMORY/,
    );
  });
});

describe('simulator state: chain entries', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sim-chain-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keep their own copies of the UUID and PIH, not views into the submitted document', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const state = new SimulatorState(dir);
    const heapAfterGc = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const before = heapAfterGc();
    for (let icv = 1; icv <= 200; icv++) {
      // A 100 KB "document"; the UUID and PIH are substrings of it, as a parser makes them.
      const document = `<Invoice>${String(icv).padStart(36, '0')}${'x'.repeat(100_000)}${'p'.repeat(44)}</Invoice>`;
      state.addChainEntry('serial-1', {
        icv,
        hash: `hash-${icv}`,
        uuid: document.slice(9, 45),
        pih: document.slice(-54, -10),
      });
    }
    const grown = heapAfterGc() - before;
    expect(state.chain('serial-1').at(200)).toEqual({
      icv: 200,
      hash: 'hash-200',
      uuid: '200'.padStart(36, '0'),
      pih: 'p'.repeat(44),
    });
    // 200 retained documents would be 20 MB; 200 small entries are a few tens of KB.
    expect(grown).toBeLessThan(4_000_000);
    state.close();
  });
});
