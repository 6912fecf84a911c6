import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DRAFT_STEPS, type DraftStep } from "../assist/model.js";
import { addDays, type CalendarDate, daysBetween, parseCalendarDate } from "../kernel/dates.js";
import { cadencePolicySchema, DEFAULT_CADENCE } from "./cadence-policy.js";
import type { CadencePolicy } from "./model.js";
import { cadenceDone, planSteps, type StepDecision, stepDate } from "./plan-steps.js";

const d = (s: string) => parseCalendarDate(s);

// Net 14: issued Monday 2 March 2026, due Monday 16 March 2026.
// Default dates: invoice 03-02, before_due 03-13, due_today 03-16, overdue_3 03-19, overdue_7 03-23.
function invoice(
  taken: DraftStep[] = [],
  issueDate = "2026-03-02",
  dueDate = "2026-03-16",
): { invoiceId: string; issueDate: CalendarDate; dueDate: CalendarDate; taken: Set<DraftStep> } {
  return {
    invoiceId: "inv_1",
    issueDate: d(issueDate),
    dueDate: d(dueDate),
    taken: new Set(taken),
  };
}

function plan(today: string, taken: DraftStep[] = [], issue?: string, due?: string) {
  return planSteps(DEFAULT_CADENCE, d(today), invoice(taken, issue, due));
}

/** What the follow-up run records: the sent step and every skipped step become taken. */
function apply(taken: DraftStep[], decision: StepDecision): DraftStep[] {
  return [
    ...taken,
    ...decision.skipped.map((s) => s.step),
    ...(decision.send ? [decision.send.step] : []),
  ];
}

describe("stepDate", () => {
  it("counts the invoice step from the issue date and every reminder from the due date", () => {
    const inv = invoice();
    expect(stepDate(DEFAULT_CADENCE, "invoice", inv)).toBe("2026-03-02");
    expect(stepDate(DEFAULT_CADENCE, "before_due", inv)).toBe("2026-03-13");
    expect(stepDate(DEFAULT_CADENCE, "due_today", inv)).toBe("2026-03-16");
    expect(stepDate(DEFAULT_CADENCE, "overdue_3", inv)).toBe("2026-03-19");
    expect(stepDate(DEFAULT_CADENCE, "overdue_7", inv)).toBe("2026-03-23");
  });

  it("crosses month and year ends", () => {
    const inv = invoice([], "2026-12-20", "2026-12-28");
    expect(stepDate(DEFAULT_CADENCE, "overdue_7", inv)).toBe("2027-01-04");
    expect(stepDate(DEFAULT_CADENCE, "before_due", invoice([], "2026-02-20", "2026-03-02"))).toBe(
      "2026-02-27",
    );
  });

  it("refuses a step the policy does not have", () => {
    const policy: CadencePolicy = {
      ...DEFAULT_CADENCE,
      steps: DEFAULT_CADENCE.steps.filter((s) => s.step !== "overdue_7"),
    };
    expect(() => stepDate(policy, "overdue_7", invoice())).toThrow(/overdue_7/);
  });
});

