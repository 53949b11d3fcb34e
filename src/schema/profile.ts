import { createTypeAccumulator, type TypeAccumulator } from './infer.ts';
import { physicalType } from './physical-types.ts';
import type { ColumnType, SourceRow } from './types.ts';

/**
 * What the plan needs to know about a batch's values, gathered in ONE pass over them (the writer does it
 * while it streams the batch to PostgreSQL): per source column, the join of the values' types, and whether
 * every value fits the column's existing type when that type is not one of ours (`integer`, `varchar(n)`…).
 */
export interface ColumnProfile {
  /** Join of the values' types (seeded with the existing column's own type when it is one of ours). */
  type: ColumnType | null;
  /** The existing (foreign) type the values were checked against, and whether all of them fit it. */
  checked?: { physical: string; allFit: boolean };
}

export interface BatchProfiler {
  /** Column `index` (in `sources` order) has `value`. */
  observe(index: number, value: string | null): void;
  result(): Map<string, ColumnProfile>;
}

/**
 * `existingTypes`: source name → `format_type()` of the column it maps to today, for the fit checks of
 * foreign types (our own types need none: the type join decides).
 */
export function createBatchProfiler(
  sources: readonly string[],
  existingTypes: ReadonlyMap<string, string> = new Map(),
  /** Columns with a pinned type: their values' own type is checked against the pin, so no seeding. */
  pinned: ReadonlySet<string> = new Set(),
): BatchProfiler {
  const physicals = sources.map((source) => {
    const formatted = existingTypes.get(source);
    return formatted === undefined ? null : { formatted, physical: physicalType(formatted) };
  });
  // Our own existing types seed the join (the plan joins with them anyway); foreign ones are checked value by value.
  const types: TypeAccumulator[] = physicals.map((p, i) =>
    createTypeAccumulator(p?.physical.exact && !pinned.has(sources[i]!) ? p.physical.lattice : null),
  );
  const checks = physicals.map((p) =>
    p === null || p.physical.exact || p.physical.lattice === null ? null : { ...p, allFit: true },
  );
  return {
    observe(index, value) {
      types[index]!.add(value);
      const check = checks[index];
      if (check?.allFit && value !== null && value !== '' && !check.physical.fits(value))
        check.allFit = false;
    },
    result() {
      const profiles = new Map<string, ColumnProfile>();
      sources.forEach((source, index) => {
        const check = checks[index];
        profiles.set(source, {
          type: types[index]!.type,
          ...(check ? { checked: { physical: check.formatted, allFit: check.allFit } } : {}),
        });
      });
      return profiles;
    },
  };
}

/** Profiles of a batch's row arrays: `indexes[j]` is the column of `sources[j]` (-1: none, all NULL). */
export function profileBatchRows(
  sources: readonly string[],
  indexes: readonly number[],
  rows: readonly (readonly (string | null | undefined)[])[],
  existingTypes?: ReadonlyMap<string, string>,
  pinned?: ReadonlySet<string>,
): Map<string, ColumnProfile> {
  const profiler = createBatchProfiler(sources, existingTypes, pinned);
  // Column by column: one accumulator stays hot for a whole column.
  for (let j = 0; j < sources.length; j += 1) {
    const index = indexes[j]!;
    if (index < 0) continue;
    for (let r = 0; r < rows.length; r += 1) profiler.observe(j, rows[r]![index] ?? null);
  }
  return profiler.result();
}

/** Profiles of in-memory rows (tests, and callers that plan without writing). */
export function profileRows(
  sources: readonly string[],
  rows: readonly SourceRow[],
  existingTypes?: ReadonlyMap<string, string>,
  pinned?: ReadonlySet<string>,
): Map<string, ColumnProfile> {
  const profiler = createBatchProfiler(sources, existingTypes, pinned);
  for (const row of rows) {
    for (let i = 0; i < sources.length; i += 1) profiler.observe(i, row[sources[i]!] ?? null);
  }
  return profiler.result();
}
