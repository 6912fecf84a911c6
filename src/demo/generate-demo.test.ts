import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  type CalendarDate,
  compareDates,
  dayOfWeek,
  localTimeIn,
  parseCalendarDate,
  parseInstant,
} from "../kernel/dates.js";
import { asCurrencyCode } from "../kernel/money.js";
import { PAYER_PROFILES } from "../sources/model.js";
import { demoCounts, demoMonthlyBilling } from "./demo-summary.js";
import {
  DEMO_DEFAULTS,
  DEMO_ORG_TIME_ZONE,
  type DemoData,
  type DemoOptions,
  generateDemo,
} from "./generate-demo.js";

const asOf = parseCalendarDate("2026-03-15");
const usd = asCurrencyCode("USD");
const defaults: DemoOptions = { ...DEMO_DEFAULTS, asOf, currency: usd };
const demo = generateDemo(defaults);

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const v of values) {
    if (seen.has(v)) repeated.push(v);
    seen.add(v);
  }
  return repeated;
}

/** Every cross-reference and id rule; returns the problems found, [] when the data is sound. */
function integrityProblems(data: DemoData, options: DemoOptions): string[] {
  const problems: string[] = [];
  const customers = new Set(data.customers.map((c) => c.externalId));
  const products = new Set(data.products.map((p) => p.code));
  const taxCodes = new Set(data.taxRates.map((t) => t.code));
  const contractOwner = new Map(data.contracts.map((c) => [c.externalId, c.customerExternalId]));
  const ids = [
    ...data.customers.map((c) => c.externalId),
    ...data.contacts.map((c) => c.externalId),
    ...data.contracts.map((c) => c.externalId),
    ...data.events.map((e) => e.externalId),
  ];
  for (const id of duplicates(ids)) problems.push(`duplicate id ${id}`);
  for (const p of data.products) if (!taxCodes.has(p.taxCode)) problems.push(`tax ${p.taxCode}`);
  for (const c of data.contacts) {
    if (!customers.has(c.customerExternalId)) problems.push(`contact ${c.externalId}`);
  }
  for (const c of data.contracts) {
    if (!customers.has(c.customerExternalId)) problems.push(`contract ${c.externalId}`);
    for (const l of c.lines)
      if (!products.has(l.productCode)) problems.push(`line ${c.externalId}`);
  }
  const start = addMonths(options.asOf, -options.months);
  for (const e of data.events) {
    if (!customers.has(e.customerExternalId)) problems.push(`event customer ${e.externalId}`);
    const owner = e.contractExternalId === null ? null : contractOwner.get(e.contractExternalId);
    if (owner !== null && owner !== e.customerExternalId) problems.push(`event ${e.externalId}`);
    for (const l of e.lines)
      if (!products.has(l.productCode)) problems.push(`line ${e.externalId}`);
    const local = localTimeIn(DEMO_ORG_TIME_ZONE, e.occurredAt);
    if (compareDates(local.date, options.asOf) > 0) problems.push(`future ${e.externalId}`);
    if (compareDates(local.date, start) < 0) problems.push(`before window ${e.externalId}`);
    if ([0, 6].includes(dayOfWeek(local.date))) problems.push(`weekend ${e.externalId}`);
    if (local.hour < 8 || local.hour > 17) problems.push(`after hours ${e.externalId}`);
  }
  const currencies = [...data.customers, ...data.products, ...data.contracts].map(
    (x) => x.currency,
  );
  for (const c of currencies) if (c !== options.currency) problems.push(`currency ${c}`);
  return problems;
}

