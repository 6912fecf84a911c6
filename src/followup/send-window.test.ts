import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  businessCalendar,
  businessDayOnOrAfter,
  isBusinessDay,
} from "../kernel/business-calendar.js";
import {
  addDays,
  dayOfWeek,
  type Instant,
  instantFromMs,
  instantToMs,
  localTimeIn,
  parseCalendarDate,
  parseInstant,
} from "../kernel/dates.js";
import { localMoment, nextOpening, type SendWindow } from "./send-window.js";

const at = (s: string) => parseInstant(s);
const window: SendWindow = { start: "09:00", end: "18:00" };
const plain = businessCalendar(); // Saturday and Sunday off
// A calendar that works on Sundays (Friday and Saturday off), to look at US DST Sundays.
const sundayWorks = businessCalendar({ weekendDays: [5, 6] });

/** The wall clock in `zone` at an instant, as "YYYY-MM-DD HH:MM". */
function wall(zone: string, i: Instant): string {
  const t = localTimeIn(zone, i);
  return `${t.date} ${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;
}

describe("localMoment", () => {
  it("Tokyo at 02:00 local is closed, on the local date, not the UTC one", () => {
    // Monday 2026-03-09 17:00 UTC is Tuesday 2026-03-10 02:00 in Tokyo.
    const m = localMoment(at("2026-03-09T17:00:00Z"), "Asia/Tokyo", window, plain);
    expect(m).toEqual({ date: "2026-03-10", open: false, closesAt: null });
  });

  it("Tokyo at 10:00 local is open and closes at 18:00 local", () => {
    const m = localMoment(at("2026-03-10T01:00:00Z"), "Asia/Tokyo", window, plain);
    expect(m).toEqual({ date: "2026-03-10", open: true, closesAt: "2026-03-10T09:00:00.000Z" });
  });

  it("opens on the start minute and closes on the end minute", () => {
    const zone = "Europe/Berlin"; // UTC+1 in early March
    expect(localMoment(at("2026-03-10T07:59:00Z"), zone, window, plain).open).toBe(false);
    expect(localMoment(at("2026-03-10T08:00:00Z"), zone, window, plain).open).toBe(true);
    expect(localMoment(at("2026-03-10T16:59:59Z"), zone, window, plain).open).toBe(true);
    expect(localMoment(at("2026-03-10T17:00:00Z"), zone, window, plain).open).toBe(false);
  });

  it("a Saturday is closed everywhere, at every hour of the local day", () => {
    const zones = [
      "Asia/Tokyo",
      "America/New_York",
      "America/Mexico_City",
      "Europe/Madrid",
      "Asia/Kolkata",
      "Pacific/Auckland",
      "America/Argentina/Buenos_Aires",
    ];
    for (const zone of zones) {
      // Every half hour of Saturday 2026-03-14, local time, in each zone.
      let checked = 0;
      for (let h = 0; h < 144; h++) {
        const i = instantFromMs(Date.UTC(2026, 2, 13, 0, 30 * h));
        if (localTimeIn(zone, i).date !== "2026-03-14") continue;
        expect(localMoment(i, zone, window, plain).open, `${zone} ${wall(zone, i)}`).toBe(false);
        checked++;
      }
      expect(checked, zone).toBe(48);
      // The Friday before, at noon local, is open (the zone's Saturday is what closes it).
      const friday = Array.from({ length: 96 }, (_, h) =>
        instantFromMs(Date.UTC(2026, 2, 12, 0, 30 * h)),
      ).find((i) => wall(zone, i) === "2026-03-13 12:00");
      expect(friday, zone).toBeDefined();
      expect(localMoment(friday!, zone, window, plain).open, zone).toBe(true);
    }
  });

  it("the customer's local day decides: Saturday in UTC can be an open Friday afternoon", () => {
    // Saturday 2026-03-14 02:00 UTC is Friday 16:00 in Honolulu (UTC-10): open.
    const honolulu = localMoment(at("2026-03-14T02:00:00Z"), "Pacific/Honolulu", window, plain);
    expect(honolulu.date).toBe("2026-03-13");
    expect(honolulu.open).toBe(true);
    // Friday 2026-03-13 23:30 UTC is Saturday 08:30 in Tokyo: closed.
    const tokyo = localMoment(at("2026-03-13T23:30:00Z"), "Asia/Tokyo", window, plain);
    expect(tokyo).toEqual({ date: "2026-03-14", open: false, closesAt: null });
  });

  it("a holiday is closed all day", () => {
    const mexico = businessCalendar({ holidays: ["2026-03-16"] }); // Benito Juárez day (Monday)
    const noon = at("2026-03-16T18:00:00Z"); // 12:00 in Mexico City
    expect(localMoment(noon, "America/Mexico_City", window, mexico).open).toBe(false);
    expect(localMoment(noon, "America/Mexico_City", window, plain).open).toBe(true);
  });

  it("uses the policy's window, not a fixed one", () => {
    const early: SendWindow = { start: "07:30", end: "12:00" };
    const zone = "America/Mexico_City"; // UTC-6
    expect(localMoment(at("2026-03-10T13:30:00Z"), zone, early, plain).open).toBe(true); // 07:30
    expect(localMoment(at("2026-03-10T13:29:00Z"), zone, early, plain).open).toBe(false);
    expect(localMoment(at("2026-03-10T18:00:00Z"), zone, early, plain).open).toBe(false); // 12:00
    expect(localMoment(at("2026-03-10T17:00:00Z"), zone, early, plain).closesAt).toBe(
      "2026-03-10T18:00:00.000Z",
    );
  });
});

describe("nextOpening", () => {
  it("Tokyo at 02:00 local opens at 09:00 local the same (business) day", () => {
    const opens = nextOpening(at("2026-03-09T17:00:00Z"), "Asia/Tokyo", window, plain);
    expect(opens).toBe("2026-03-10T00:00:00.000Z");
    expect(wall("Asia/Tokyo", opens)).toBe("2026-03-10 09:00");
  });

  it("Tokyo on Friday night opens at 09:00 local on Monday", () => {
    // Friday 2026-03-13 20:00 JST.
    const opens = nextOpening(at("2026-03-13T11:00:00Z"), "Asia/Tokyo", window, plain);
    expect(wall("Asia/Tokyo", opens)).toBe("2026-03-16 09:00");
    expect(opens).toBe("2026-03-16T00:00:00.000Z");
  });

  it("after the window closes, opens on the next business day, skipping the weekend and a holiday", () => {
    const cal = businessCalendar({ holidays: ["2026-03-16"] });
    // Friday 2026-03-13 18:00 in Mexico City (UTC-6): the window just closed.
    const opens = nextOpening(at("2026-03-14T00:00:00Z"), "America/Mexico_City", window, cal);
    expect(wall("America/Mexico_City", opens)).toBe("2026-03-17 09:00");
    expect(opens).toBe("2026-03-17T15:00:00.000Z");
  });

  it("inside the window, the next opening is the next business day's", () => {
    // Friday 2026-03-13 10:00 in Madrid (UTC+1).
    const opens = nextOpening(at("2026-03-13T09:00:00Z"), "Europe/Madrid", window, plain);
    expect(wall("Europe/Madrid", opens)).toBe("2026-03-16 09:00");
  });

  it("New York: the Monday after spring-forward opens at 09:00 EDT (13:00 UTC, not 14:00)", () => {
    // Friday 2026-03-06 18:30 EST; clocks go forward on Sunday 2026-03-08.
    const opens = nextOpening(at("2026-03-06T23:30:00Z"), "America/New_York", window, plain);
    expect(opens).toBe("2026-03-09T13:00:00.000Z");
    expect(wall("America/New_York", opens)).toBe("2026-03-09 09:00");
  });

  it("New York: on the spring-forward day itself the window still opens at 09:00 local", () => {
    // Sunday 2026-03-08 01:00 EST (before the 02:00 jump), on a calendar where Sunday is worked.
    const opens = nextOpening(at("2026-03-08T06:00:00Z"), "America/New_York", window, sundayWorks);
    expect(opens).toBe("2026-03-08T13:00:00.000Z");
    const m = localMoment(opens, "America/New_York", window, sundayWorks);
    expect(m).toEqual({ date: "2026-03-08", open: true, closesAt: "2026-03-08T22:00:00.000Z" });
    // One minute earlier it is 08:59 EDT: closed.
    const before = instantFromMs(instantToMs(opens) - 60_000);
    expect(localMoment(before, "America/New_York", window, sundayWorks).open).toBe(false);
  });

  it("New York: on the fall-back day the window opens at 09:00 EST (14:00 UTC)", () => {
    // Sunday 2026-11-01 01:30 EDT, before the repeated hour.
    const opens = nextOpening(at("2026-11-01T05:30:00Z"), "America/New_York", window, sundayWorks);
    expect(opens).toBe("2026-11-01T14:00:00.000Z");
    expect(
      localMoment(at("2026-11-01T13:30:00Z"), "America/New_York", window, sundayWorks),
    ).toEqual({ date: "2026-11-01", open: false, closesAt: null });
    expect(
      localMoment(at("2026-11-01T14:00:00Z"), "America/New_York", window, sundayWorks).closesAt,
    ).toBe("2026-11-01T23:00:00.000Z");
  });

  it("Mexico City: the last DST change days (2022) still open at 09:00 local", () => {
    // Spring forward on Sunday 2022-04-03 (UTC-6 → UTC-5); fall back on Sunday 2022-10-30.
    const zone = "America/Mexico_City";
    const spring = nextOpening(at("2022-04-03T07:00:00Z"), zone, window, sundayWorks);
    expect(spring).toBe("2022-04-03T14:00:00.000Z");
    expect(wall(zone, spring)).toBe("2022-04-03 09:00");
    const autumn = nextOpening(at("2022-10-30T06:30:00Z"), zone, window, sundayWorks);
    expect(autumn).toBe("2022-10-30T15:00:00.000Z");
    expect(wall(zone, autumn)).toBe("2022-10-30 09:00");
    // With Saturday and Sunday off, the Mondays after: 09:00 local both times.
    expect(nextOpening(at("2022-04-02T12:00:00Z"), zone, window, plain)).toBe(
      "2022-04-04T14:00:00.000Z",
    );
    expect(nextOpening(at("2022-10-29T12:00:00Z"), zone, window, plain)).toBe(
      "2022-10-31T15:00:00.000Z",
    );
  });

  it("Mexico City: no DST since 2022, so the old change day in 2026 stays at UTC-6", () => {
    const opens = nextOpening(
      at("2026-04-05T06:00:00Z"),
      "America/Mexico_City",
      window,
      sundayWorks,
    );
    expect(opens).toBe("2026-04-05T15:00:00.000Z");
  });

  it("a zone ahead of UTC opens on its own next business day (Auckland)", () => {
    // Sunday 2026-03-15 22:00 UTC is Monday 2026-03-16 11:00 in Auckland (UTC+13): already open,
    // so the next opening is Tuesday 09:00 local.
    const zone = "Pacific/Auckland";
    expect(localMoment(at("2026-03-15T22:00:00Z"), zone, window, plain).open).toBe(true);
    const opens = nextOpening(at("2026-03-15T22:00:00Z"), zone, window, plain);
    expect(wall(zone, opens)).toBe("2026-03-17 09:00");
  });

  it("property: the next opening is later, at the window start on a business day, and nothing before it is open", () => {
    const zones = [
      "Asia/Tokyo",
      "America/New_York",
      "America/Mexico_City",
      "Europe/Berlin",
      "Asia/Kolkata",
      "Pacific/Auckland",
      "UTC",
    ];
    const start = Date.UTC(2025, 0, 1);
    const span = 2 * 366 * 86_400_000;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: span }).map((ms) => instantFromMs(start + ms - (ms % 60_000))),
        fc.constantFrom(...zones),
        fc.constantFrom(plain, sundayWorks),
        (now, zone, cal) => {
          const opens = nextOpening(now, zone, window, cal);
          expect(instantToMs(opens)).toBeGreaterThan(instantToMs(now));
          const local = localTimeIn(zone, opens);
          expect(local.hour * 60 + local.minute).toBe(9 * 60);
          expect(isBusinessDay(local.date, cal)).toBe(true);
          expect(localMoment(opens, zone, window, cal).open).toBe(true);
          // At most 4 days ahead on these calendars (a weekend plus a closed evening).
          expect(instantToMs(opens) - instantToMs(now)).toBeLessThan(4 * 86_400_000);
          // No earlier opening is missed: every half hour strictly between now and the result is
          // either closed or still inside the window that was already open at `now`.
          const openNow = localMoment(now, zone, window, cal);
          for (let t = instantToMs(now) + 1_800_000; t < instantToMs(opens); t += 1_800_000) {
            const m = localMoment(instantFromMs(t), zone, window, cal);
            if (m.open) {
              expect(openNow.open).toBe(true);
              expect(m.date).toBe(openNow.date);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives up loudly on a calendar with no business day within a year", () => {
    const allHolidays = businessCalendar({
      weekendDays: [0, 6],
      holidays: Array.from({ length: 420 }, (_, i) => addDays(parseCalendarDate("2026-03-01"), i)),
    });
    expect(() => nextOpening(at("2026-03-02T12:00:00Z"), "UTC", window, allHolidays)).toThrow(
      /no business day/,
    );
    // A long closure that ends within the search still finds the first day back.
    const longClosure = businessCalendar({
      holidays: Array.from({ length: 390 }, (_, i) => addDays(parseCalendarDate("2026-03-01"), i)),
    });
    const back = businessDayOnOrAfter(addDays(parseCalendarDate("2026-03-01"), 390), longClosure);
    expect([0, 6]).not.toContain(dayOfWeek(back));
    const opens = nextOpening(at("2026-03-02T12:00:00Z"), "UTC", window, longClosure);
    expect(opens).toBe(`${back}T09:00:00.000Z`);
  });
});