describe("planSteps: one step at a time on a system that runs every day", () => {
  it("sends nothing before the issue date", () => {
    expect(plan("2026-03-01")).toEqual({
      invoiceId: "inv_1",
      send: null,
      skipped: [],
      last: false,
    });
  });

  it("sends the invoice on its issue date", () => {
    expect(plan("2026-03-02")).toEqual({
      invoiceId: "inv_1",
      send: { step: "invoice", dueOn: "2026-03-02" },
      skipped: [],
      last: false,
    });
  });

  it("sends nothing between steps once the invoice has gone", () => {
    for (const today of ["2026-03-03", "2026-03-08", "2026-03-12"]) {
      expect(plan(today, ["invoice"]).send).toBeNull();
      expect(plan(today, ["invoice"]).skipped).toEqual([]);
    }
  });

  it("walks the default cadence day by day: each step once, on its own date, last flagged", () => {
    let taken: DraftStep[] = [];
    const sent: { step: DraftStep; on: CalendarDate; last: boolean }[] = [];
    for (let today = d("2026-02-25"); today <= "2026-04-30"; today = addDays(today, 1)) {
      const decision = plan(today, taken);
      expect(decision.skipped).toEqual([]);
      if (decision.send) {
        expect(decision.send.dueOn).toBe(today);
        sent.push({ step: decision.send.step, on: today, last: decision.last });
      }
      taken = apply(taken, decision);
    }
    expect(sent).toEqual([
      { step: "invoice", on: "2026-03-02", last: false },
      { step: "before_due", on: "2026-03-13", last: false },
      { step: "due_today", on: "2026-03-16", last: false },
      { step: "overdue_3", on: "2026-03-19", last: false },
      { step: "overdue_7", on: "2026-03-23", last: true },
    ]);
    expect(cadenceDone(DEFAULT_CADENCE, new Set(taken))).toBe(true);
  });

  it("a step not yet taken stays due on later days (a day the window was closed loses nothing)", () => {
    const decision = plan("2026-03-14", ["invoice"]);
    expect(decision.send).toEqual({ step: "before_due", dueOn: "2026-03-13" });
    expect(decision.skipped).toEqual([]);
  });
});

