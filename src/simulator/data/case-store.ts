import { CASE_TYPES, type CaseTypeName, caseTypeOf, countTypeInRange } from './case-types.ts';
import {
  applyOverlay,
  baseIndexedOn,
  type CaseOverlay,
  firstIndexAtOrAfter,
  generateCase,
  type SimCase,
} from './cases.ts';
import { caseIdFor, caseIndexOf } from './ids.ts';
import type { SimProject } from './project.ts';
import { rngFor, STREAM } from './random.ts';
import type { Micros } from './time.ts';

/** Position and bounds in `(indexed_on, case_id)` order, HQ's v2 sort. */
export interface OrderRange {
  /** Inclusive lower bound on indexed_on. */
  from?: Micros;
  /** With `from`: at exactly `from`, only case ids greater than this (HQ's cursor rule). */
  afterCaseId?: string;
  /** Inclusive upper bound. */
  to?: Micros;
  caseType?: string;
}

interface ChangedEntry {
  index: number;
  indexedOn: Micros;
  caseId: string;
}

export type CaseChangeListener = (caseIds: string[], kind: 'created' | 'updated' | 'closed') => void;

/**
 * The simulator's cases: `baseCount` generated on the fly from the seed, plus a small overlay of changes made
 * through the controls. Changed and created cases move to the end of the indexed_on order, as in HQ.
 */
export class CaseStore {
  private readonly overlays = new Map<number, CaseOverlay>();
  /** Changed cases sorted by (indexed_on, case_id); replaced, never mutated, so iterators stay consistent. */
  private changed: ChangedEntry[] = [];
  private total: number;
  private lastStamp: Micros;
  private changeCounter = 0;
  private readonly listeners = new Set<CaseChangeListener>();

  constructor(
    private readonly seed: number,
    private readonly project: SimProject,
    private readonly baseCount: number,
    private readonly now: () => Micros,
  ) {
    this.total = baseCount;
    this.lastStamp = baseIndexedOn(baseCount) + 1_000_000;
  }

  get count(): number {
    return this.total;
  }

