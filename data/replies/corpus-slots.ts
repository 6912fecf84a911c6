/**
 * Date slots for the generated corpus: date expressions with the date they mean, written
 * independently of the classifier's extractor so the corpus can check it.
 */

import { MONTHS } from "../../src/assist/draft/wording.js";
import {
  addDays,
  type CalendarDate,
  compareDates,
  dateFromParts,
  dayOfWeek,
  daysInMonth,
  endOfMonth,
  yearMonth,
} from "../../src/kernel/dates.js";
import { pick, type Random } from "../../src/kernel/random.js";
import type { Lang } from "./corpus-pools.js";

export type { Lang } from "./corpus-pools.js";
export type DateExpr = { text: string; on: CalendarDate | null };

const weekdaysEn = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const weekdaysEs = ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"];
const monthsEn = MONTHS.en;
const monthsEs = MONTHS.es;

function parts(d: CalendarDate): { y: number; m: number; day: number } {
  const { year, month } = yearMonth(d);
  return { y: year, m: month, day: Number(d.slice(8, 10)) };
}

function ordinal(n: number): string {
  if (n % 10 === 1 && n !== 11) return `${n}st`;
  if (n % 10 === 2 && n !== 12) return `${n}nd`;
  if (n % 10 === 3 && n !== 13) return `${n}rd`;
  return `${n}th`;
}

/** The next day strictly after `today` that falls on `weekday` (0 = Sunday). */
function nextWeekday(today: CalendarDate, weekday: number): CalendarDate {
  const ahead = (weekday - dayOfWeek(today) + 7) % 7;
  return addDays(today, ahead === 0 ? 7 : ahead);
}

/** The next day on or after `today` whose day of the month is `day` (clamped to short months). */
function nextDayOfMonth(today: CalendarDate, day: number): CalendarDate {
  const t = parts(today);
  if (day >= t.day) return dateFromParts(t.y, t.m, Math.min(day, daysInMonth(t.y, t.m)));
  const y = t.m === 12 ? t.y + 1 : t.y;
  const m = t.m === 12 ? 1 : t.m + 1;
  return dateFromParts(y, m, Math.min(day, daysInMonth(y, m)));
}

function absoluteText(lang: Lang, d: CalendarDate, rnd: Random, bare: boolean): string {
  const { y, m, day } = parts(d);
  const en = monthsEn[m - 1] as string;
  const es = monthsEs[m - 1] as string;
  const on = bare ? "" : "on ";
  if (lang === "en") {
    return pick(rnd, [
      `${on}${m}/${day}`,
      `${on}${en} ${day}`,
      `${on}${en.slice(0, 3)} ${ordinal(day)}`,
      `${on}${day} ${en}`,
      `${on}${en} ${day}, ${y}`,
      `${on}${m}/${day}/${y}`,
      `${on}${weekdaysEn[dayOfWeek(d)]}, ${en} ${day}`,
    ]);
  }
  return pick(rnd, [
    `el ${day} de ${es}`,
    `el ${day}/${m}`,
    `el ${day} de ${es} de ${y}`,
    `el ${String(day).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`,
    `el ${weekdaysEs[dayOfWeek(d)]} ${day} de ${es}`,
  ]);
}

function weekdayExpr(lang: Lang, today: CalendarDate, rnd: Random, bare: boolean): DateExpr {
  const weekday = 1 + rnd.int(5);
  const on = nextWeekday(today, weekday);
  if (lang === "en") {
    const name = weekdaysEn[weekday] as string;
    const forms = bare
      ? [name]
      : [`on ${name}`, name, `next ${name}`, `this ${name}`, `by ${name}`];
    return { text: pick(rnd, forms), on };
  }
  const name = weekdaysEs[weekday] as string;
  const forms = bare
    ? [`el ${name}`]
    : [`el ${name}`, `este ${name}`, `el próximo ${name}`, `el ${name} que viene`];
  return { text: pick(rnd, forms), on };
}

/** A bare date for after "until"/"hasta": "Friday", "the 15th", "fin de mes". */
function promiseDateBare(lang: Lang, today: CalendarDate, rnd: Random): DateExpr {
  const kind = rnd.int(100);
  if (kind < 35) return weekdayExpr(lang, today, rnd, true);
  if (kind < 50) return { text: lang === "en" ? "tomorrow" : "mañana", on: addDays(today, 1) };
  if (kind < 65) {
    const text =
      lang === "en" ? "the end of the month" : pick(rnd, ["fin de mes", "finales de mes"]);
    return { text, on: endOfMonth(today) };
  }
  if (kind < 80) {
    const day = 1 + rnd.int(28);
    return {
      text: lang === "en" ? `the ${ordinal(day)}` : `el ${day}`,
      on: nextDayOfMonth(today, day),
    };
  }
  const on = addDays(today, 3 + rnd.int(40));
  return { text: absoluteText(lang, on, rnd, true), on };
}