describe("planSteps: the system was off", () => {
  it("off for 10 days: the latest step goes out once, the earlier ones are skipped as superseded", () => {
    // Last run 2026-03-14 (before_due sent); back on 2026-03-24.
    const taken: DraftStep[] = ["invoice", "before_due"];
    const decision = plan("2026-03-24", taken);
    expect(decision.send).toEqual({ step: "overdue_7", dueOn: "2026-03-23" });
    expect(decision.skipped).toEqual([
      { step: "due_today", dueOn: "2026-03-16", reason: "superseded" },
      { step: "overdue_3", dueOn: "2026-03-19", reason: "superseded" },
    ]);
    expect(decision.last).toBe(true);
    // The next day nothing goes out again: the missed steps were sent once, not once per day.
    const next = plan("2026-03-25", apply(taken, decision));
    expect(next).toEqual({ invoiceId: "inv_1", send: null, skipped: [], last: false });
  });

  it("a step exactly 5 days late is still sent", () => {
    const decision = plan("2026-03-28", ["invoice", "before_due", "due_today", "overdue_3"]);
    expect(decision.send).toEqual({ step: "overdue_7", dueOn: "2026-03-23" });
    expect(decision.skipped).toEqual([]);
    expect(decision.last).toBe(true);
  });

  it("a step more than 5 days late is skipped as too late, and nothing is sent", () => {
    const decision = plan("2026-03-29", ["invoice", "before_due", "due_today"]);
    expect(decision.send).toBeNull();
    expect(decision.skipped).toEqual([
      { step: "overdue_3", dueOn: "2026-03-19", reason: "superseded" },
      { step: "overdue_7", dueOn: "2026-03-23", reason: "too_late" },
    ]);
    expect(decision.last).toBe(false);
  });

  it("honours the policy's own lateness limit", () => {
    const strict: CadencePolicy = { ...DEFAULT_CADENCE, lateStepDaysMax: 0 };
    const onTime = planSteps(strict, d("2026-03-16"), invoice(["invoice", "before_due"]));
    expect(onTime.send?.step).toBe("due_today");
    const oneDayLate = planSteps(strict, d("2026-03-17"), invoice(["invoice", "before_due"]));
    expect(oneDayLate.send).toBeNull();
    expect(oneDayLate.skipped).toEqual([
      { step: "due_today", dueOn: "2026-03-16", reason: "too_late" },
    ]);
  });

  it("the invoice itself is never skipped as too late", () => {
    // Issued 2026-01-05 with long terms (due 2026-03-16); the system comes back 20 days later.
    const decision = plan("2026-01-25", [], "2026-01-05", "2026-03-16");
    expect(decision.send).toEqual({ step: "invoice", dueOn: "2026-01-05" });
    expect(decision.skipped).toEqual([]);
  });

  it("short terms: a before-due date that fell before the issue date is superseded by the invoice", () => {
    // Issued 2026-03-02, due 2026-03-03: before_due (2026-02-28) is already past on the issue day.
    const decision = plan("2026-03-02", [], "2026-03-02", "2026-03-03");
    expect(decision.send).toEqual({ step: "invoice", dueOn: "2026-03-02" });
    expect(decision.skipped).toEqual([
      { step: "before_due", dueOn: "2026-02-28", reason: "superseded" },
    ]);
  });

  it("steps already taken are never planned again", () => {
    const all: DraftStep[] = [...DRAFT_STEPS];
    for (const today of ["2026-03-02", "2026-03-16", "2026-03-23", "2026-06-01"]) {
      expect(plan(today, all)).toEqual({
        invoiceId: "inv_1",
        send: null,
        skipped: [],
        last: false,
      });
    }
  });

  // BUG: an invoice whose steps all came due while the system was off is never delivered.
  // Input: DEFAULT_CADENCE, issue 2026-03-02, due 2026-03-02 (due on receipt), today 2026-03-20,
  // taken = {} (issued, then the system was off). Actual: send null; skipped = before_due,
  // invoice, due_today, overdue_3 superseded and overdue_7 (2026-03-09) too_late. The invoice step is swallowed as "superseded" by a reminder that is then dropped as
  // too late, so the customer never receives the invoice (plan-steps.ts's header says the invoice
  // "is always delivered"). Expected: something goes out (at least the invoice).
  it("an invoice never delivered is still sent when every later step is too late", () => {
    const decision = plan("2026-03-20", [], "2026-03-02", "2026-03-02");
    expect(decision.send).not.toBeNull();
    expect(decision.skipped.map((s) => s.step)).not.toContain("invoice");
  });

  // BUG: an invoice due on receipt (issue date = due date) never goes out as the invoice.
  // Input: DEFAULT_CADENCE, issue 2026-03-02, due 2026-03-02, today 2026-03-02, taken = {}.
  // Actual: send due_today, invoice skipped as superseded (same date, tie broken by policy order),
  // so the customer's first message is "a courtesy reminder that invoice … is due today" under the
  // WhatsApp *reminder* template and outbox purpose "reminder", for an invoice never sent.
  // Expected: the invoice step is sent (and due_today superseded, or sent on a later day).
  it("an invoice due on receipt is sent as the invoice, not as a due-today reminder", () => {
    const decision = plan("2026-03-02", [], "2026-03-02", "2026-03-02");
    expect(decision.send?.step).toBe("invoice");
  });

  // Same bug with net-3 terms: before_due (due - 3) falls on the issue date and wins the tie.
  // Input: DEFAULT_CADENCE, issue 2026-03-02, due 2026-03-05, today 2026-03-02, taken = {}.
  // Actual: send before_due, invoice skipped as superseded. Expected: the invoice step is sent.
  it("an invoice on net-3 terms is sent as the invoice, not as a before-due reminder", () => {
    const decision = plan("2026-03-02", [], "2026-03-02", "2026-03-05");
    expect(decision.send?.step).toBe("invoice");
  });

  // BUG (policy order): `last` means "last in the policy's list", not "last by date". The schema
  // accepts steps in any order, so a custom policy listing overdue_3 after overdue_7 flags
  // overdue_3 as last, and the run hands the invoice to a person (handover) before overdue_7 is
  // ever sent. Input: steps [invoice 0, overdue_7 +7, overdue_3 +3], issue 2026-03-02,
  // due 2026-03-16, today 2026-03-19, taken {invoice}. Actual: send overdue_3, last = true.
  // Expected: last = false (or the schema rejects steps out of date order).
  it("a step that is not the last by date is not flagged last", () => {
    const unordered: CadencePolicy = {
      ...DEFAULT_CADENCE,
      steps: [
        { step: "invoice", offsetDays: 0, channels: ["email"], tone: "friendly" },
        { step: "overdue_7", offsetDays: 7, channels: ["email"], tone: "firm" },
        { step: "overdue_3", offsetDays: 3, channels: ["email"], tone: "neutral" },
      ],
    };
    const schemaRejects = !cadencePolicySchema.safeParse(unordered).success;
    const decision = planSteps(unordered, d("2026-03-19"), invoice(["invoice"]));
    expect(decision.send?.step).toBe("overdue_3");
    expect(schemaRejects || !decision.last).toBe(true);
  });
});