  get(index: number): SimCase | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.total) return undefined;
    return applyOverlay(generateCase(this.seed, this.project, index), this.overlays.get(index));
  }

  byId(caseId: string): SimCase | undefined {
    const index = caseIndexOf(this.seed, caseId);
    return index === undefined ? undefined : this.get(index);
  }

  byExternalId(externalId: string): SimCase | undefined {
    for (const index of this.ordered({})) {
      const found = this.get(index);
      if (found?.externalId === externalId) return found;
    }
    return undefined;
  }

  onChange(listener: CaseChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Indexes in (indexed_on, case_id) order within the range; type filtering costs no generation. */
  *ordered(range: OrderRange): Generator<number> {
    const changed = this.changed;
    for (let i = range.from === undefined ? 0 : firstIndexAtOrAfter(range.from); i < this.baseCount; i += 1) {
      const at = baseIndexedOn(i);
      if (range.to !== undefined && at > range.to) break;
      if (this.overlays.has(i) || (range.caseType !== undefined && caseTypeOf(i) !== range.caseType))
        continue;
      if (
        range.afterCaseId !== undefined &&
        at === range.from &&
        caseIdFor(this.seed, i) <= range.afterCaseId
      ) {
        continue;
      }
      yield i;
    }
    for (const entry of changed) {
      if (range.from !== undefined && entry.indexedOn < range.from) continue;
      if (range.to !== undefined && entry.indexedOn > range.to) break;
      if (range.caseType !== undefined && caseTypeOf(entry.index) !== range.caseType) continue;
      if (
        range.afterCaseId !== undefined &&
        entry.indexedOn === range.from &&
        entry.caseId <= range.afterCaseId
      ) {
        continue;
      }
      yield entry.index;
    }
  }

  /** How many cases `ordered(range)` yields, in time proportional to the overlay, not the case count. */
  countOrdered(range: OrderRange): number {
    const lo = Math.min(this.baseCount, range.from === undefined ? 0 : firstIndexAtOrAfter(range.from));
    const hi = Math.min(
      this.baseCount,
      range.to === undefined ? this.baseCount : firstIndexAtOrAfter(range.to + 1),
    );
    const type = range.caseType as CaseTypeName | undefined;
    const typeMatches = (index: number) => type === undefined || caseTypeOf(index) === type;
    if (type !== undefined && !(type in CASE_TYPES)) return 0;
    let count = type === undefined ? Math.max(0, hi - lo) : countTypeInRange(lo, hi, type);
    for (const index of this.overlays.keys()) if (index >= lo && index < hi && typeMatches(index)) count -= 1;
    if (
      range.afterCaseId !== undefined &&
      lo < hi &&
      baseIndexedOn(lo) === range.from &&
      !this.overlays.has(lo) &&
      typeMatches(lo) &&
      caseIdFor(this.seed, lo) <= range.afterCaseId
    ) {
      count -= 1;
    }
    for (const entry of this.changed) {
      if (range.from !== undefined && entry.indexedOn < range.from) continue;
      if (range.to !== undefined && entry.indexedOn > range.to) break;
      if (!typeMatches(entry.index)) continue;
      if (
        range.afterCaseId !== undefined &&
        entry.indexedOn === range.from &&
        entry.caseId <= range.afterCaseId
      ) {
        continue;
      }
      count += 1;
    }
    return count;
  }

  /** Picks `count` existing open cases deterministically (for "update N cases" commands). */
  pickOpen(count: number, caseType?: string): string[] {
    const rng = rngFor(this.seed, STREAM.change, this.changeCounter++);
    const picked = new Set<string>();
    for (
      let attempts = 0;
      picked.size < Math.min(count, this.total) && attempts < count * 50;
      attempts += 1
    ) {
      const candidate = this.get(rng.int(0, this.total - 1));
      if (!candidate || candidate.closed) continue;
      if (caseType !== undefined && candidate.caseType !== caseType) continue;
      picked.add(candidate.caseId);
    }
    return [...picked];
  }

  /** Sets properties (given, or fresh generated values) on the cases; they all share one new indexed_on. */
  update(caseIds: string[], properties?: Record<string, string>): string[] {
    const stamp = this.stamp();
    const rng = rngFor(this.seed, STREAM.change, this.changeCounter++);
    const done: string[] = [];
    for (const caseId of caseIds) {
      const current = this.byId(caseId);
      if (!current) continue;
      const changes = properties ?? this.freshValues(current, rng);
      const previous = this.overlays.get(current.index);
      this.overlays.set(current.index, {
        ...previous,
        indexedOn: stamp,
        lastModified: stamp - 1_500_000,
        userId: rng.pick(this.project.mobileWorkers).id,
        properties: { ...previous?.properties, ...changes },
      });
      done.push(caseId);
    }
    this.reorder();
    this.emit(done, 'updated');
    return done;
  }

  close(caseIds: string[]): string[] {
    const stamp = this.stamp();
    const rng = rngFor(this.seed, STREAM.change, this.changeCounter++);
    const done: string[] = [];
    for (const caseId of caseIds) {
      const current = this.byId(caseId);
      if (!current || current.closed) continue;
      const by = rng.pick(this.project.mobileWorkers).id;
      const previous = this.overlays.get(current.index);
      this.overlays.set(current.index, {
        ...previous,
        properties: previous?.properties ?? {},
        indexedOn: stamp,
        lastModified: stamp - 1_500_000,
        userId: by,
        closed: { at: stamp - 1_500_000, by },
      });
      done.push(caseId);
    }
    this.reorder();
    this.emit(done, 'closed');
    return done;
  }

  /** Appends `count` new cases (types follow the generator's pattern), opened now. */
  create(count: number): string[] {
    const stamp = this.stamp();
    const done: string[] = [];
    for (let n = 0; n < count; n += 1) {
      const index = this.total;
      this.total += 1;
      const base = generateCase(this.seed, this.project, index);
      this.overlays.set(index, {
        indexedOn: stamp,
        lastModified: stamp - 1_500_000,
        openedAt: stamp - 1_500_000,
        userId: base.userId,
        properties: {},
      });
      done.push(base.caseId);
    }
    this.reorder();
    this.emit(done, 'created');
    return done;
  }

  private freshValues(current: SimCase, rng: ReturnType<typeof rngFor>): Record<string, string> {
    const specs = CASE_TYPES[current.caseType].properties;
    const out: Record<string, string> = {};
    for (let n = 0; n < 2; n += 1) {
      const spec = rng.pick(specs);
      out[spec.name] = spec.value(rng) ?? `changed ${this.changeCounter}`;
    }
    return out;
  }

  /** A fresh indexed_on: never before any existing one, so changed cases sort last. */
  private stamp(): Micros {
    this.lastStamp = Math.max(this.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  private reorder(): void {
    const entries: ChangedEntry[] = [];
    for (const [index, overlay] of this.overlays) {
      entries.push({ index, indexedOn: overlay.indexedOn, caseId: caseIdFor(this.seed, index) });
    }
    entries.sort(
      (a, b) => a.indexedOn - b.indexedOn || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0),
    );
    this.changed = entries;
  }

  private emit(caseIds: string[], kind: 'created' | 'updated' | 'closed'): void {
    if (caseIds.length === 0) return;
    for (const listener of this.listeners) listener(caseIds, kind);
  }
}
