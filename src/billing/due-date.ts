/** When an invoice is due, from its issue date and the customer's payment terms. Pure. */
import { type BusinessCalendar, businessDayOnOrAfter } from "../kernel/business-calendar.js";
import { addDays, type CalendarDate, endOfMonth, parseCalendarDate } from "../kernel/dates.js";
import { CashloopError } from "../kernel/errors.js";
import type { PaymentTerms } from "../sources/model.js";

/** The longest payment term accepted, in days (ten years): longer is a typo, not a term. */
export const paymentTermDaysMax = 3650;

function checkTermDays(days: number): void {
  if (!Number.isSafeInteger(days) || days < 0 || days > paymentTermDaysMax) {
    throw new CashloopError(
      "payment_terms_invalid",
      `payment term days must be a whole number from 0 to ${paymentTermDaysMax}, got ${String(days)}`,
      { field: "days", value: String(days) },
    );
  }
}

/**
 * net N: issue date + N days; end_of_month N: the last day of the issue month + N days;
 * on_receipt: the issue date. With moveToBusinessDay, a due date on a weekend or holiday of the
 * calendar moves to the next business day (this applies to on_receipt too).
 */
export function dueDate(
  issueOn: CalendarDate,
  terms: PaymentTerms,
  options: { calendar: BusinessCalendar; moveToBusinessDay: boolean },
): CalendarDate {
  const issue = parseCalendarDate(issueOn);
  let due: CalendarDate;
  switch (terms.kind) {
    case "net":
      checkTermDays(terms.days);
      due = addDays(issue, terms.days);
      break;
    case "end_of_month":
      checkTermDays(terms.days);
      due = addDays(endOfMonth(issue), terms.days);
      break;
    case "on_receipt":
      due = issue;
      break;
    default:
      throw new CashloopError(
        "payment_terms_invalid",
        `unknown payment terms ${JSON.stringify(terms satisfies never)}`,
      );
  }
  return options.moveToBusinessDay ? businessDayOnOrAfter(due, options.calendar) : due;
}
