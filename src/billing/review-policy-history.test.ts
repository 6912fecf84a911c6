/** The rules that read the customer's earlier invoices: first_invoice, duplicate_suspect, anomaly. */
import { describe, expect, it } from "vitest";
import { d, input, invoice, type Overrides } from "../../test/support/review-input.js";
import { addDays, addMonths } from "../kernel/dates.js";
import { formatMoney, money } from "../kernel/money.js";
import type { ReviewReason } from "./model.js";
import { type EarlierInvoice, reviewReasons } from "./review-policy.js";

const today = d("2026-03-01");

/** Issued invoices of the months before March with these totals, newest first. */
function history(totals: number[]): EarlierInvoice[] {
  return totals.map((totalMinor, i) => {
    const start = addMonths(d("2026-02-01"), -i);
    return invoice({
      id: `inv_h${i}`,
      label: `INV-H-${i}`,
      totalMinor,
      createdOn: start,
      periodStart: start,
      periodEnd: addDays(addMonths(start, 1), -1),
      sourceKeys: [`contract:c1:${start}`],
    });
  });
}

/** A periodless draft billing one event (a one-off), as plan-drafts makes them. */
const eventDraft = { periodStart: null, periodEnd: null, contractExpectedChargeMinor: null };
const march = { periodStart: d("2026-03-01"), periodEnd: d("2026-03-31") };

const codes = (over: Overrides = {}): string[] => reviewReasons(input(over)).map((r) => r.code);

