/**
 * When a customer may be messaged: on the organisation's business days, inside the local window
 * of the customer's time zone. Pure: the instant is an argument.
 */
import { type BusinessCalendar, isBusinessDay } from "../kernel/business-calendar.js";
import {
  addDays,
  type CalendarDate,
  type Instant,
  localTimeIn,
  zonedDateTimeToInstant,
} from "../kernel/dates.js";

export type SendWindow = { start: string; end: string };

export type LocalMoment = {
  date: CalendarDate;
  /** Inside the window on a business day. */
  open: boolean;
  /** When the current window closes (null when closed). */
  closesAt: Instant | null;
};

export function localMoment(
  at: Instant,
  zone: string,
  window: SendWindow,
  calendar: BusinessCalendar,
): LocalMoment {
  const local = localTimeIn(zone, at);
  const hhmm = `${String(local.hour).padStart(2, "0")}:${String(local.minute).padStart(2, "0")}`;
  const open = isBusinessDay(local.date, calendar) && hhmm >= window.start && hhmm < window.end;
  return {
    date: local.date,
    open,
    closesAt: open ? zonedDateTimeToInstant(local.date, window.end, zone) : null,
  };
}

/** The next time the window opens after `at` (today's opening if it is still ahead). */
export function nextOpening(
  at: Instant,
  zone: string,
  window: SendWindow,
  calendar: BusinessCalendar,
): Instant {
  let date = localTimeIn(zone, at).date;
  for (let i = 0; i < 400; i++) {
    if (isBusinessDay(date, calendar)) {
      const opens = zonedDateTimeToInstant(date, window.start, zone);
      if (opens > at) return opens;
    }
    date = addDays(date, 1);
  }
  throw new Error("no business day within 400 days");
}
