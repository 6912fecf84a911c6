import type { Clock } from "./clock.js";
import { instantToMs } from "./dates.js";
import type { Random } from "./random.js";

/** Every id prefix in use; one per kind of record. */
export const ID_PREFIXES = [
  "org",
  "cus",
  "con",
  "prd",
  "tax",
  "ctr",
  "evt",
  "aud",
  "inv",
  "imp",
  "chg",
  "out",
  "tsk",
  "rpl",
  "pay",
  "alc",
  "bac",
  "sti",
  "stl",
  "mat",
  "clm",
] as const;
export type IdPrefix = (typeof ID_PREFIXES)[number];

export interface Ids {
  next(prefix: IdPrefix): string;
}

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case
const RANDOM_CHARS = 16; // 80 bits

/**
 * Prefixed, sortable ids: `cus_` + 10 chars of milliseconds + 16 chars of randomness (ULID layout).
 * Ids made in the same millisecond increase monotonically, so ids sort in creation order.
 */
export function idGenerator(clock: Clock, random: Random): Ids {
  let lastMs = -1;
  let lastRandom: number[] = [];
  return {
    next(prefix) {
      const ms = instantToMs(clock.now());
      if (ms <= lastMs) {
        lastRandom = increment(lastRandom);
      } else {
        lastMs = ms;
        lastRandom = Array.from(random.bytes(RANDOM_CHARS), (b) => b & 31);
      }
      return `${prefix}_${encodeTime(Math.max(ms, lastMs))}${lastRandom.map((d) => ALPHABET[d]).join("")}`;
    },
  };
}

function encodeTime(ms: number): string {
  let out = "";
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function increment(digits: number[]): number[] {
  const out = [...digits];
  for (let i = out.length - 1; i >= 0; i--) {
    if ((out[i] as number) < 31) {
      out[i] = (out[i] as number) + 1;
      return out;
    }
    out[i] = 0;
  }
  throw new Error("id randomness exhausted within one millisecond");
}
