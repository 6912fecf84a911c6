/**
 * Demo billable events in the window [asOf − months, asOf]: weekly jobs and approved quotes,
 * monthly usage reports, project milestones. All on business days, at working hours in the
 * organisation's zone, numbered EVT-000001… in time order.
 */
import {
  addDays,
  addMonths,
  type CalendarDate,
  compareDates,
  dayOfWeek,
  endOfMonth,
  instantFromMs,
  instantToMs,
  zonedDateTimeToInstant,
} from "../kernel/dates.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { Random } from "../kernel/random.js";
import { pick } from "../kernel/random.js";
import type { EventInput, LineInput } from "../sources/model.js";
import { P } from "./demo-catalogue.js";
import type { UsagePlan } from "./demo-contracts.js";
import type { DemoCustomer } from "./demo-customers.js";
import { jobNote, pickProject, quoteTitles } from "./demo-notes.js";
import { chance, externalId, idWidth, intBetween, priceMinor, stepBetween } from "./demo-util.js";

/** The demo organisation's zone: event instants are its working hours. */
export const DEMO_ORG_TIME_ZONE = "America/New_York";

/** Expected jobs and approved quotes per customer per week (40 customers: ~2 and ~1). */
const jobsPerCustomerWeek = 0.05;
const quotesPerCustomerWeek = 0.025;
/** Working day in the org zone: events fall in [08:00, 08:00 + this). */
const workingMinutes = 10 * 60;

type Draft = Omit<EventInput, "externalId" | "occurredAt"> & { minute: number };

export type EventCtx = {
  random: Random;
  currency: CurrencyCode;
  asOf: CalendarDate;
  months: number;
  customers: readonly DemoCustomer[];
  usagePlans: readonly UsagePlan[];
};

export function isWeekday(d: CalendarDate): boolean {
  const dow = dayOfWeek(d);
  return dow !== 0 && dow !== 6;
}

function lastWeekdayOfMonth(d: CalendarDate): CalendarDate {
  let day = endOfMonth(d);
  while (!isWeekday(day)) day = addDays(day, -1);
  return day;
}

/** Tenths as a decimal string: 35 → "3.5", 40 → "4". */
function tenths(n: number): string {
  return n % 10 === 0 ? String(n / 10) : `${Math.floor(n / 10)}.${n % 10}`;
}

function item(
  code: string,
  quantity: string,
  price: number | null,
  text: string | null,
): LineInput {
  return { productCode: code, quantity, unitPriceMinor: price, description: text };
}

function draft(
  ctx: EventCtx,
  kind: Draft["kind"],
  customer: string,
  rest: { contract?: string; notes: string; lines: LineInput[] },
): Draft {
  return {
    kind,
    customerExternalId: customer,
    contractExternalId: rest.contract ?? null,
    notes: rest.notes,
    lines: rest.lines,
    minute: ctx.random.int(workingMinutes),
  };
}

function jobDraft(ctx: EventCtx, customer: DemoCustomer): Draft {
  const hours = tenths(stepBetween(ctx.random, 10, 60, 5));
  const onsite = chance(ctx.random, 0.4);
  const lines = [item(P.hourly, hours, null, null)];
  if (onsite) lines.push(item(P.onsite, "1", null, null));
  const notes = jobNote(ctx.random, hours, onsite);
  return draft(ctx, "job_completed", customer.input.externalId, { notes, lines });
}

function quoteDraft(ctx: EventCtx, customer: DemoCustomer, quoteNo: number): Draft {
  const id = customer.input.externalId;
  if (chance(ctx.random, 0.1)) {
    const notes = `Quote Q-${quoteNo}: cybersecurity awareness workshop; approved by email`;
    return draft(ctx, "quote_approved", id, { notes, lines: [item(P.training, "1", null, null)] });
  }
  const title = pick(ctx.random, quoteTitles);
  const amount = priceMinor(stepBetween(ctx.random, 25_000, 120_000, 5_000), ctx.currency);
  const notes = `Quote Q-${quoteNo}: ${title}; approved by email`;
  return draft(ctx, "quote_approved", id, { notes, lines: [item(P.project, "1", amount, title)] });
}

function usageDraft(ctx: EventCtx, plan: UsagePlan, month: string): Draft {
  const amountTenths = Math.round((plan.baseTenths * intBetween(ctx.random, 75, 125)) / 100);
  const quantity = tenths(amountTenths);
  const api = plan.productCode === P.apiCalls;
  const notes = api
    ? `API usage for ${month}: ${quantity} thousand calls`
    : `Remote support for ${month}: ${quantity} h`;
  return draft(ctx, "usage_reported", plan.customerExternalId, {
    contract: plan.contractExternalId,
    notes,
    lines: [item(plan.productCode, quantity, null, null)],
  });
}