/** A future date as a customer writes it in a promise ("next Friday", "a fin de mes"). */
export function promiseDate(lang: Lang, today: CalendarDate, rnd: Random, bare = false): DateExpr {
  if (bare) return promiseDateBare(lang, today, rnd);
  const kind = rnd.int(100);
  if (kind < 28) return weekdayExpr(lang, today, rnd, false);
  if (kind < 40) {
    const en = ["tomorrow", "tomorrow morning", "first thing tomorrow", "tmrw"];
    const es = ["mañana", "mañana temprano", "mañana sin falta", "mañana en la tarde"];
    if (lang === "es" && rnd.int(4) === 0) return { text: "pasado mañana", on: addDays(today, 2) };
    return { text: pick(rnd, lang === "en" ? en : es), on: addDays(today, 1) };
  }
  if (kind < 46) {
    const text = pick(rnd, lang === "en" ? ["today", "later today"] : ["hoy", "hoy mismo"]);
    return { text, on: today };
  }
  if (kind < 58) {
    const en = ["by the end of the month", "at the end of the month", "by month end"];
    const es = ["a fin de mes", "a finales de mes", "para fin de mes", "a fin de este mes"];
    return { text: pick(rnd, lang === "en" ? en : es), on: endOfMonth(today) };
  }
  if (kind < 66) {
    const day = 1 + rnd.int(28);
    const on = nextDayOfMonth(today, day);
    const en = [`on the ${ordinal(day)}`, `by the ${ordinal(day)}`];
    const es = [`el día ${day}`, `el ${day}`];
    return { text: pick(rnd, lang === "en" ? en : es), on };
  }
  if (kind < 72) {
    const n = 2 + rnd.int(9);
    const text =
      lang === "en" ? `in ${n} days` : pick(rnd, [`en ${n} días`, `dentro de ${n} días`]);
    return { text, on: addDays(today, n) };
  }
  if (kind < 76 && lang === "es") {
    const mid = nextDayOfMonth(today, 15);
    const eom = endOfMonth(today);
    const on = compareDates(mid, eom) < 0 ? mid : eom;
    return { text: pick(rnd, ["en la quincena", "la próxima quincena"]), on };
  }
  const on = addDays(today, 3 + rnd.int(40));
  return { text: absoluteText(lang, on, rnd, false), on };
}

/** An out-of-office return date; `bare` drops the English "on" (after "until"). */
export function returnDate(lang: Lang, today: CalendarDate, rnd: Random, bare: boolean): DateExpr {
  const kind = rnd.int(100);
  if (kind < 30) return weekdayExpr(lang, today, rnd, bare);
  if (kind < 40) return { text: lang === "en" ? "tomorrow" : "mañana", on: addDays(today, 1) };
  if (kind < 50) {
    const day = 1 + rnd.int(28);
    const on = nextDayOfMonth(today, day);
    const text = lang === "en" ? `${bare ? "" : "on "}the ${ordinal(day)}` : `el día ${day}`;
    return { text, on };
  }
  const on = addDays(today, 2 + rnd.int(30));
  return { text: absoluteText(lang, on, rnd, bare), on };
}

/** A start date for "out from X until Y"; the extractor must not take it for the return. */
export function fromDate(lang: Lang, today: CalendarDate, rnd: Random): string {
  const d = addDays(today, -rnd.int(4));
  const { m, day } = parts(d);
  if (lang === "en") return pick(rnd, ["today", `${monthsEn[m - 1]} ${day}`, `${m}/${day}`]);
  return pick(rnd, ["hoy", `el ${day} de ${monthsEs[m - 1]}`, `el ${day}/${m}`]);
}

export function pastDate(lang: Lang, rnd: Random): string {
  const en = ["yesterday", "this morning", "on Monday", "last week", "on 11/12", "last Friday"];
  const en2 = ["earlier today", "a few days ago", "on November 12", "two days ago"];
  const es = ["ayer", "esta mañana", "el lunes", "la semana pasada", "el 12 de noviembre"];
  const es2 = ["el 12/11", "anteayer", "hace unos días", "el viernes pasado"];
  return pick(rnd, lang === "en" ? [...en, ...en2] : [...es, ...es2]);
}
