import { hex32, mix3, rngFor, STREAM } from './random.ts';

/**
 * UUID-shaped ids that look random yet encode their index (XOR-masked in the last group), so a detail request
 * finds case i without an id→index map — a million-case simulator holds no per-case memory.
 */
const ODD_A = 0x9e3779b1;
const ODD_B = 0x85ebca6b;

/** Multiplicative inverse modulo 2^32 (Newton's iteration), so the index scramble can be undone. */
function inverse(odd: number): number {
  let inv = odd;
  for (let n = 0; n < 5; n += 1) inv = Math.imul(inv, 2 - Math.imul(odd, inv));
  return inv >>> 0;
}
const INV_A = inverse(ODD_A);
const INV_B = inverse(ODD_B);

function scramble(index: number, mask: number): number {
  let y = Math.imul((index ^ mask) >>> 0, ODD_A) >>> 0;
  y = (y ^ (y >>> 16)) >>> 0;
  return Math.imul(y, ODD_B) >>> 0;
}

function unscramble(value: number, mask: number): number {
  let y = Math.imul(value, INV_B) >>> 0;
  y = (y ^ (y >>> 16)) >>> 0;
  return (Math.imul(y, INV_A) ^ mask) >>> 0;
}

const VARIANTS = ['8', '9', 'a', 'b'];

/** Same draws as `hex(8)-hex(4)-4hex(3)-pick(variants)hex(3)-hex(4)+low`, without the intermediate strings. */
function makeId(seed: number, stream: number, index: number): string {
  const rng = rngFor(seed, stream, index);
  const low = hex32(scramble(index, mix3(seed, stream, 0xfeed)));
  const a = hex32(rng.uint32());
  const b = hex32(rng.uint32());
  const c = hex32(rng.uint32());
  const variant = rng.pick(VARIANTS);
  const d = hex32(rng.uint32());
  const e = hex32(rng.uint32());
  return `${a}-${b.slice(0, 4)}-4${c.slice(0, 3)}-${variant}${d.slice(0, 3)}-${e.slice(0, 4)}${low}`;
}

function indexOf(seed: number, stream: number, id: string): number | undefined {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)) return undefined;
  const mask = mix3(seed, stream, 0xfeed);
  const index = unscramble(Number.parseInt(id.slice(-8), 16), mask);
  return makeId(seed, stream, index) === id ? index : undefined;
}

/** Remembers the last case id: three patients in a row ask for their household's. */
let lastSeed = Number.NaN;
let lastIndex = Number.NaN;
let lastCaseId = '';
export function caseIdFor(seed: number, index: number): string {
  if (lastSeed !== seed || lastIndex !== index) {
    lastCaseId = makeId(seed, STREAM.caseId, index);
    lastSeed = seed;
    lastIndex = index;
  }
  return lastCaseId;
}
export const caseIndexOf = (seed: number, id: string) => indexOf(seed, STREAM.caseId, id);
export const formIdFor = (seed: number, index: number) => makeId(seed, STREAM.formId, index);
export const formIndexOf = (seed: number, id: string) => indexOf(seed, STREAM.formId, id);
