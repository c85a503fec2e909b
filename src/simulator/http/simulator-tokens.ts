/** Nest injection token of the FatooraSimulator instance. */
export const FATOORA_SIMULATOR = Symbol('FATOORA_SIMULATOR');
