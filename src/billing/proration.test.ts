import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, type CalendarDate, parseCalendarDate } from "../kernel/dates.js";
import { type Money, money } from "../kernel/money.js";
import {
  type DatePeriod,
  daysInPeriod,
  planChangeLines,
  prorate,
  splitPeriodPrice,
} from "./proration.js";

const d = parseCalendarDate;
const p = (start: string, end: string): DatePeriod => ({ start: d(start), end: d(end) });
const march = p("2026-03-01", "2026-03-31");

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code ?? "no code";
  }
  return undefined;
}

describe("daysInPeriod", () => {
  it.each([
    ["2026-03-01", "2026-03-31", 31],
    ["2026-02-01", "2026-02-28", 28],
    ["2028-02-01", "2028-02-29", 29],
    ["2026-03-05", "2026-03-05", 1],
    ["2026-12-15", "2027-01-14", 31],
  ])("%s..%s has %i days", (start, end, days) => {
    expect(daysInPeriod(p(start, end))).toBe(days);
  });

  it("refuses a period that ends before it starts", () => {
    expect(codeOf(() => daysInPeriod(p("2026-03-02", "2026-03-01")))).toBe("period_invalid");
  });
});

describe("prorate", () => {
  // [currency, price, period, active, expected]
  it.each<[string, number, DatePeriod, DatePeriod, number]>([
    ["USD", 3100, march, march, 3100],
    ["USD", 3000, p("2026-04-01", "2026-04-30"), p("2026-04-16", "2026-04-30"), 1500],
    ["USD", 1000, march, p("2026-03-31", "2026-03-31"), 32], // 32.26
    ["USD", 100, p("2026-03-01", "2026-03-08"), p("2026-03-08", "2026-03-08"), 13], // 12.5 tie
    ["USD", 1000, march, p("2026-02-01", "2026-02-28"), 0], // before the period
    ["USD", 1000, march, p("2026-04-01", "2026-04-30"), 0], // after the period
    ["USD", 1000, march, p("2026-01-01", "2026-12-31"), 1000], // wider than the period
    ["USD", 2900, p("2028-02-01", "2028-02-29"), p("2028-02-29", "2028-03-10"), 100],
    ["JPY", 1000, march, p("2026-03-22", "2026-04-05"), 323], // 322.58
    ["KWD", 10_000, march, p("2026-03-01", "2026-03-10"), 3226], // 3225.8
    ["USD", -3100, march, p("2026-03-01", "2026-03-10"), -1000],
  ])("%s %i over %j active %j is %i", (currency, price, period, active, expected) => {
    expect(prorate(money(price, currency), period, active)).toEqual(money(expected, currency));
  });

  it("refuses an active span that ends before it starts", () => {
    const active = p("2026-03-10", "2026-03-09");
    expect(codeOf(() => prorate(money(100, "USD"), march, active))).toBe("period_invalid");
  });
});

function amounts(pieces: { amount: Money }[]): number[] {
  return pieces.map((piece) => piece.amount.amountMinor);
}

describe("splitPeriodPrice", () => {
  it("splits at a change date by days: 10 + 21 days of 3100", () => {
    expect(splitPeriodPrice(money(3100, "USD"), march, [d("2026-03-11")])).toEqual([
      { start: "2026-03-01", end: "2026-03-10", amount: money(1000, "USD") },
      { start: "2026-03-11", end: "2026-03-31", amount: money(2100, "USD") },
    ]);
  });

  it.each<[string, number, string[], number[]]>([
    ["no cuts", 1000, [], [1000]],
    ["a cut on the start is no cut", 1000, ["2026-03-01"], [1000]],
    ["a cut on the last day", 3100, ["2026-03-31"], [3000, 100]],
    [
      "cuts out of order and repeated",
      3100,
      ["2026-03-21", "2026-03-11", "2026-03-21"],
      [1000, 1000, 1100],
    ],
    ["remainders go to the largest shares", 100, ["2026-03-11", "2026-03-21"], [32, 32, 36]],
    ["one minor unit over three pieces", 1, ["2026-03-11", "2026-03-21"], [0, 0, 1]],
  ])("%s", (_name, price, cuts, expected) => {
    const pieces = splitPeriodPrice(money(price, "USD"), march, cuts.map(d));
    expect(amounts(pieces)).toEqual(expected);
  });

  it.each(["2026-02-28", "2026-04-01"])("refuses the cut %s outside the period", (cut) => {
    expect(codeOf(() => splitPeriodPrice(money(1, "USD"), march, [d(cut)]))).toBe(
      "period_cut_invalid",
    );
  });
});