function reasonOf(over: Overrides, code: string): ReviewReason {
  const found = reviewReasons(input(over)).filter((r) => r.code === code);
  expect(found).toHaveLength(1);
  expect(found[0]!.message).not.toMatch(/undefined|NaN|null|\[object|\$\{/);
  return found[0]!;
}

describe("first_invoice", () => {
  it.each<[string, EarlierInvoice[]]>([
    ["nothing earlier", []],
    ["only earlier drafts, none issued", [invoice({ issued: false, totalMinor: 5_000 })]],
  ])("flags a draft with %s", (_, earlier) => {
    expect(codes({ earlier })).toEqual(["first_invoice"]);
    expect(reasonOf({ earlier }, "first_invoice").message).toBe(
      "this would be the customer's first invoice",
    );
  });

  it("not when one earlier invoice was issued", () => {
    expect(codes({ earlier: [invoice({ issued: false, totalMinor: 5_000 }), invoice()] })).toEqual(
      [],
    );
  });
});

describe("duplicate_suspect", () => {
  it.each<[string, Overrides]>([
    [
      "an overlapping period",
      { earlier: [invoice({ periodStart: d("2026-03-15"), periodEnd: d("2026-04-14") })] },
    ],
    [
      "a period touching on its last day",
      { earlier: [invoice({ periodStart: d("2026-02-01"), periodEnd: d("2026-03-01") })] },
    ],
    [
      "the same period in a draft not yet issued",
      {
        earlier: [
          invoice({
            ...{ id: "d_2", label: "draft d_2", issued: false, createdOn: today, sourceKeys: [] },
            ...{ periodStart: d("2026-03-01"), periodEnd: d("2026-03-31") },
          }),
          invoice(),
        ],
      },
    ],
    [
      "the same source, made long ago",
      {
        draft: { ...eventDraft, sourceKeys: ["event:e1"] },
        earlier: [
          invoice(),
          invoice({ ...eventDraft, createdOn: d("2025-06-01"), sourceKeys: ["event:e1"] }),
        ],
      },
    ],
    [
      "no periods, made exactly duplicateWindowDays ago",
      {
        draft: { ...eventDraft, sourceKeys: ["event:e2"] },
        earlier: [invoice({ ...eventDraft, createdOn: d("2026-02-15"), sourceKeys: ["event:e1"] })],
      },
    ],
  ])("flags the same total with %s", (_, over) => {
    expect(codes(over)).toEqual(["duplicate_suspect"]);
    expect(reasonOf(over, "duplicate_suspect").message).toMatch(
      /^same customer and total €119\.00 as \S.* \(\d{4}-\d\d-\d\d\)$/,
    );
  });

  it("names the earlier invoice it looks like", () => {
    const label = "INV-2026-000007";
    const earlier = [invoice({ ...eventDraft, label, createdOn: d("2026-02-27"), sourceKeys: [] })];
    const over = { draft: { ...eventDraft, sourceKeys: ["event:e2"] }, earlier };
    expect(reasonOf(over, "duplicate_suspect").message).toBe(
      "same customer and total €119.00 as INV-2026-000007 (2026-02-27)",
    );
  });

  it.each<[string, Overrides]>([
    ["consecutive monthly periods with the same total", { earlier: history([11_900, 11_900]) }],
    [
      "the period before with the same total, made within the window",
      { earlier: [invoice({ createdOn: d("2026-02-27") })] },
    ],
    [
      "an overlapping period with another total",
      { earlier: [invoice(), invoice({ ...march, totalMinor: 11_901 })] },
    ],
    [
      "an overlapping period in another currency",
      { earlier: [invoice(), invoice({ ...march, currency: "USD" })] },
    ],
    [
      "no periods, made one day outside the window",
      {
        draft: { ...eventDraft, sourceKeys: ["event:e2"] },
        earlier: [
          invoice(),
          invoice({ ...eventDraft, createdOn: d("2026-02-14"), sourceKeys: ["event:e1"] }),
        ],
      },
    ],
    [
      "no periods within a narrowed window",
      {
        policy: { duplicateWindowDays: 0 },
        draft: { ...eventDraft, sourceKeys: ["event:e2"] },
        earlier: [
          invoice(),
          invoice({ ...eventDraft, createdOn: d("2026-02-28"), sourceKeys: ["event:e1"] }),
        ],
      },
    ],
    [
      "the same source with another total",
      {
        draft: { ...eventDraft, sourceKeys: ["event:e1"] },
        earlier: [
          invoice(),
          invoice({ ...eventDraft, totalMinor: 5_000, sourceKeys: ["event:e1"] }),
        ],
      },
    ],
  ])("not for %s", (_, over) => {
    expect(codes(over)).toEqual([]);
  });
});

describe("anomaly", () => {
  // History totals (newest first) have median €120.00 unless said; factor 3×; 3 invoices needed.
  it.each<[string, number[], number, "above" | "below", string]>([
    ["one minor unit above median × 3", [9_000, 12_000, 15_000], 36_001, "above", "€120.00"],
    ["one minor unit below median ÷ 3", [9_000, 12_000, 15_000], 3_999, "below", "€120.00"],
    ["above, despite one odd huge month", [12_000, 1_000_000, 12_000], 36_001, "above", "€120.00"],
    [
      "above the median of an even count",
      [10_000, 14_000, 12_000, 90_000],
      39_001,
      "above",
      "€130.00",
    ],
  ])("flags a total %s", (_, totals, totalMinor, side, median) => {
    const over = { draft: { totalMinor }, earlier: history(totals) };
    expect(codes(over)).toEqual(["anomaly"]);
    const n = totals.length;
    expect(reasonOf(over, "anomaly").message).toBe(
      `the total ${formatMoney(money(totalMinor, "EUR"), "en-GB")} is far ${side} the median ${median} of the customer's last ${n} invoices`,
    );
  });

  it.each<[string, Overrides]>([
    [
      "exactly median × 3",
      { draft: { totalMinor: 36_000 }, earlier: history([9_000, 12_000, 15_000]) },
    ],
    [
      "exactly median ÷ 3",
      { draft: { totalMinor: 4_000 }, earlier: history([9_000, 12_000, 15_000]) },
    ],
    [
      "fewer than anomalyHistoryMin issued invoices",
      {
        draft: { totalMinor: 100_000 },
        earlier: [
          invoice({ id: "d", issued: false, periodStart: null, totalMinor: 500 }),
          ...history([1_000, 1_000]),
        ],
      },
    ],
    [
      "a history only in another currency",
      {
        draft: { totalMinor: 100_000 },
        earlier: [
          invoice(),
          ...history([1_000, 1_000, 1_000]).map((e) => ({ ...e, currency: "USD" })),
        ],
      },
    ],
    [
      "exactly median × 4 with a 4× factor",
      {
        policy: { anomalyFactorPct: 400 },
        draft: { totalMinor: 48_000 },
        earlier: history([12_000, 12_000, 12_000]),
      },
    ],
  ])("not for %s", (_, over) => {
    expect(codes(over)).toEqual([]);
  });

  it("compares with the latest anomalyHistoryCount issued invoices only", () => {
    const earlier = history([12_000, 12_000, 12_000, 90_000, 90_000, 90_000]);
    const over = { draft: { totalMinor: 36_001 }, earlier };
    expect(codes(over)).toEqual([]); // median of all six: (12 000 + 90 000) / 2 = 51 000
    expect(codes({ ...over, policy: { anomalyHistoryCount: 3 } })).toEqual(["anomaly"]);
  });
});