describe("generateDemo", () => {
  it("is deterministic: the same options give deep-equal data, another seed differs", () => {
    expect(generateDemo({ ...defaults })).toEqual(demo);
    const other = generateDemo({ ...defaults, seed: 2 });
    expect(other).not.toEqual(demo);
    expect(other.customers.map((c) => c.legalName)).not.toEqual(
      demo.customers.map((c) => c.legalName),
    );
  });

  it("makes 40 customers with the default options: 32 recurring, 4 usage, 4 project", () => {
    expect(demo.customers).toHaveLength(40);
    expect(demo.contracts).toHaveLength(36);
    const counts = demoCounts(demo);
    expect(counts["events.usage_reported"]).toBeGreaterThanOrEqual(8);
    expect(counts["events.milestone_reached"]).toBeGreaterThan(0);
    expect(demo.taxRates.map((t) => t.code)).toEqual(["STD", "IVA16", "EXEMPT", "ZERO"]);
    expect(demo.products.length).toBeGreaterThanOrEqual(8);
  });

  it("ids are readable, zero-padded and unique; every reference resolves", () => {
    expect(demo.customers[0]?.externalId).toBe("CUS-0001");
    expect(demo.contacts[0]?.externalId).toBe("CON-0001");
    expect(demo.contracts[0]?.externalId).toBe("CTR-0001");
    expect(demo.events[0]?.externalId).toBe("EVT-000001");
    expect(integrityProblems(demo, defaults)).toEqual([]);
  });

  it("has every payer profile, both languages at about 70/30, and at least 5 time zones", () => {
    const profiles = new Set(demo.customers.map((c) => c.payerProfile));
    for (const p of PAYER_PROFILES) expect(profiles).toContain(p);
    const spanish = demo.customers.filter((c) => c.language === "es").length;
    expect(spanish).toBeGreaterThanOrEqual(6);
    expect(spanish).toBeLessThanOrEqual(18);
    expect(demo.customers.filter((c) => c.language === "en").length).toBeGreaterThan(spanish);
    const zones = new Set(demo.customers.map((c) => c.timeZone));
    expect(zones.size).toBeGreaterThanOrEqual(5);
    expect(zones).toContain("Asia/Tokyo");
    expect(zones).toContain("America/Mexico_City");
    expect(demo.customers.some((c) => /[áéíóúñ]/i.test(c.legalName))).toBe(true);
  });

  it("has review-tray material: bad emails, a missing address, a corporate without a tax id", () => {
    const bad = demo.contacts.filter((c) => c.email?.endsWith(".invalid"));
    expect(bad.length).toBeGreaterThanOrEqual(2);
    for (const c of demo.contacts) expect(c.email).toMatch(/^[a-z0-9.]+@[a-z0-9.]+\.[a-z]+$/);
    expect(demo.customers.some((c) => c.billingAddress === null)).toBe(true);
    expect(demo.customers.some((c) => c.segment === "corporate" && c.taxId === null)).toBe(true);
  });

  it("gives WhatsApp users an E.164 phone and opt-in", () => {
    const whatsapp = demo.customers.filter((c) => c.preferredChannels.includes("whatsapp"));
    expect(whatsapp.length).toBeGreaterThan(0);
    for (const customer of whatsapp) {
      const billing = demo.contacts.find((c) => c.customerExternalId === customer.externalId);
      expect(billing?.whatsappOptIn).toBe(true);
      expect(billing?.phone).toMatch(/^\+(1|52|34|57|81)\d{8,12}$/);
    }
  });

  it("mixes contract shapes: schedules, arrears, custom prices, end dates, two lines", () => {
    const schedules = new Set(demo.contracts.map((c) => c.schedule));
    for (const s of ["monthly", "monthly:day-15", "quarterly", "yearly"])
      expect(schedules).toContain(s);
    expect(demo.contracts.some((c) => c.timing === "arrears")).toBe(true);
    expect(demo.contracts.some((c) => c.endOn !== null && compareDates(c.endOn, asOf) > 0)).toBe(
      true,
    );
    expect(demo.contracts.some((c) => c.lines.length === 2)).toBe(true);
    const list = new Map(demo.products.map((p) => [p.code, p.unitPriceMinor]));
    const custom = demo.contracts.flatMap((c) => c.lines).filter((l) => l.unitPriceMinor !== null);
    expect(custom.length).toBeGreaterThan(0);
    for (const l of custom) expect(l.unitPriceMinor).not.toBe(list.get(l.productCode));
    for (const c of demo.contracts) expect(compareDates(c.startOn, asOf)).toBeLessThanOrEqual(0);
  });

  it("puts events only in the window, on weekdays, at working hours in the org zone", () => {
    expect(demo.events.length).toBeGreaterThan(0);
    const at = demo.events.map((e) => parseInstant(e.occurredAt));
    expect(at).toEqual([...at].sort()); // numbered in time order
    expect(integrityProblems(demo, defaults)).toEqual([]);
  });

  it("has jobs and approved quotes in every full week of the window", () => {
    const weeks = new Map<string, Set<string>>();
    for (const e of demo.events) {
      const day = localTimeIn(DEMO_ORG_TIME_ZONE, e.occurredAt).date;
      const monday = mondayOf(day);
      weeks.set(monday, (weeks.get(monday) ?? new Set()).add(e.kind));
    }
    const fullWeeks = [...weeks.keys()].slice(1, -1);
    expect(fullWeeks.length).toBeGreaterThanOrEqual(11);
    for (const monday of fullWeeks) {
      expect(weeks.get(monday)).toContain("job_completed");
      expect(weeks.get(monday)).toContain("quote_approved");
    }
    const note = demo.events.find((e) => e.kind === "job_completed")?.notes;
    expect(note).toMatch(/; \d+(\.5)? h (on site|remote)$/);
  });

  it("bills between 30,000 and 45,000 USD a month with 40 customers, for several seeds", () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const data = seed === 1 ? demo : generateDemo({ ...defaults, seed });
      const { monthlyMinor } = demoMonthlyBilling(data, defaults);
      expect(Number.isSafeInteger(monthlyMinor)).toBe(true);
      expect(monthlyMinor).toBeGreaterThanOrEqual(3_000_000);
      expect(monthlyMinor).toBeLessThanOrEqual(4_500_000);
    }
  });

  it("prices everything in the requested currency, in integer minor units", () => {
    for (const code of ["EUR", "JPY", "KWD"]) {
      const options = { ...defaults, currency: asCurrencyCode(code), customers: 25 };
      const data = generateDemo(options);
      expect(integrityProblems(data, options)).toEqual([]);
      for (const p of data.products) expect(Number.isSafeInteger(p.unitPriceMinor)).toBe(true);
    }
    const jpy = generateDemo({ ...defaults, currency: asCurrencyCode("JPY") });
    expect(jpy.products.find((p) => p.code === "RETAINER")?.unitPriceMinor).toBe(1_100);
  });

  it("rejects options outside its limits", () => {
    expect(() => generateDemo({ ...defaults, customers: 0 })).toThrow(/customers/);
    expect(() => generateDemo({ ...defaults, months: 1.5 })).toThrow(/months/);
    expect(() => generateDemo({ ...defaults, asOf: "2026-02-30" as CalendarDate })).toThrow();
  });

  it("keeps its invariants for any seed, size, window and date", () => {
    const options = fc.record({
      seed: fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
      customers: fc.integer({ min: 1, max: 120 }),
      months: fc.integer({ min: 1, max: 6 }),
      asOf: fc
        .date({ min: new Date("2020-01-01"), max: new Date("2030-12-31"), noInvalidDate: true })
        .map((d) => parseCalendarDate(d.toISOString().slice(0, 10))),
    });
    fc.assert(
      fc.property(options, (o) => {
        const opts = { ...o, currency: usd };
        expect(integrityProblems(generateDemo(opts), opts)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  // No timing assertion: the bench (bench/demo-size.ts) measures; a busy CI machine only gets a
  // wider timeout.
  it("generates 100,000 customers with unique names and wider ids", { timeout: 180_000 }, () => {
    const big = generateDemo({ ...defaults, customers: 100_000 });
    expect(big.customers).toHaveLength(100_000);
    expect(big.contracts).toHaveLength(90_000);
    expect(big.contacts.length).toBeGreaterThan(100_000);
    expect(big.events.length).toBeGreaterThan(100_000);
    expect(big.customers.at(-1)?.externalId).toBe("CUS-100000");
    expect(big.contacts.at(-1)?.externalId).toMatch(/^CON-\d{6}$/);
    expect(duplicates(big.customers.map((c) => c.legalName))).toEqual([]);
  });
});

function mondayOf(day: CalendarDate): CalendarDate {
  return addDays(day, -((dayOfWeek(day) + 6) % 7));
}
