/**
 * Deterministic randomness: every generated thing is a pure function of (seed, stream, index), so case i can
 * be rebuilt at any time without storing it. mulberry32 is small, fast and good enough for fake data.
 */
export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  hex(length: number): string;
  uint32(): number;
}

export function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) h = mixStep(h, part);
  return h >>> 0;
}

/** `mix(a, b, c)` without the rest-array: rngFor runs once per generated case. */
export function mix3(a: number, b: number, c: number): number {
  return mixStep(mixStep(mixStep(0x9e3779b9, a), b), c) >>> 0;
}

function mixStep(state: number, part: number): number {
  let h = Math.imul(state ^ (part >>> 0), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  // Indexes above 2^32 still differ: fold in the high part.
  return h ^ Math.floor(part / 0x100000000);
}

export function rngFor(seed: number, stream: number, index: number): Rng {
  return new Mulberry32(mix3(seed, stream, index));
}

/** Two hex digits per byte value: ids are built from table look-ups, not toString(16) + padStart. */
const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** `value` (an unsigned 32-bit integer) as 8 lower-case hex digits. */
export function hex32(value: number): string {
  return (
    HEX_PAIRS[value >>> 24]! +
    HEX_PAIRS[(value >>> 16) & 0xff]! +
    HEX_PAIRS[(value >>> 8) & 0xff]! +
    HEX_PAIRS[value & 0xff]!
  );
}

/** A class, not closures: case generation creates one per row, a million times per feed. */
class Mulberry32 implements Rng {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += hex32(this.uint32());
    return out.length === length ? out : out.slice(0, length);
  }

  /** The next draw as an unsigned 32-bit integer (what `next()` scales to [0, 1)). */
  uint32(): number {
    return Math.floor(this.next() * 0x100000000);
  }
}

/** A `--seed` given as text still gives a number. */
export function seedFromString(value: string): number {
  const numeric = Number(value);
  if (Number.isInteger(numeric)) return numeric >>> 0;
  let h = 0;
  for (const char of value) h = mix(h, char.codePointAt(0)!);
  return h;
}

/** Streams keep unrelated generators independent (changing users never reshuffles cases). */
export const STREAM = {
  caseId: 1,
  caseData: 2,
  formId: 3,
  formData: 4,
  project: 5,
  change: 6,
  exportId: 7,
  forwarder: 8,
} as const;
