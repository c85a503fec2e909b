import type { Message } from '../answers/simulator-answer';
import type { CertificateChain } from '../state/certificate-chain';
import type { ChainEntry } from '../state/state-types';

/** PIH of the first document of an EGS: base64 of the hex SHA-256 of "0" (spec 2.4). */
export const INITIAL_PIH =
  'NWZlY2ViNjZmZmM4NmYzOGQ5NTI3ODZjNmQ2OTZjNzljMmRiYzIzOWRkNGU5MWI0NjcyOWQ3M2EyN2ZiNTdlOQ==';

/**
 * ICV/PIH continuity of one certificate's chain (spec 8.3). Submission order is free, so a
 * document is compared with whichever neighbours (ICV-1, ICV+1) the simulator has seen.
 * Rejected documents stay in the chain, so the caller records every document it could read.
 */
export function checkChain(chain: Pick<CertificateChain, 'at'>, doc: ChainEntry): Message[] {
  const problems: Message[] = [];
  const same = chain.at(doc.icv);
  if (same && same.hash !== doc.hash) {
    problems.push({
      code: 'ICV_REUSED',
      category: 'KSA',
      message: `ICV ${doc.icv} was already used by another document of this EGS`,
    });
  }
  const expectedPih = doc.icv === 1 ? INITIAL_PIH : chain.at(doc.icv - 1)?.hash;
  if (expectedPih !== undefined && doc.pih !== expectedPih) {
    problems.push({
      code: 'PIH_MISMATCH',
      category: 'KSA',
      message: `PIH (KSA-13) is not the hash of the document with ICV ${doc.icv - 1} of this EGS`,
    });
  }
  const next = chain.at(doc.icv + 1);
  if (next && next.pih !== doc.hash) {
    problems.push({
      code: 'PIH_MISMATCH',
      category: 'KSA',
      message: `The document with ICV ${doc.icv + 1} does not chain to this document's hash`,
    });
  }
  return problems;
}
