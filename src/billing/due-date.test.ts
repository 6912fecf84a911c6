import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { businessCalendar, isBusinessDay } from "../kernel/business-calendar.js";
import { addDays, type CalendarDate, compareDates, parseCalendarDate } from "../kernel/dates.js";
import type { PaymentTerms } from "../sources/model.js";
import { dueDate } from "./due-date.js";

const d = parseCalendarDate;
const calendar = businessCalendar({ holidays: ["2027-01-01", "2026-12-25"] });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code ?? "no code";
  }
  return undefined;
}

describe("dueDate", () => {
  // [issueOn, terms, due as computed, due moved to a business day]
  it.each<[string, PaymentTerms, string, string]>([
    ["2026-03-02", { kind: "net", days: 30 }, "2026-04-01", "2026-04-01"],
    ["2026-01-15", { kind: "net", days: 30 }, "2026-02-14", "2026-02-16"], // Saturday → Monday
    ["2026-01-16", { kind: "net", days: 30 }, "2026-02-15", "2026-02-16"], // Sunday → Monday
    ["2026-12-02", { kind: "net", days: 30 }, "2027-01-01", "2027-01-04"], // holiday, then weekend
    ["2026-11-25", { kind: "net", days: 30 }, "2026-12-25", "2026-12-28"], // Christmas (Friday)
    ["2026-03-02", { kind: "net", days: 0 }, "2026-03-02", "2026-03-02"],
    ["2026-12-10", { kind: "end_of_month", days: 15 }, "2027-01-15", "2027-01-15"], // year end
    ["2026-12-31", { kind: "end_of_month", days: 1 }, "2027-01-01", "2027-01-04"],
    ["2026-02-03", { kind: "end_of_month", days: 0 }, "2026-02-28", "2026-03-02"],
    ["2028-02-10", { kind: "end_of_month", days: 30 }, "2028-03-30", "2028-03-30"], // leap Feb
    ["2026-01-31", { kind: "end_of_month", days: 30 }, "2026-03-02", "2026-03-02"],
    ["2026-08-04", { kind: "on_receipt" }, "2026-08-04", "2026-08-04"],
    ["2026-08-01", { kind: "on_receipt" }, "2026-08-01", "2026-08-03"], // Saturday
  ])("issued %s on %j: due %s, moved %s", (issueOn, terms, due, moved) => {
    expect(dueDate(d(issueOn), terms, { calendar, moveToBusinessDay: false })).toBe(due);
    expect(dueDate(d(issueOn), terms, { calendar, moveToBusinessDay: true })).toBe(moved);
  });

  it.each<[PaymentTerms, string]>([
    [{ kind: "net", days: -1 }, "payment_terms_invalid"],
    [{ kind: "net", days: 1.5 }, "payment_terms_invalid"],
    [{ kind: "end_of_month", days: 3651 }, "payment_terms_invalid"],
    [{ kind: "weekly" } as unknown as PaymentTerms, "payment_terms_invalid"],
  ])("%j is refused", (terms, code) => {
    const options = { calendar, moveToBusinessDay: false };
    expect(codeOf(() => dueDate(d("2026-03-02"), terms, options))).toBe(code);
  });

  it("refuses a malformed issue date", () => {
    const options = { calendar, moveToBusinessDay: false };
    expect(
      codeOf(() => dueDate("2026-02-30" as CalendarDate, { kind: "on_receipt" }, options)),
    ).toBe("date_invalid");
  });

  it("a moved due date is the first business day on or after the computed one", () => {
    const termsArb = fc.oneof(
      fc.integer({ min: 0, max: 120 }).map((days): PaymentTerms => ({ kind: "net", days })),
      fc
        .integer({ min: 0, max: 120 })
        .map((days): PaymentTerms => ({ kind: "end_of_month", days })),
      fc.constant<PaymentTerms>({ kind: "on_receipt" }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), termsArb, (offset, terms) => {
        const issueOn = addDays(d("2025-01-01"), offset);
        const due = dueDate(issueOn, terms, { calendar, moveToBusinessDay: false });
        const moved = dueDate(issueOn, terms, { calendar, moveToBusinessDay: true });
        expect(compareDates(due, issueOn)).toBeGreaterThanOrEqual(0);
        expect(isBusinessDay(moved, calendar)).toBe(true);
        for (let day = due; compareDates(day, moved) < 0; day = addDays(day, 1)) {
          expect(isBusinessDay(day, calendar)).toBe(false);
        }
      }),
    );
  });
});