describe("planChangeLines", () => {
  it.each<[string, string, number, number, number, number]>([
    // [name, changeOn, old, new, credit, charge]
    ["upgrade mid-March (16 of 31 days left)", "2026-03-16", 3100, 6200, -1600, 3200],
    ["downgrade mid-March", "2026-03-16", 6200, 3100, -3200, 1600],
    ["change on the first day", "2026-03-01", 3100, 6200, -3100, 6200],
    ["change on the last day", "2026-03-31", 3100, 6200, -100, 200],
    ["free plan to paid", "2026-03-16", 0, 3100, 0, 1600],
  ])("%s", (_name, changeOn, oldPrice, newPrice, credit, charge) => {
    const result = planChangeLines({
      period: march,
      changeOn: d(changeOn),
      oldPrice: money(oldPrice, "USD"),
      newPrice: money(newPrice, "USD"),
    });
    expect(result).toEqual({
      creditUnusedOld: money(credit, "USD"),
      chargeNew: money(charge, "USD"),
    });
  });

  it.each<[string, string, string, string]>([
    ["a change before the period", "2026-02-28", "USD", "period_cut_invalid"],
    ["a change after the period", "2026-04-01", "USD", "period_cut_invalid"],
    ["a change of currency", "2026-03-16", "EUR", "currency_mismatch"],
  ])("refuses %s", (_name, changeOn, newCurrency, code) => {
    const input = {
      period: march,
      changeOn: d(changeOn),
      oldPrice: money(100, "USD"),
      newPrice: money(100, newCurrency),
    };
    expect(codeOf(() => planChangeLines(input))).toBe(code);
  });
});

const base = d("2000-01-01");
const periodArb = fc
  .tuple(fc.integer({ min: 0, max: 36_500 }), fc.integer({ min: 0, max: 400 }))
  .map(([offset, length]) => ({
    start: addDays(base, offset),
    end: addDays(base, offset + length),
  }));
const amountArb = (min: bigint) => fc.bigInt({ min, max: 10n ** 12n }).map(Number);
const currencyArb = fc.constantFrom("USD", "JPY", "KWD", "EUR");

function dateIn(period: DatePeriod, fraction: number): CalendarDate {
  return addDays(period.start, Math.floor((daysInPeriod(period) - 1) * fraction));
}

describe("proration: properties", () => {
  it("split pieces always sum to the period price, cover the period, and track days", () => {
    fc.assert(
      fc.property(
        periodArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
        amountArb(-(10n ** 12n)),
        currencyArb,
        (period, fractions, price, currency) => {
          const total = money(price, currency);
          const pieces = splitPeriodPrice(
            total,
            period,
            fractions.map((f) => dateIn(period, f)),
          );
          expect(amounts(pieces).reduce((s, a) => s + a, 0)).toBe(price);
          expect(pieces[0]?.start).toBe(period.start);
          expect(pieces.at(-1)?.end).toBe(period.end);
          const periodDays = BigInt(daysInPeriod(period));
          pieces.forEach((piece, i) => {
            if (i > 0) expect(piece.start).toBe(addDays(pieces[i - 1]!.end, 1));
            const exact = BigInt(price) * BigInt(daysInPeriod(piece));
            const error = BigInt(piece.amount.amountMinor) * periodDays - exact;
            expect((error < 0n ? -error : error) < periodDays).toBe(true);
          });
        },
      ),
    );
  });

  it("a plan change credits exactly the unused old price: old used + |credit| = old price", () => {
    fc.assert(
      fc.property(
        periodArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        amountArb(0n),
        amountArb(0n),
        currencyArb,
        (period, fraction, oldMinor, newMinor, currency) => {
          const changeOn = dateIn(period, fraction);
          const oldPrice = money(oldMinor, currency);
          const newPrice = money(newMinor, currency);
          const { creditUnusedOld, chargeNew } = planChangeLines({
            period,
            changeOn,
            oldPrice,
            newPrice,
          });
          const [usedPiece, unusedPiece] = splitPeriodPrice(oldPrice, period, [changeOn]);
          const used = unusedPiece === undefined ? 0 : (usedPiece?.amount.amountMinor ?? 0);
          expect(creditUnusedOld.amountMinor).toBeLessThanOrEqual(0);
          expect(used + Math.abs(creditUnusedOld.amountMinor)).toBe(oldMinor);
          expect(chargeNew.amountMinor).toBeGreaterThanOrEqual(0);
          expect(chargeNew.amountMinor).toBeLessThanOrEqual(newMinor);
          if (oldMinor === newMinor) {
            expect(chargeNew.amountMinor + creditUnusedOld.amountMinor).toBe(0);
          }
        },
      ),
    );
  });
});
