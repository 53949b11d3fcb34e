import { CASE_TYPES, type CaseTypeName, caseTypeOf, parentIndexOf } from './case-types.ts';
import { caseIdFor, formIdFor } from './ids.ts';
import type { SimProject } from './project.ts';
import { rngFor, STREAM } from './random.ts';
import { type Micros, microsOf } from './time.ts';

export interface SimIndex {
  caseType: string;
  caseId: string;
  relationship: 'child' | 'extension';
}

/** One case in the simulator's own terms; render/ turns it into each HQ shape. */
export interface SimCase {
  index: number;
  caseId: string;
  caseType: CaseTypeName;
  caseName: string;
  externalId: string | null;
  ownerId: string;
  openedBy: string;
  /** Who last modified it (v1 `user_id`). */
  userId: string;
  dateOpened: Micros;
  lastModified: Micros;
  serverLastModified: Micros;
  serverOpened: Micros;
  indexedOn: Micros;
  closed: boolean;
  dateClosed: Micros | null;
  closedBy: string | null;
  /** An absent key is a property the case never had. */
  properties: Record<string, string>;
  indices: Record<string, SimIndex>;
  xformIds: string[];
}

/** Base cases sit on a fixed grid in time, so "first case indexed at or after t" is arithmetic. */
export const BASE_TIME: Micros = microsOf(new Date('2020-01-01T00:00:00Z'));
export const STEP: Micros = 30_123_457;
const OFFSET: Micros = 987_654;

export function baseIndexedOn(index: number): Micros {
  return BASE_TIME + index * STEP + OFFSET;
}

/** The first index whose base indexed_on is ≥ `at`. */
export function firstIndexAtOrAfter(at: Micros): number {
  return Math.max(0, Math.ceil((at - BASE_TIME - OFFSET) / STEP));
}

const GIVEN = ['Amina', 'Zoë', 'José', "D'Arcy", 'Wanjiru', 'Thảo', 'Łukasz', 'Priya', 'Chidi', 'Ana María'];
const FAMILY = ['Okafor', "O'Brien", 'Müller', 'Ndlovu', 'García', 'Nguyễn', 'Kamau', 'Dubois'];

/** Case i as generated from the seed, before any change made through the controls. */
export function generateCase(seed: number, project: SimProject, index: number): SimCase {
  const rng = rngFor(seed, STREAM.caseData, index);
  const type = caseTypeOf(index);
  const worker = rng.pick(project.mobileWorkers);
  const parentIndex = parentIndexOf(index);
  const household = parentIndex === undefined ? undefined : rngFor(seed, STREAM.caseData, parentIndex);
  // A patient is owned like its household: same draw from the household's own generator.
  const ownerRng = household ?? rng;
  const ownerId = ownerRng.chance(0.1)
    ? ownerRng.pick(project.mobileWorkers).id
    : ownerRng.pick(project.districts).locationId;
  const indexedOn = baseIndexedOn(index);
  const serverLastModified = indexedOn - 312_345;
  const lastModified = serverLastModified - rng.int(1_000_000, 90_000_000);
  const dateOpened = lastModified - rng.int(0, 86_400_000_000);
  const properties: Record<string, string> = {};
  for (const spec of CASE_TYPES[type].properties) {
    const value = spec.value(rng);
    if (value !== undefined) properties[spec.name] = value;
  }
  const closed = rng.chance(0.1);
  const caseName =
    type === 'household'
      ? (properties.household_name ?? 'household')
      : `${rng.pick(GIVEN)} ${rng.pick(FAMILY)}`;
  const indices: Record<string, SimIndex> = {};
  if (parentIndex !== undefined) {
    indices.parent = { caseType: 'household', caseId: caseIdFor(seed, parentIndex), relationship: 'child' };
  }
  return {
    index,
    caseId: caseIdFor(seed, index),
    caseType: type,
    caseName,
    externalId: rng.chance(0.5) ? String(rng.int(1, 999999)).padStart(6, '0') : null,
    ownerId,
    openedBy: worker.id,
    userId: worker.id,
    dateOpened,
    lastModified,
    serverLastModified,
    serverOpened: dateOpened + 2_000_000,
    indexedOn,
    closed,
    dateClosed: closed ? lastModified : null,
    closedBy: closed ? worker.id : null,
    properties,
    indices,
    xformIds: [formIdFor(seed, index)],
  };
}

/** What a change through the controls did to one case; applied on top of the generated case. */
export interface CaseOverlay {
  indexedOn: Micros;
  lastModified: Micros;
  userId: string;
  properties: Record<string, string>;
  closed?: { at: Micros; by: string };
  /** Set for cases created after start: their opening time. */
  openedAt?: Micros;
}

export function applyOverlay(base: SimCase, overlay: CaseOverlay | undefined): SimCase {
  if (!overlay) return base;
  const merged: SimCase = {
    ...base,
    indexedOn: overlay.indexedOn,
    lastModified: overlay.lastModified,
    serverLastModified: overlay.indexedOn - 1,
    userId: overlay.userId,
    properties: { ...base.properties, ...overlay.properties },
  };
  if (overlay.openedAt !== undefined) {
    merged.dateOpened = overlay.openedAt;
    merged.serverOpened = overlay.openedAt;
    merged.closed = false;
    merged.dateClosed = null;
    merged.closedBy = null;
  }
  if (overlay.closed) {
    merged.closed = true;
    merged.dateClosed = overlay.closed.at;
    merged.closedBy = overlay.closed.by;
  }
  return merged;
}