/** Each project customer's milestones that fall in the window, keyed by business day. */
function milestoneDrafts(ctx: EventCtx, window: Window): Map<string, Draft[]> {
  const byDay = new Map<string, Draft[]>();
  for (const customer of ctx.customers) {
    if (customer.kind !== "project") continue;
    const project = pickProject(ctx.random);
    const amount = priceMinor(stepBetween(ctx.random, 100_000, 225_000, 12_500), ctx.currency);
    let offset = ctx.random.int(28);
    for (let n = ctx.random.int(2); n < project.milestones.length; n++) {
      let at = offset;
      while (at < window.days.length && !window.weekday[at]) at++;
      const on = window.days[at];
      if (on === undefined) break;
      const title = `${project.name}: milestone ${n + 1} of ${project.milestones.length}, ${project.milestones[n]}`;
      const lines = [item(P.project, "1", amount, title)];
      const d = draft(ctx, "milestone_reached", customer.input.externalId, { notes: title, lines });
      const list = byDay.get(on);
      if (list) list.push(d);
      else byDay.set(on, [d]);
      offset += intBetween(ctx.random, 28, 49);
    }
  }
  return byDay;
}

/** floor(expected), plus one with the fractional part's probability. */
function countFor(random: Random, expected: number): number {
  const whole = Math.floor(expected);
  return whole + (chance(random, expected - whole) ? 1 : 0);
}

type Pools = { work: DemoCustomer[]; projects: DemoCustomer[]; quoteCount: number };

/** Every day of the window [start, end], with whether it is a weekday; built once. */
type Window = { days: CalendarDate[]; weekday: boolean[] };

function windowOf(start: CalendarDate, end: CalendarDate): Window {
  const days: CalendarDate[] = [];
  for (let day = start; compareDates(day, end) <= 0; day = addDays(day, 1)) days.push(day);
  return { days, weekday: days.map(isWeekday) };
}

/** The window's weekdays, grouped Monday to Friday. */
function weeksIn(window: Window): CalendarDate[][] {
  const weeks: CalendarDate[][] = [];
  let week: CalendarDate[] = [];
  window.days.forEach((day, i) => {
    if (dayOfWeek(day) === 1 && week.length > 0) {
      weeks.push(week);
      week = [];
    }
    if (window.weekday[i]) week.push(day);
  });
  if (week.length > 0) weeks.push(week);
  return weeks;
}

/** One week's drafts per day: usage at month end, milestones, then jobs and quotes spread over it. */
function weekDrafts(
  ctx: EventCtx,
  week: readonly CalendarDate[],
  pools: Pools,
  milestones: ReadonlyMap<string, Draft[]>,
): Draft[][] {
  const { random } = ctx;
  const perDay = week.map((day) => {
    const drafts = [...(milestones.get(day) ?? [])];
    if (day !== lastWeekdayOfMonth(day)) return drafts;
    for (const plan of ctx.usagePlans) drafts.push(usageDraft(ctx, plan, day.slice(0, 7)));
    return drafts;
  });
  if (pools.work.length === 0) return perDay;
  const share = (ctx.customers.length * week.length) / 5;
  const dayOf = () => perDay[random.int(perDay.length)] ?? [];
  for (let i = countFor(random, share * jobsPerCustomerWeek); i > 0; i--) {
    dayOf().push(jobDraft(ctx, pick(random, pools.work)));
  }
  for (let i = countFor(random, share * quotesPerCustomerWeek); i > 0; i--) {
    const projectFirst = pools.projects.length > 0 && chance(random, 0.5);
    const customer = pick(random, projectFirst ? pools.projects : pools.work);
    dayOf().push(quoteDraft(ctx, customer, 1000 + pools.quoteCount++));
  }
  return perDay;
}

export function generateEvents(ctx: EventCtx): EventInput[] {
  const start = addMonths(ctx.asOf, -ctx.months);
  const pools: Pools = {
    work: ctx.customers.filter((c) => c.kind !== "usage"),
    projects: ctx.customers.filter((c) => c.kind === "project"),
    quoteCount: 0,
  };
  const window = windowOf(start, ctx.asOf);
  const milestones = milestoneDrafts(ctx, window);
  const placed: { at: number; draft: Draft }[] = [];
  for (const week of weeksIn(window)) {
    const perDay = weekDrafts(ctx, week, pools, milestones);
    week.forEach((day, i) => {
      const opensMs = instantToMs(zonedDateTimeToInstant(day, "08:00", DEMO_ORG_TIME_ZONE));
      const drafts = (perDay[i] ?? []).sort((a, b) => a.minute - b.minute);
      for (const d of drafts) placed.push({ at: opensMs + d.minute * 60_000, draft: d });
    });
  }
  const width = idWidth(placed.length, 6);
  return placed.map(({ at, draft: d }, i) => ({
    externalId: externalId("EVT", i + 1, width),
    kind: d.kind,
    customerExternalId: d.customerExternalId,
    contractExternalId: d.contractExternalId,
    occurredAt: instantFromMs(at),
    notes: d.notes,
    lines: d.lines,
  }));
}
