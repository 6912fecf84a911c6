import { describe, expect, it } from "vitest";
import { fixedClock, settableClock, steppingClock, systemClock } from "./clock.js";
import { instantToMs, parseInstant } from "./dates.js";

const start = parseInstant("2026-03-31T22:30:00.000Z");

describe("clocks", () => {
  it("systemClock returns a canonical instant", () => {
    const now = systemClock().now();
    expect(parseInstant(now)).toBe(now);
  });
  it("fixedClock always returns the same instant, normalised", () => {
    const clock = fixedClock(parseInstant("2026-04-01T00:30:00+02:00"));
    expect([clock.now(), clock.now()]).toEqual([start, start]);
  });
  it("steppingClock starts at start and advances by stepMs per call", () => {
    const clock = steppingClock(start, 1_000);
    expect([clock.now(), clock.now(), clock.now()]).toEqual([
      "2026-03-31T22:30:00.000Z",
      "2026-03-31T22:30:01.000Z",
      "2026-03-31T22:30:02.000Z",
    ]);
    expect(() => steppingClock(start, 0.5)).toThrow(RangeError);
  });
  it("settableClock moves only when told", () => {
    const clock = settableClock(start);
    expect(clock.now()).toBe(start);
    clock.advanceMs(8 * 86_400_000);
    expect(clock.now()).toBe("2026-04-08T22:30:00.000Z");
    clock.advanceMs(-1);
    expect(clock.now()).toBe("2026-04-08T22:29:59.999Z");
    clock.set(parseInstant("2027-01-01T00:00:00Z"));
    expect(instantToMs(clock.now())).toBe(Date.UTC(2027, 0, 1));
    expect(() => clock.advanceMs(Number.NaN)).toThrow(RangeError);
    expect(() => clock.advanceMs(9e15)).toThrow();
    expect(clock.now()).toBe("2027-01-01T00:00:00.000Z");
  });
});