describe("cadenceDone", () => {
  it("is done only when every policy step is taken", () => {
    expect(cadenceDone(DEFAULT_CADENCE, new Set<DraftStep>())).toBe(false);
    expect(
      cadenceDone(
        DEFAULT_CADENCE,
        new Set<DraftStep>(["invoice", "before_due", "due_today", "overdue_3"]),
      ),
    ).toBe(false);
    expect(cadenceDone(DEFAULT_CADENCE, new Set<DraftStep>(DRAFT_STEPS))).toBe(true);
    const short: CadencePolicy = { ...DEFAULT_CADENCE, steps: DEFAULT_CADENCE.steps.slice(0, 2) };
    expect(cadenceDone(short, new Set<DraftStep>(["invoice", "before_due"]))).toBe(true);
  });
});

describe("planSteps: properties", () => {
  const base = d("2024-01-01");
  const date = fc.integer({ min: 0, max: 3 * 366 }).map((n) => addDays(base, n));
  const tone = fc.constantFrom("friendly" as const, "neutral" as const, "firm" as const);
  const policy: fc.Arbitrary<CadencePolicy> = fc.oneof(
    fc.constant(DEFAULT_CADENCE),
    fc
      .record({
        steps: fc.shuffledSubarray([...DRAFT_STEPS], { minLength: 1 }),
        offsets: fc.array(fc.integer({ min: -60, max: 120 }), {
          minLength: DRAFT_STEPS.length,
          maxLength: DRAFT_STEPS.length,
        }),
        tones: fc.array(tone, { minLength: DRAFT_STEPS.length, maxLength: DRAFT_STEPS.length }),
        lateStepDaysMax: fc.integer({ min: 0, max: 60 }),
      })
      .map(({ steps, offsets, tones, lateStepDaysMax }) => {
        // A valid policy lists the invoice first, then reminders by increasing offset.
        const reminders = steps.filter((s) => s !== "invoice");
        const sorted = [...new Set(offsets)].sort((a, b) => a - b);
        return {
          ...DEFAULT_CADENCE,
          lateStepDaysMax,
          steps: [
            ...(steps.includes("invoice")
              ? [
                  {
                    step: "invoice" as const,
                    offsetDays: 0,
                    channels: ["email" as const],
                    tone: tones[0] ?? "neutral",
                  },
                ]
              : []),
            ...reminders.slice(0, sorted.length).map((step, i) => ({
              step,
              offsetDays: sorted[i] ?? 0,
              channels: ["email" as const],
              tone: tones[i + 1] ?? "neutral",
            })),
          ],
        };
      })
      .filter((p) => p.steps.length > 0),
  );
  const scenario = fc.record({
    policy,
    issueDate: date,
    termDays: fc.integer({ min: 0, max: 90 }),
    todayShift: fc.integer({ min: -30, max: 200 }),
    taken: fc.subarray([...DRAFT_STEPS]),
  });

  it("sends the latest untaken step whose date has come; every skip is dated on or before today", () => {
    fc.assert(
      fc.property(scenario, ({ policy, issueDate, termDays, todayShift, taken }) => {
        expect(cadencePolicySchema.safeParse(policy).success).toBe(true);
        const inv = {
          invoiceId: "inv_p",
          issueDate,
          dueDate: addDays(issueDate, termDays),
          taken: new Set<DraftStep>(taken),
        };
        const today = addDays(issueDate, todayShift);
        const decision = planSteps(policy, today, inv);

        // Oracle, computed independently of planSteps.
        const dateOf = (step: DraftStep, offset: number) =>
          addDays(step === "invoice" ? inv.issueDate : inv.dueDate, offset);
        const candidates = policy.steps
          .map((s, index) => ({ step: s.step, index, on: dateOf(s.step, s.offsetDays) }))
          .filter((s) => daysBetween(s.on, today) >= 0 && !inv.taken.has(s.step));
        // Until the invoice has gone out, reminders dated on or before its issue date are
        // superseded by it; and when every later step is too late, the invoice still goes.
        const firstMessage =
          !inv.taken.has("invoice") && policy.steps.some((s) => s.step === "invoice");
        const eligible = candidates.filter(
          (c) => !(firstMessage && c.step !== "invoice" && c.on <= inv.issueDate),
        );
        let latest: (typeof candidates)[number] | undefined;
        for (const c of eligible) {
          if (!latest || c.on > latest.on || (c.on === latest.on && c.index > latest.index)) {
            latest = c;
          }
        }

        if (!latest) {
          expect(decision.send).toBeNull();
          expect(decision.skipped.every((k) => k.reason === "superseded")).toBe(true);
          expect(decision.last).toBe(false);
          return;
        }
        const invoiceDue = eligible.find((c) => c.step === "invoice");
        let tooLate =
          latest.step !== "invoice" && daysBetween(latest.on, today) > policy.lateStepDaysMax;
        if (tooLate && invoiceDue) {
          expect(decision.skipped).toContainEqual({
            step: latest.step,
            dueOn: latest.on,
            reason: "too_late",
          });
          latest = invoiceDue;
          tooLate = false;
        }
        if (tooLate) {
          expect(decision.send).toBeNull();
          expect(decision.skipped).toContainEqual({
            step: latest.step,
            dueOn: latest.on,
            reason: "too_late",
          });
        } else {
          expect(decision.send).toEqual({ step: latest.step, dueOn: latest.on });
        }
        for (const s of decision.skipped) {
          expect(daysBetween(s.dueOn, today)).toBeGreaterThanOrEqual(0);
          expect(inv.taken.has(s.step)).toBe(false);
          if (s.step === "invoice") expect(s.reason).toBe("superseded");
        }
        // Nothing is dropped silently: every due, untaken step is either sent or skipped, once.
        const accounted = [
          ...decision.skipped.map((s) => s.step),
          ...(decision.send ? [decision.send.step] : []),
        ].sort();
        expect(accounted).toEqual(candidates.map((c) => c.step).sort());
        expect(decision.last).toBe(!tooLate && latest.index === policy.steps.length - 1);
      }),
      { numRuns: 2000 },
    );
  });

  it("a daily run that records its decisions sends each step at most once and never out of date order", () => {
    fc.assert(
      fc.property(
        date,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 20 }),
        (issueDate, termDays, every) => {
          // The system runs only every `every` days (every > 1 models downtime).
          const dueDate = addDays(issueDate, termDays);
          let taken: DraftStep[] = [];
          const sent: { step: DraftStep; dueOn: CalendarDate; on: CalendarDate }[] = [];
          const tooLate: DraftStep[] = [];
          for (let i = 0; i <= 150; i += every) {
            const today = addDays(issueDate, i);
            const decision = planSteps(DEFAULT_CADENCE, today, {
              invoiceId: "inv_q",
              issueDate,
              dueDate,
              taken: new Set(taken),
            });
            if (decision.send) sent.push({ ...decision.send, on: today });
            for (const s of decision.skipped) if (s.reason === "too_late") tooLate.push(s.step);
            taken = apply(taken, decision);
          }
          expect(new Set(sent.map((s) => s.step)).size).toBe(sent.length);
          for (let i = 1; i < sent.length; i++) {
            expect(sent[i]!.dueOn >= sent[i - 1]!.dueOn).toBe(true);
          }
          // 150 days after issue every step of the default cadence has been dealt with.
          expect(cadenceDone(DEFAULT_CADENCE, new Set(taken))).toBe(true);
          if (every === 1) {
            // Running every day, nothing is ever late: each step goes out on its own date.
            expect(tooLate).toEqual([]);
            for (const s of sent) expect(s.on).toBe(s.dueOn);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
