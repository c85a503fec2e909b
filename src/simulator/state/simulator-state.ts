import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  AcceptedSubmission,
  ChainEntry,
  CsidRecord,
  OtpRecord,
  SimulatorStateData,
} from './state-types';

const EMPTY: SimulatorStateData = { version: 1, csids: [], chains: {}, accepted: [], otps: [] };

export const sha256Hex = (text: string): string =>
  createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The simulator's memory: issued CSIDs, chains, accepted submissions, OTPs. Kept in one JSON
 * file under the state dir, rewritten atomically after each change. A dev tool's store, not
 * the product's database.
 */
export class SimulatorState {
  private data: SimulatorStateData;
  private readonly file: string;

  constructor(stateDir: string) {
    mkdirSync(stateDir, { recursive: true });
    this.file = join(stateDir, 'state.json');
    this.data = existsSync(this.file)
      ? { ...EMPTY, ...(JSON.parse(readFileSync(this.file, 'utf8')) as SimulatorStateData) }
      : structuredClone(EMPTY);
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

  chain(serialNumber: string): ChainEntry[] {
    return this.data.chains[serialNumber] ?? [];
  }

  addChainEntry(serialNumber: string, entry: ChainEntry): void {
    (this.data.chains[serialNumber] ??= []).push(entry);
    this.save();
  }

  accepted(key: string, notBefore: Date): AcceptedSubmission | undefined {
    return this.data.accepted.find((a) => a.key === key && new Date(a.at) >= notBefore);
  }

  addAccepted(entry: AcceptedSubmission, dropBefore: Date): void {
    // Old hashes leave the duplicate window, as on ZATCA (~24 h).
    this.data.accepted = this.data.accepted.filter((a) => new Date(a.at) >= dropBefore);
    this.data.accepted.push(entry);
    this.save();
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

  private save(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, null, 1), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
