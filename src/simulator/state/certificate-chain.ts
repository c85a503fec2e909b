import type { ChainEntry } from './state-types';

/**
 * One certificate's chain entries, in the order they were recorded, indexed by ICV: the chain
 * check looks up neighbours of every document, and scanning all earlier entries made a run of
 * n invoices cost O(n²).
 */
export class CertificateChain {
  /** Entries per ICV in recording order; an ICV normally has one, a reused one more. */
  private readonly byIcv = new Map<number, ChainEntry[]>();

  /** `entries` is the state's own array (saved in the snapshot): appended to in place. */
  constructor(private readonly entries: ChainEntry[] = []) {
    for (const entry of entries) this.index(entry);
  }

  /** The first entry recorded with this ICV: the document that used it first is the reference. */
  at(icv: number): ChainEntry | undefined {
    return this.byIcv.get(icv)?.[0];
  }

  /** Whether this exact document (ICV and hash) is already in the chain. */
  has(icv: number, hash: string): boolean {
    return this.byIcv.get(icv)?.some((e) => e.hash === hash) ?? false;
  }

  push(entry: ChainEntry): void {
    this.entries.push(entry);
    this.index(entry);
  }

  private index(entry: ChainEntry): void {
    const same = this.byIcv.get(entry.icv);
    if (same) same.push(entry);
    else this.byIcv.set(entry.icv, [entry]);
  }
}
