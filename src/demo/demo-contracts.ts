/** Demo contracts: retainers and maintenance plans for recurring customers, platform fees for usage ones. */
import { addDays, addMonths, type CalendarDate, startOfMonth } from "../kernel/dates.js";
import { type CurrencyCode, money, multiplyByQuantity } from "../kernel/money.js";
import type { Random } from "../kernel/random.js";
import type { ContractInput, LineInput, ProductInput } from "../sources/model.js";
import { listPrice, P } from "./demo-catalogue.js";
import type { DemoCustomer } from "./demo-customers.js";
import { chance, externalId, idWidth, priceMinor, stepBetween } from "./demo-util.js";

/** A usage customer's contract and how much it typically reports a month. */
export type UsagePlan = {
  customerExternalId: string;
  contractExternalId: string;
  productCode: string;
  /** Typical monthly quantity in tenths (API: thousands of calls ×10; support: hours ×10). */
  baseTenths: number;
};

type Ctx = {
  random: Random;
  products: readonly ProductInput[];
  currency: CurrencyCode;
  asOf: CalendarDate;
};

/** How far back contracts start: spread over the 18 months before asOf. */
const startBackDaysMax = 540;

function scheduleFor(random: Random, ordinal: number): string {
  if (ordinal % 32 === 13) return "yearly";
  if (ordinal % 16 === 5) return "quarterly";
  return chance(random, 0.12) ? "monthly:day-15" : "monthly";
}

function periodMonths(schedule: string): number {
  if (schedule === "yearly") return 12;
  if (schedule === "quarterly") return 3;
  return 1;
}

/** Mostly the first of a month; about one in five starts mid-month. Never after asOf. */
function startFor(ctx: Ctx, table: StartTable, schedule: string): CalendarDate {
  const back = ctx.random.int(startBackDaysMax);
  const midMonth = schedule.startsWith("monthly") && chance(ctx.random, 0.2);
  return (midMonth ? table.days[back] : table.monthStarts[back]) ?? ctx.asOf;
}

/** The days before asOf (index 0 is the day before) and their months' first days, built once. */
type StartTable = { days: CalendarDate[]; monthStarts: CalendarDate[] };

function startTable(asOf: CalendarDate): StartTable {
  const days = Array.from({ length: startBackDaysMax }, (_, i) => addDays(asOf, -(i + 1)));
  return { days, monthStarts: days.map(startOfMonth) };
}

/** A price `cents` away from the list price; bumped one step when it would equal it. */
function customPrice(ctx: Ctx, code: string, range: [number, number, number]): number {
  const [min, max, step] = range;
  const price = priceMinor(stepBetween(ctx.random, min, max, step), ctx.currency);
  return price === listPrice(ctx.products, code) ? price + priceMinor(step, ctx.currency) : price;
}

function line(code: string, months: number, price: number | null, description: string | null) {
  return { productCode: code, quantity: String(months), unitPriceMinor: price, description };
}

/** Yearly plans are paid up front at 10 % off the monthly price. */
function annualPrice(ctx: Ctx, code: string, price: number | null): number {
  const monthly = money(price ?? listPrice(ctx.products, code), ctx.currency);
  return multiplyByQuantity(monthly, "0.9").amountMinor;
}

/** One recurring customer in four is on a retainer, the rest on maintenance plans. */
function recurringLines(
  ctx: Ctx,
  customer: DemoCustomer,
  ordinal: number,
  schedule: string,
): LineInput[] {
  const { random } = ctx;
  const months = periodMonths(schedule);
  const retainer = ordinal % 4 === 0;
  let code: string;
  let price: number | null = null;
  if (retainer) {
    code = P.retainer;
    if (chance(random, 0.55)) price = customPrice(ctx, code, [50_000, 180_000, 5_000]);
  } else {
    code =
      customer.country === "MX"
        ? P.maintenanceMx
        : chance(random, 0.5)
          ? P.maintenance
          : P.maintenancePro;
    if (chance(random, 0.4)) price = customPrice(ctx, code, [15_000, 80_000, 2_500]);
  }
  if (months === 12) price = annualPrice(ctx, code, price);
  const note =
    months === 12
      ? "Annual plan, 10% prepayment discount"
      : price === null
        ? null
        : "Negotiated rate";
  const lines = [line(code, months, price, note)];
  if (chance(random, 0.15)) {
    const extra = retainer ? P.maintenance : P.onsite;
    const perMonth = retainer ? 1 : 2;
    const text = retainer ? null : "Two scheduled on-site visits a month";
    lines.push(line(extra, perMonth * months, null, text));
  }
  return lines;
}

function endFor(ctx: Ctx, ordinal: number): CalendarDate | null {
  if (ordinal % 20 !== 9) return null;
  return addDays(addMonths(ctx.asOf, 1 + ctx.random.int(2)), ctx.random.int(20));
}

function usageLines(ctx: Ctx): LineInput[] {
  const price = chance(ctx.random, 0.4)
    ? customPrice(ctx, P.platform, [25_000, 60_000, 5_000])
    : null;
  return [line(P.platform, 1, price, "Base platform fee; usage billed monthly in arrears")];
}

function usagePlan(ctx: Ctx, customer: DemoCustomer, contractExternalId: string): UsagePlan {
  const api = customer.country === "US"; // abroad: remote support hours, zero-rated export
  return {
    customerExternalId: customer.input.externalId,
    contractExternalId,
    productCode: api ? P.apiCalls : P.supportHours,
    baseTenths: api
      ? stepBetween(ctx.random, 1_500, 7_000, 100)
      : stepBetween(ctx.random, 60, 160, 5),
  };
}

/** One contract per recurring and usage customer, numbered CTR-0001… in customer order. */
export function generateContracts(
  ctx: Ctx,
  customers: readonly DemoCustomer[],
): { contracts: ContractInput[]; usagePlans: UsagePlan[] } {
  const billed = customers.filter((c) => c.kind !== "project");
  const width = idWidth(billed.length, 4);
  const contracts: ContractInput[] = [];
  const usagePlans: UsagePlan[] = [];
  const starts = startTable(ctx.asOf);
  let ordinal = 0;
  for (const customer of billed) {
    const id = externalId("CTR", contracts.length + 1, width);
    const usage = customer.kind === "usage";
    const schedule = usage ? "monthly" : scheduleFor(ctx.random, ordinal);
    contracts.push({
      externalId: id,
      customerExternalId: customer.input.externalId,
      schedule,
      startOn: startFor(ctx, starts, schedule),
      endOn: usage ? null : endFor(ctx, ordinal),
      timing: !usage && ordinal % 7 === 3 ? "arrears" : "advance",
      currency: ctx.currency,
      lines: usage ? usageLines(ctx) : recurringLines(ctx, customer, ordinal, schedule),
      usage: null,
    });
    if (usage) usagePlans.push(usagePlan(ctx, customer, id));
    else ordinal++;
  }
  return { contracts, usagePlans };
}
