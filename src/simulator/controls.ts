import type { CaseStore } from './data/case-store.ts';
import type { Forwarder } from './forwarder.ts';
import type { FaultQueue, FaultSpec } from './http/faults.ts';

/** What tests, the CLI and the admin endpoint use to change data and inject faults. */
export interface SimulatorControls {
  /** Case ids, or a count of open cases picked deterministically. Returns the ids changed. */
  updateCases(target: string[] | number, properties?: Record<string, string>, caseType?: string): string[];
  closeCases(target: string[] | number, caseType?: string): string[];
  createCases(count: number): string[];
  setFault(spec: FaultSpec): void;
  clearFaults(): void;
  faults(): FaultSpec[];
  state(): Record<string, unknown>;
  forwarder: Forwarder | undefined;
}

export function createControls(
  store: CaseStore,
  faults: FaultQueue,
  describe: () => Record<string, unknown>,
  forwarder: () => Forwarder | undefined,
): SimulatorControls {
  const resolve = (target: string[] | number, caseType?: string) =>
    typeof target === 'number' ? store.pickOpen(target, caseType) : target;
  return {
    updateCases: (target, properties, caseType) => store.update(resolve(target, caseType), properties),
    closeCases: (target, caseType) => store.close(resolve(target, caseType)),
    createCases: (count) => store.create(count),
    setFault: (spec) => faults.add(spec),
    clearFaults: () => faults.clear(),
    faults: () => faults.list(),
    state: describe,
    get forwarder() {
      return forwarder();
    },
  };
}
