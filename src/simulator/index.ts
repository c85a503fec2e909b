export { SimulatorModule, type SimulatorModuleOptions } from './simulator.module';
export { FatooraSimulator } from './simulator';
export { startSimulator, type RunningSimulator } from './standalone';
export { resolveSimulatorOptions, type SimulatorOptions } from './simulator-options';
export type { FaultSettings } from './faults/fault-settings';
export { FATOORA_SIMULATOR } from './http/simulator-tokens';
