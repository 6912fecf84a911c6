import { describe, expect, it } from "vitest";
import { DRAFT_STEPS } from "../assist/model.js";
import { CADENCE_SEGMENTS, cadencePolicySchema, DEFAULT_CADENCE } from "./cadence-policy.js";

/** A deep copy of the default policy as plain JSON, as it is stored and edited. */
function stored(): Record<string, unknown> & {
  steps: Record<string, unknown>[];
  window: Record<string, unknown>;
} {
  return JSON.parse(JSON.stringify(DEFAULT_CADENCE));
}

function issues(input: unknown): { path: string; message: string }[] {
  const result = cadencePolicySchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

describe("DEFAULT_CADENCE", () => {
  it("reminds 3 days before the due date, on it, and 3 and 7 days after", () => {
    expect(DEFAULT_CADENCE.steps.map((s) => [s.step, s.offsetDays])).toEqual([
      ["invoice", 0],
      ["before_due", -3],
      ["due_today", 0],
      ["overdue_3", 3],
      ["overdue_7", 7],
    ]);
    expect(DEFAULT_CADENCE.steps.at(-1)?.tone).toBe("firm");
    expect(DEFAULT_CADENCE.handoverAfterLastStep).toBe(true);
  });

  it("sends 09:00–18:00, skips steps more than 5 days late, and gives 2 days' grace on a promise", () => {
    expect(DEFAULT_CADENCE.window).toEqual({ start: "09:00", end: "18:00" });
    expect(DEFAULT_CADENCE.lateStepDaysMax).toBe(5);
    expect(DEFAULT_CADENCE.promiseGraceDays).toBe(2);
  });

  it("passes its own schema, unchanged by a round trip through JSON", () => {
    expect(cadencePolicySchema.parse(stored())).toEqual(DEFAULT_CADENCE);
  });

  it("covers every draft step once", () => {
    expect(DEFAULT_CADENCE.steps.map((s) => s.step).sort()).toEqual([...DRAFT_STEPS].sort());
  });

  it("has a catch-all segment", () => {
    expect(CADENCE_SEGMENTS).toContain("*");
  });
});

describe("cadencePolicySchema: the window", () => {
  it("rejects a window whose start is after its end", () => {
    const p = stored();
    p.window = { start: "18:00", end: "09:00" };
    expect(issues(p)).toEqual([{ path: "window", message: "start must be before end" }]);
  });

  it("rejects an empty window (start equal to end)", () => {
    const p = stored();
    p.window = { start: "09:00", end: "09:00" };
    expect(issues(p).map((i) => i.path)).toEqual(["window"]);
  });

  it("accepts a narrower or wider window", () => {
    for (const window of [
      { start: "07:30", end: "12:00" },
      { start: "00:00", end: "23:59" },
      { start: "09:00", end: "09:01" },
    ]) {
      const p = stored();
      p.window = window;
      expect(issues(p), JSON.stringify(window)).toEqual([]);
    }
  });

  it("rejects times that are not HH:MM on a 24-hour clock", () => {
    for (const start of ["9:00", "24:00", "08:60", "08:00:00", "8am", "", "0900"]) {
      const p = stored();
      p.window = { start, end: "18:00" };
      expect(
        issues(p).some((i) => i.path === "window.start"),
        start,
      ).toBe(true);
    }
  });
});

describe("cadencePolicySchema: steps", () => {
  it("rejects a duplicate step", () => {
    const p = stored();
    p.steps.push({ step: "overdue_3", offsetDays: 10, channels: ["email"], tone: "firm" });
    expect(issues(p)).toEqual([{ path: "steps", message: "a step appears twice" }]);
  });

  it("rejects no steps, an unknown step, an unknown channel, no channel, an unknown tone", () => {
    const cases: [string, (p: ReturnType<typeof stored>) => void, string][] = [
      ["no steps", (p) => (p.steps = []), "steps"],
      ["unknown step", (p) => (p.steps[1]!.step = "overdue_30"), "steps.1.step"],
      ["sms", (p) => (p.steps[1]!.channels = ["sms"]), "steps.1.channels.0"],
      ["no channel", (p) => (p.steps[1]!.channels = []), "steps.1.channels"],
      ["tone", (p) => (p.steps[1]!.tone = "angry"), "steps.1.tone"],
    ];
    for (const [name, edit, path] of cases) {
      const p = stored();
      edit(p);
      expect(
        issues(p).map((i) => i.path),
        name,
      ).toContain(path);
    }
  });

  it("offsets are whole days from 60 before to 120 after the due date", () => {
    for (const [offsetDays, ok] of [
      [-60, true],
      [120, true],
      [-61, false],
      [121, false],
      [1.5, false],
      [Number.NaN, false],
    ] as const) {
      const p = stored();
      // The first reminder may start early, the last may end late (steps stay in order).
      const step = offsetDays < 0 ? p.steps[1] : p.steps.at(-1);
      step!.offsetDays = offsetDays;
      expect(cadencePolicySchema.safeParse(p).success, String(offsetDays)).toBe(ok);
    }
  });

  it("accepts a shorter custom cadence", () => {
    const p = stored();
    p.steps = [
      { step: "invoice", offsetDays: 0, channels: ["whatsapp"], tone: "friendly" },
      { step: "overdue_7", offsetDays: 14, channels: ["email", "whatsapp"], tone: "firm" },
    ];
    expect(issues(p)).toEqual([]);
  });
});

describe("cadencePolicySchema: limits and shape", () => {
  it("lateness limit 0..60 and promise grace 0..30 whole days", () => {
    for (const [field, value, ok] of [
      ["lateStepDaysMax", 0, true],
      ["lateStepDaysMax", 60, true],
      ["lateStepDaysMax", -1, false],
      ["lateStepDaysMax", 61, false],
      ["lateStepDaysMax", 2.5, false],
      ["promiseGraceDays", 0, true],
      ["promiseGraceDays", 30, true],
      ["promiseGraceDays", 31, false],
      ["promiseGraceDays", "2", false],
    ] as const) {
      const p = stored();
      p[field] = value;
      expect(cadencePolicySchema.safeParse(p).success, `${field}=${value}`).toBe(ok);
    }
  });

  it("rejects unknown fields at every level (a typo is not silently ignored)", () => {
    const top = stored();
    top.lateStepsDaysMax = 3; // typo of lateStepDaysMax
    expect(issues(top).length).toBeGreaterThan(0);

    const inStep = stored();
    inStep.steps[0]!.offset = 2;
    expect(issues(inStep).map((i) => i.path)).toEqual(["steps.0"]);

    const inWindow = stored();
    inWindow.window.timezone = "UTC";
    expect(issues(inWindow).map((i) => i.path)).toEqual(["window"]);
  });

  it("rejects a missing field", () => {
    for (const field of [
      "steps",
      "window",
      "lateStepDaysMax",
      "promiseGraceDays",
      "handoverAfterLastStep",
    ]) {
      const p = stored();
      delete p[field];
      expect(cadencePolicySchema.safeParse(p).success, field).toBe(false);
    }
  });

  it("reports a reversed window and a duplicate step together", () => {
    const p = stored();
    p.window = { start: "18:00", end: "09:00" };
    p.steps.push({ ...p.steps[0]! });
    expect(issues(p)).toEqual([
      { path: "window", message: "start must be before end" },
      { path: "steps", message: "a step appears twice" },
    ]);
  });
});
