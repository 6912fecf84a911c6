import { randomBytes } from "node:crypto";

/** The one source of randomness: secure in production, seeded for demo, tests and simulations. */
export interface Random {
  /** `n` random bytes. */
  bytes(n: number): Uint8Array;
  /** A float in [0, 1). */
  float(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
}

export function secureRandom(): Random {
  const r: Random = {
    bytes: (n) => new Uint8Array(randomBytes(n)),
    float: () => randomBytes(4).readUInt32BE(0) / 2 ** 32,
    int: (max) => Math.floor(r.float() * max),
  };
  return r;
}

/** sfc32 seeded through splitmix32: fast, small state, the same stream for the same seed. */
export function seededRandom(seed: number): Random {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next();
  const r: Random = {
    bytes: (n) => {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = next() & 0xff;
      return out;
    },
    float: () => next() / 2 ** 32,
    int: (max) => Math.floor(r.float() * max),
  };
  return r;
}

/** Pick one element of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error("pick from an empty list");
  return items[random.int(items.length)] as T;
}
