import type { Rng } from './random.ts';

/** Each property: a name and a generator; `undefined` means the case never set it (`---` in the feed). */
export interface PropertySpec {
  name: string;
  value(rng: Rng): string | undefined;
}

export type CaseTypeName = 'household' | 'patient';

/** Longer than PostgreSQL's 63-byte identifier limit on purpose. */
export const LONG_PROPERTY =
  'number_of_antenatal_care_visits_completed_before_the_third_trimester_of_the_pregnancy';

const NOTES = [
  'Zoë said "fine" & left <early>',
  "L'école est fermée — Ça va?",
  '日本語のメモ: 大丈夫',
  'Needs follow-up 🌍 & "quotes" \'single\'',
  'a < b && c > d',
  '---not missing---',
  '',
];

/** Two-digit forms of 0–59: the generators below build a date per case, padStart per part was visible. */
const PAD2 = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
const date = (rng: Rng, from: number, to: number) =>
  `${rng.int(from, to)}-${PAD2[rng.int(1, 12)]}-${PAD2[rng.int(1, 28)]}`;
const timestamp = (rng: Rng) =>
  `${date(rng, 2019, 2023)}T${PAD2[rng.int(0, 23)]}:${PAD2[rng.int(0, 59)]}:${PAD2[rng.int(0, 59)]}.${PAD3[rng.int(0, 999)]}000Z`;
/** `n / 10` with one decimal, as `(n / 10).toFixed(1)` prints it for a non-negative integer n. */
const tenths = (n: number) => `${Math.floor(n / 10)}.${n % 10}`;
const phone = (rng: Rng) => `+2547${String(rng.int(10000000, 99999999))}`;

export const CASE_TYPES: Record<CaseTypeName, { parent: CaseTypeName | null; properties: PropertySpec[] }> = {
  household: {
    parent: null,
    properties: [
      {
        name: 'household_name',
        value: (rng) => `${rng.pick(['Kamau', "O'Neil", 'Müller', 'Nguyễn'])} household`,
      },
      {
        name: 'address',
        value: (rng) => `${rng.int(1, 999)} Rue de l'Église & Main <Block ${rng.int(1, 9)}>`,
      },
      { name: 'member_count', value: (rng) => String(rng.int(1, 14)) },
      { name: 'head_phone', value: (rng) => (rng.chance(0.1) ? '' : phone(rng)) },
      { name: 'water_source', value: (rng) => rng.pick(['borehole', 'river', 'piped', 'rain']) },
      { name: 'village_code', value: (rng) => String(rng.int(1, 999)).padStart(4, '0') },
      {
        name: 'gps',
        value: (rng) =>
          rng.chance(0.3)
            ? undefined
            : `${(rng.next() * 2 - 1).toFixed(6)} ${(36 + rng.next()).toFixed(6)} 1500 5`,
      },
    ],
  },
  patient: {
    parent: 'household',
    properties: [
      { name: 'dob', value: (rng) => (rng.chance(0.05) ? '' : date(rng, 1950, 2022)) },
      { name: 'age_years', value: (rng) => String(rng.int(0, 95)) },
      { name: 'weight_kg', value: (rng) => tenths(rng.int(25, 1200)) },
      { name: 'phone_number', value: phone },
      { name: 'village_code', value: (rng) => String(rng.int(0, 99)).padStart(3, '0') },
      { name: 'notes', value: (rng) => rng.pick(NOTES) },
      { name: 'last_visit', value: timestamp },
      { name: 'is_pregnant', value: (rng) => rng.pick(['yes', 'no']) },
      { name: 'has_consented', value: (rng) => rng.pick(['true', 'false', 'TRUE']) },
      { name: 'optional_remark', value: (rng) => (rng.chance(0.4) ? undefined : `remark ${rng.int(1, 50)}`) },
      { name: LONG_PROPERTY, value: (rng) => String(rng.int(0, 9)) },
    ],
  },
};

/** A quarter of cases are households; each patient's parent is the household just before it. */
export function caseTypeOf(index: number): CaseTypeName {
  return index % 4 === 0 ? 'household' : 'patient';
}

export function parentIndexOf(index: number): number | undefined {
  return caseTypeOf(index) === 'patient' ? index - (index % 4) : undefined;
}

/** How many indexes in [from, to) have the given type, without visiting them. */
export function countTypeInRange(from: number, to: number, type: CaseTypeName): number {
  if (to <= from) return 0;
  const households = Math.floor((to + 3) / 4) - Math.floor((from + 3) / 4);
  return type === 'household' ? households : to - from - households;
}

/** Feed/export property columns: sorted by name, as HQ lists case properties. */
export function propertyNames(type: CaseTypeName): string[] {
  return CASE_TYPES[type].properties.map((spec) => spec.name).sort();
}
