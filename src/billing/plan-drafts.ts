/**
 * What `bill` should draft as of a date: one draft per due contract period not billed yet, and
 * one per customer and day for billable events (or one per event). Pure: state comes in, plans go out.
 */
import type { BusinessCalendar } from "../kernel/business-calendar.js";
import { type CalendarDate, parseInstant, todayIn } from "../kernel/dates.js";
import { CashloopError } from "../kernel/errors.js";
import type { CurrencyCode } from "../kernel/money.js";
import { isScheduleError, parseSchedule } from "../sources/schedule.js";
import { type BillingPeriod, periodsDue } from "./billing-periods.js";
import {
  type BillingProduct,
  contractPeriodLines,
  contractPeriodPrice,
  eventLines,
} from "./draft-lines.js";
import type { BilledPeriod, DraftLine, InvoiceSource } from "./model.js";
import { planChangeAdjustment, planChangeCatchUp } from "./plan-change.js";
import type { BillingContract, UnbilledEvent } from "./store.js";
import {
  addQuantities,
  groupByUsagePeriod,
  needsSupplemental,
  type UsageContract,
  type UsageGroup,
  usageLines,
} from "./usage-plan.js";

export type DraftPlan = {
  customerId: string;
  currency: CurrencyCode;
  source: InvoiceSource;
  periodStart: CalendarDate | null;
  periodEnd: CalendarDate | null;
  lines: DraftLine[];
  periods: BilledPeriod[];
  eventIds: string[];
  notes: string | null;
  contractAlwaysReview: boolean;
  contractExpectedChargeMinor: number | null;
  /** Plan changes this draft settles. */
  settledChangeIds: string[];
};

export type PlanInput = {
  asOf: CalendarDate;
  orgTimeZone: string;
  calendar: BusinessCalendar;
  groupEventsByDay: boolean;
  contracts: readonly BillingContract[];
  billedPeriodKeys: ReadonlySet<string>;
  events: readonly UnbilledEvent[];
  products: ReadonlyMap<string, BillingProduct>;
  customerCurrency: ReadonlyMap<string, CurrencyCode>;
};

export function planDrafts(input: PlanInput): DraftPlan[] {
  const usageByContract = new Map<string, UnbilledEvent[]>();
  const otherEvents: UnbilledEvent[] = [];
  for (const e of input.events) {
    if (e.kind === "usage_reported" && e.contractId) {
      usageByContract.set(e.contractId, [...(usageByContract.get(e.contractId) ?? []), e]);
    } else otherEvents.push(e);
  }
  return [
    ...input.contracts.flatMap((c) => contractPlans(c, usageByContract.get(c.id) ?? [], input)),
    ...eventPlans(otherEvents, input),
  ];
}

function contractPlans(
  contract: BillingContract,
  usage: UnbilledEvent[],
  input: PlanInput,
): DraftPlan[] {
  const schedule = parseSchedule(contract.schedule);
  if (isScheduleError(schedule)) {
    throw new CashloopError(
      "schedule_invalid",
      `contract ${contract.externalId}: ${schedule.error}`,
    );
  }
  const currency = contract.currency as CurrencyCode;
  const due = periodsDue({
    schedule,
    startOn: contract.startOn,
    endOn: contract.endOn,
    timing: contract.timing,
    calendar: input.calendar,
    asOf: input.asOf,
  }).filter((p) => !input.billedPeriodKeys.has(`${contract.id}:${p.start}`));
  let pendingUsage = usage;
  const meter = contract.usage
    ? usageMeter({ ...contract, schedule, currency, usage: contract.usage }, input)
    : null;
  const plans: DraftPlan[] = due.map((period) => {
    // Usage is billed with the first period billed on or after the day it was reported.
    const billedUsage = pendingUsage.filter(
      (e) => todayIn(input.orgTimeZone, e.occurredAt) <= period.billOn,
    );
    pendingUsage = pendingUsage.filter((e) => !billedUsage.includes(e));
    const lines = [
      ...contractPeriodLines(
        { id: contract.id, currency, lines: contract.lines },
        period,
        input.products,
      ),
      ...(meter ? meter.bill(billedUsage) : eventLines(billedUsage, input.products)),
    ];
    return {
      customerId: contract.customerId,
      currency,
      source: "contract" as const,
      periodStart: period.start,
      periodEnd: period.end,
      lines,
      periods: [{ contractId: contract.id, start: period.start, end: period.end }],
      eventIds: billedUsage.map((e) => e.id),
      notes: notesOf(billedUsage),
      contractAlwaysReview: contract.alwaysReview,
      contractExpectedChargeMinor: period.full
        ? contractPeriodPrice(contract.lines, currency, input.products)
        : null,
      settledChangeIds: [],
    };
  });
  if (meter) plans.push(...meter.supplementals(pendingUsage, contract));
  settleChanges(contract, due, plans, input.products);
  return plans;
}

/**
 * Plan changes: one inside a period billed now corrects that draft's days before the change; one
 * inside a period billed earlier (in advance) is credited and charged on this run's first draft;
 * one that starts a period needs no adjustment. A change waits when this run drafts nothing.
 */
