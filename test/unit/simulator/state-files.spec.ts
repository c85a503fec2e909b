import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppendFile } from '../../../src/simulator/state/append-file';
import { SimulatorState } from '../../../src/simulator/state/simulator-state';
import type {
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
