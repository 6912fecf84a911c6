/**
 * The clock port. `systemClock` is the only place in cashloop that reads the system time; every
 * other module takes a Clock (or an Instant) as an argument, so tests and `--as-of` runs are
 * deterministic.
 */
import { type Instant, instantFromMs, instantToMs, parseInstant } from "./dates.js";

export interface Clock {
  now(): Instant;
}

export interface SettableClock extends Clock {
  set(at: Instant): void;
  advanceMs(ms: number): void;
}

function assertWholeMs(ms: number, what: string): void {
  if (!Number.isSafeInteger(ms)) throw new RangeError(`${what} must be a whole number of ms`);
}

export function systemClock(): Clock {
  return { now: () => new Date().toISOString() as Instant };
}

/** Always the same instant. */
export function fixedClock(at: Instant): Clock {
  const instant = parseInstant(at);
  return { now: () => instant };
}

/** Returns start, then start + stepMs, start + 2·stepMs, … one step per now() call. */
export function steppingClock(start: Instant, stepMs: number): Clock {
  assertWholeMs(stepMs, "stepMs");
  let nextMs = instantToMs(start);
  return {
    now: () => {
      const instant = instantFromMs(nextMs);
      nextMs += stepMs;
      return instant;
    },
  };
}

/** A clock a test moves by hand: set(at) jumps, advanceMs(ms) moves forward (or back). */
export function settableClock(at: Instant): SettableClock {
  let currentMs = instantToMs(at);
  return {
    now: () => instantFromMs(currentMs),
    set: (next) => {
      currentMs = instantToMs(next);
    },
    advanceMs: (ms) => {
      assertWholeMs(ms, "advanceMs");
      instantFromMs(currentMs + ms); // throws before moving if the result is out of range
      currentMs += ms;
    },
  };
}

/** Milliseconds from a monotonic source, for durations only (never for dates): model call timings. */
export function monotonicMs(): number {
  return performance.now();
}
