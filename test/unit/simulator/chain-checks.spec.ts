import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '../../../src/simulator/answers/simulator-answer';
import { checkChain, INITIAL_PIH } from '../../../src/simulator/invoices/chain-checks';
import { CertificateChain } from '../../../src/simulator/state/certificate-chain';
import { SimulatorState } from '../../../src/simulator/state/simulator-state';
import type { ChainEntry } from '../../../src/simulator/state/state-types';

const entry = (icv: number, hash: string, pih: string): ChainEntry => ({
  icv,
  hash,
  pih,
  uuid: `uuid-${icv}-${hash}`,
});
const codes = (messages: Message[]) => messages.map((m) => m.code);

/** ICV 1-3 in order, then ICV 3 reused by a second document (hash B3). */
const REUSED: ChainEntry[] = [
  entry(1, 'H1', INITIAL_PIH),
  entry(2, 'H2', 'H1'),
  entry(3, 'H3', 'H2'),
  entry(3, 'B3', 'H2'),
];

describe('checkChain over the ICV index', () => {
  it('reports a reused ICV against the first document that used it', () => {
    const chain = new CertificateChain([...REUSED]);
    expect(codes(checkChain(chain, entry(3, 'C3', 'H2')))).toEqual(['ICV_REUSED']);
    // The first document of ICV 3, sent again: not a reuse.
    expect(checkChain(chain, entry(3, 'H3', 'H2'))).toEqual([]);
  });

  it('checks the PIH against the first document of the previous ICV, not a later one', () => {
    const chain = new CertificateChain([...REUSED]);
    // Chains on the second document of ICV 3: a mismatch, as with Array.find before.
    expect(codes(checkChain(chain, entry(4, 'H4', 'B3')))).toEqual(['PIH_MISMATCH']);
    expect(checkChain(chain, entry(4, 'H4', 'H3'))).toEqual([]);
  });

  it('checks that the next ICV chains on this document', () => {
    const chain = new CertificateChain([entry(5, 'H5', 'H4')]);
    expect(checkChain(chain, entry(4, 'H4', 'H3'))).toEqual([]);
    const problems = checkChain(chain, entry(4, 'Z4', 'H3'));
    expect(codes(problems)).toEqual(['PIH_MISMATCH']);
    expect(problems[0].message).toContain('ICV 5');
  });

  it('knows every recorded document of a reused ICV', () => {
    const chain = new CertificateChain([...REUSED]);
    expect(chain.has(3, 'H3')).toBe(true);
    expect(chain.has(3, 'B3')).toBe(true);
    expect(chain.has(3, 'H2')).toBe(false);
    expect(chain.has(9, 'H3')).toBe(false);
  });

  it('gives the same answers as a scan of the entries, with reused ICVs', () => {
    // Reference: the former lookup, the first entry of that ICV in recording order.
    const scan = (entries: ChainEntry[]) => ({
      at: (icv: number) => entries.find((e) => e.icv === icv),
    });
    let seed = 7;
    const random = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const entries: ChainEntry[] = [];
    const chain = new CertificateChain(entries);
    for (let i = 0; i < 400; i++) {
      const doc = entry(1 + random(60), `H${random(90)}`, `H${random(90)}`);
      expect(checkChain(chain, doc)).toEqual(checkChain(scan(entries), doc));
      if (!chain.has(doc.icv, doc.hash)) chain.push(doc);
    }
    expect(new Set(entries.map((e) => e.icv)).size).toBeLessThan(entries.length);
  });
});

describe('SimulatorState chains from disk', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sim-chain-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const expectReusedChecks = (state: SimulatorState) => {
    const chain = state.chain('serial-1');
    expect(chain.at(3)).toEqual(REUSED[2]);
    expect(codes(checkChain(chain, entry(3, 'C3', 'H2')))).toEqual(['ICV_REUSED']);
    expect(codes(checkChain(chain, entry(4, 'H4', 'B3')))).toEqual(['PIH_MISMATCH']);
    expect(checkChain(chain, entry(4, 'H4', 'H3'))).toEqual([]);
    expect(chain.has(3, 'B3')).toBe(true);
    expect(state.chain('other-serial').at(1)).toBeUndefined();
  };

  it('indexes the chains replayed from the journal', () => {
    const written = new SimulatorState(dir);
    for (const e of REUSED) written.addChainEntry('serial-1', e);
    written.close();
    expectReusedChecks(new SimulatorState(dir));
  });

  it('indexes the chains read from the snapshot, and appends to them', () => {
    const written = new SimulatorState(dir);
    for (const e of REUSED) written.addChainEntry('serial-1', e);
    written.close();
    // The first reload folds the journal into state.json; the second reads only the snapshot.
    new SimulatorState(dir).close();
    const reloaded = new SimulatorState(dir);
    expectReusedChecks(reloaded);
    reloaded.addChainEntry('serial-1', entry(4, 'H4', 'H3'));
    expect(codes(checkChain(reloaded.chain('serial-1'), entry(5, 'H5', 'X')))).toEqual([
      'PIH_MISMATCH',
    ]);
    reloaded.close();
  });
});