function settleChanges(
  contract: BillingContract,
  due: BillingPeriod[],
  plans: DraftPlan[],
  products: PlanInput["products"],
): void {
  const currency = contract.currency as CurrencyCode;
  for (const change of contract.changes) {
    const inside = (p: { start: string; end: string }) =>
      p.start < change.effectiveOn && change.effectiveOn <= p.end;
    const now = due.findIndex(inside);
    const earlier = contract.billedPeriods.find(inside);
    const args = { contractId: contract.id, currency, change, products };
    if (now >= 0) {
      const period = due[now]!;
      plans[now]!.lines.push(...planChangeCatchUp({ ...args, period }));
      plans[now]!.settledChangeIds.push(change.id);
    } else if (earlier && plans[0]) {
      plans[0].lines.push(...planChangeAdjustment({ ...args, period: earlier }));
      plans[0].settledChangeIds.push(change.id);
    } else if (!earlier && plans[0]) {
      plans[0].settledChangeIds.push(change.id);
    }
  }
}

function eventPlans(events: UnbilledEvent[], input: PlanInput): DraftPlan[] {
  const groups = new Map<string, UnbilledEvent[]>();
  for (const e of events) {
    const day = todayIn(input.orgTimeZone, e.occurredAt);
    const key = input.groupEventsByDay ? `${e.customerId}:${day}` : e.id;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const currency = input.customerCurrency.get(first.customerId);
    if (!currency)
      throw new CashloopError("customer_not_found", `event ${first.id}: unknown customer`);
    return {
      customerId: first.customerId,
      currency,
      source: "events" as const,
      periodStart: null,
      periodEnd: null,
      lines: eventLines(group, input.products),
      periods: [],
      eventIds: group.map((e) => e.id),
      notes: notesOf(group),
      contractAlwaysReview: false,
      contractExpectedChargeMinor: null,
      settledChangeIds: [],
    };
  });
}

function notesOf(events: readonly UnbilledEvent[]): string | null {
  const notes = events.map((e) => e.notes).filter((n): n is string => Boolean(n));
  return notes.length > 0 ? notes.join("\n") : null;
}

/**
 * Usage of a contract with usage pricing: priced per usage period (included quantity, tiers),
 * counting what earlier drafts billed of the same period; usage that crosses the threshold before
 * its period is billed gets a supplemental draft now.
 */
function usageMeter(
  contract: UsageContract & {
    customerId: string;
    billedUsage: BillingContract["billedUsage"];
    alwaysReview: boolean;
  },
  input: PlanInput,
) {
  const billed = new Map<string, string>();
  const earlier = contract.billedUsage.map((e, i) => ({
    ...e,
    // json_build_object writes timestamptz as "…+00:00": normalise to an Instant.
    occurredAt: parseInstant(e.occurredAt),
    id: `billed-${i}`,
    kind: "usage_reported",
    customerId: contract.customerId,
    contractId: contract.id,
    notes: null,
  }));
  for (const g of groupByUsagePeriod(contract, earlier, input.orgTimeZone, input.calendar)) {
    billed.set(g.period.start, g.quantity);
  }
  const others = (events: UnbilledEvent[]) =>
    eventLines(
      events.map((e) => ({
        ...e,
        lines: e.lines.filter((l) => l.productCode !== contract.usage.productCode),
      })),
      input.products,
    );
  const price = (events: UnbilledEvent[], only?: (g: UsageGroup, before: string) => boolean) => {
    const lines: DraftLine[] = [];
    const used: UnbilledEvent[] = [];
    for (const g of groupByUsagePeriod(contract, events, input.orgTimeZone, input.calendar)) {
      const before = billed.get(g.period.start) ?? "0";
      if (only && !only(g, before)) continue;
      lines.push(...usageLines(contract, g, before, input.products));
      billed.set(g.period.start, addQuantities(before, g.quantity));
      used.push(...g.events);
    }
    return { lines: [...lines, ...others(used)], used };
  };
  return {
    bill: (events: UnbilledEvent[]) => price(events).lines,
    supplementals: (pending: UnbilledEvent[], c: BillingContract): DraftPlan[] => {
      const { lines, used } = price(pending, (g, before) => needsSupplemental(contract, g, before));
      if (used.length === 0) return [];
      const periodsOf = lines
        .map((l) => l.periodStart)
        .filter((d): d is CalendarDate => d !== null)
        .sort();
      const ends = lines
        .map((l) => l.periodEnd)
        .filter((d): d is CalendarDate => d !== null)
        .sort();
      return [
        {
          customerId: c.customerId,
          currency: contract.currency,
          source: "usage",
          periodStart: periodsOf[0] ?? null,
          periodEnd: ends.at(-1) ?? null,
          lines,
          periods: [],
          eventIds: used.map((e) => e.id),
          notes: notesOf(used),
          contractAlwaysReview: c.alwaysReview,
          contractExpectedChargeMinor: null,
          settledChangeIds: [],
        },
      ];
    },
  };
}
