import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Classification, REPLY_LABELS, type ReplyLabel } from "../assist/model.js";
import { parseCalendarDate } from "../kernel/dates.js";
import { decideReply } from "./reply-actions.js";

const d = (s: string) => parseCalendarDate(s);
const options = { confidenceBar: 0.55, promiseGraceDays: 2 };

function reply(label: ReplyLabel, extra: Partial<Classification> = {}): Classification {
  return { label, confidence: 0.9, evidence: "the customer's words", ...extra };
}

describe("decideReply: promises", () => {
  it("a promise with a date pauses until the date plus the grace days", () => {
    const decision = decideReply(reply("promise_to_pay", { promisedOn: d("2026-04-10") }), options);
    expect(decision).toMatchObject({
      mode: "paused",
      pausedUntil: "2026-04-12",
      promisedOn: "2026-04-10",
      task: null,
      blockChannel: null,
    });
    expect(decision.action).toContain("2026-04-12");
    expect(decision.action).toContain("2026-04-10");
  });

  it("the grace crosses month and year ends, and follows the policy's grace days", () => {
    const late = reply("promise_to_pay", { promisedOn: d("2026-12-30") });
    expect(decideReply(late, options).pausedUntil).toBe("2027-01-01");
    expect(decideReply(late, { ...options, promiseGraceDays: 0 }).pausedUntil).toBe("2026-12-30");
    expect(decideReply(late, { ...options, promiseGraceDays: 30 }).pausedUntil).toBe("2027-01-29");
  });

  it("a promise without a date pauses with a task for a person to agree one", () => {
    for (const promisedOn of [undefined, null]) {
      expect(decideReply(reply("promise_to_pay", { promisedOn }), options)).toMatchObject({
        mode: "paused",
        pausedUntil: null,
        promisedOn: null,
        task: "question",
      });
    }
  });
});

describe("decideReply: low confidence", () => {
  it("low confidence → paused with an unclear_reply task, whatever the label", () => {
    for (const label of REPLY_LABELS) {
      const decision = decideReply(
        reply(label, { confidence: 0.4, promisedOn: d("2026-04-10"), returnsOn: d("2026-04-20") }),
        options,
      );
      expect(decision, label).toEqual({
        mode: "paused",
        pausedUntil: null,
        promisedOn: null,
        task: "unclear_reply",
        blockChannel: null,
        action: expect.stringContaining(label),
      });
    }
  });

  it("the bar itself is confident enough; just below it is not", () => {
    expect(decideReply(reply("dispute", { confidence: 0.55 }), options).mode).toBe("stopped");
    expect(decideReply(reply("dispute", { confidence: 0.549 }), options).mode).toBe("paused");
    expect(decideReply(reply("dispute", { confidence: 0.549 }), options).task).toBe(
      "unclear_reply",
    );
  });

  it("a low-confidence unsubscribe does not block the channel", () => {
    const decision = decideReply(reply("unsubscribe", { confidence: 0.3 }), options);
    expect(decision.blockChannel).toBeNull();
    expect(decision.task).toBe("unclear_reply");
  });

  it("says the label and confidence it doubted, for the person who reads it", () => {
    const decision = decideReply(reply("paid_claim", { confidence: 0.312 }), options);
    expect(decision.action).toContain("paid_claim at 0.31");
  });
});

describe("decideReply: each label", () => {
  it("unsubscribe blocks the channel without pausing", () => {
    expect(decideReply(reply("unsubscribe"), options)).toMatchObject({
      mode: "unchanged",
      pausedUntil: null,
      task: null,
      blockChannel: "unsubscribed",
    });
  });

  it("dispute stops follow-up and opens a dispute task", () => {
    expect(decideReply(reply("dispute"), options)).toMatchObject({
      mode: "stopped",
      pausedUntil: null,
      task: "dispute",
      blockChannel: null,
    });
  });

  it("a correction request stops follow-up and opens a correction task", () => {
    expect(decideReply(reply("correction_request"), options)).toMatchObject({
      mode: "stopped",
      task: "correction_request",
    });
  });

  it("a paid claim pauses with a task to check the payment; it never marks anything paid", () => {
    expect(decideReply(reply("paid_claim"), options)).toMatchObject({
      mode: "paused",
      pausedUntil: null,
      task: "paid_claim",
    });
  });

  it("wrong contact pauses with a task, saying whether a new contact was named", () => {
    const named = decideReply(
      reply("wrong_contact", {
        newContact: { name: "Ana", email: "ana@acme.example", phone: null },
      }),
      options,
    );
    const unnamed = decideReply(reply("wrong_contact"), options);
    expect(named).toMatchObject({ mode: "paused", task: "wrong_contact", blockChannel: null });
    expect(unnamed).toMatchObject({ mode: "paused", task: "wrong_contact" });
    expect(named.action).toContain("another contact");
    expect(unnamed.action).toContain("wrong person");
  });

  it("out of office with a return date delays until then; without one it changes nothing", () => {
    expect(
      decideReply(reply("out_of_office", { returnsOn: d("2026-04-20") }), options),
    ).toMatchObject({ mode: "paused", pausedUntil: "2026-04-20", promisedOn: null, task: null });
    expect(decideReply(reply("out_of_office"), options)).toMatchObject({
      mode: "unchanged",
      pausedUntil: null,
      task: null,
      blockChannel: null,
    });
  });

  it("a question pauses with a task for a person to answer", () => {
    expect(decideReply(reply("question"), options)).toMatchObject({
      mode: "paused",
      task: "question",
    });
  });

  it("anything else pauses with an unclear_reply task", () => {
    expect(decideReply(reply("other"), options)).toMatchObject({
      mode: "paused",
      pausedUntil: null,
      task: "unclear_reply",
    });
  });
});

describe("decideReply: properties", () => {
  const classification = fc.record({
    label: fc.constantFrom(...REPLY_LABELS),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    evidence: fc.string(),
    promisedOn: fc.option(
      fc.integer({ min: 0, max: 800 }).map((n) => {
        const t = new Date(Date.UTC(2026, 0, 1 + n));
        return d(t.toISOString().slice(0, 10));
      }),
    ),
    returnsOn: fc.option(fc.constantFrom(d("2026-02-01"), d("2026-08-31"))),
  });

  it("nothing proceeds silently: a pause with no end date always leaves a task for a person", () => {
    fc.assert(
      fc.property(
        classification,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 30 }),
        (c, confidenceBar, promiseGraceDays) => {
          const decision = decideReply(c, { confidenceBar, promiseGraceDays });
          if (decision.mode === "paused" && decision.pausedUntil === null) {
            expect(decision.task).not.toBeNull();
          }
          if (decision.mode === "stopped") expect(decision.task).not.toBeNull();
          // Only a confident unsubscribe blocks a channel.
          expect(decision.blockChannel !== null).toBe(
            c.label === "unsubscribe" && c.confidence >= confidenceBar,
          );
          // A resume date is set only by a dated promise or a dated absence, and never before it.
          if (decision.pausedUntil !== null) {
            expect(c.confidence).toBeGreaterThanOrEqual(confidenceBar);
            expect(["promise_to_pay", "out_of_office"]).toContain(c.label);
            const from = c.label === "promise_to_pay" ? c.promisedOn : c.returnsOn;
            expect(from).toBeTruthy();
            expect(decision.pausedUntil >= (from as string)).toBe(true);
          }
          expect(decision.action.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
