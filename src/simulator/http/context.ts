import type { CaseStore } from '../data/case-store.ts';
import type { CaseTypeName } from '../data/case-types.ts';
import type { SimProject } from '../data/project.ts';
import type { V1DateFormat } from '../render/case-shapes.ts';
import type { Credentials } from './auth.ts';
import type { FaultQueue } from './faults.ts';

export interface FeedInfo {
  exportId: string;
  caseType: CaseTypeName;
}

/** Everything a route reads; built once by startSimulator. */
export interface SimContext {
  seed: number;
  project: SimProject;
  store: CaseStore;
  credentials: Credentials;
  faults: FaultQueue;
  feeds: FeedInfo[];
  v1DateFormat: V1DateFormat;
}
