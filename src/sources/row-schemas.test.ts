import { describe, expect, it } from "vitest";
import { asCurrencyCode } from "../kernel/money.js";
import { normaliseDecimal } from "./row-fields.js";
import {
  contactFromRow,
  contractLineFromRow,
  customerFromRow,
  eventLineFromRow,
  parsePaymentTerms,
  productFromRow,
  taxRateFromRow,
} from "./row-schemas.js";

const defaults = { currency: asCurrencyCode("USD") };

/** The issues of one converted row as "column: reason". */
function problems(result: { issues: readonly { column: string; reason: string }[] }): string[] {
  return result.issues.map((i) => `${i.column}: ${i.reason}`);
}

const customer = {
  external_id: "C-1",
  legal_name: "Acme",
  currency: "USD",
  language: "en",
  time_zone: "America/New_York",
  payment_terms: "net 30",
  segment: "corporate",
};

describe("customerFromRow", () => {
  const convert = (values: Record<string, string>) =>
    customerFromRow({ ...customer, ...values }, 7, "c.csv", defaults);

  it("defaults: no address, email channel, no payer profile", () => {
    expect(convert({}).record).toMatchObject({
      billingAddress: null,
      preferredChannels: ["email"],
      payerProfile: null,
      taxId: null,
    });
  });

  it("collects every problem of a row, with file and line", () => {
    const result = convert({
      legal_name: "",
      currency: "USX",
      language: "fr",
      time_zone: "Mars/Olympus",
      payment_terms: "net 400",
      segment: "enterprise",
      preferred_channels: "email|sms",
      payer_profile: "slow",
      city: "Lima",
    });
    expect(result.record).toBeNull();
    expect(result.issues.every((i) => i.file === "c.csv" && i.line === 7)).toBe(true);
    expect(problems(result)).toEqual([
      "legal_name: is required but empty",
      "address_line1: is required when any address column is filled",
      "country: is required when any address column is filled",
      'currency: unknown currency "USX"; use an ISO 4217 code like USD or MXN',
      'language: language must be en or es, optionally with a region like es-MX: "fr"',
      'time_zone: unknown time zone "Mars/Olympus"; use an IANA name like America/Mexico_City',
      'payment_terms: payment terms days must be 0 to 365: "net 400"',
      'segment: must be one of corporate, small_business, individual: "enterprise"',
      'preferred_channels: unknown channel "sms"; use email, whatsapp or email|whatsapp',
      'payer_profile: must be one of punctual, few_days_late, chronically_late, partial_payer, disputer, bank_transfer_messy_reference, card_payer: "slow"',
    ]);
  });

  it.each([
    ["es", "es"],
    ["ES-mx", "es-MX"],
    ["en_us", "en-US"],
  ])("language %j → %j", (language, expected) => {
    expect(convert({ language }).record?.language).toBe(expected);
  });

  it("refuses a country that is not an ISO 3166-1 code", () => {
    const result = convert({ address_line1: "1 Main", city: "London", country: "UK" });
    expect(problems(result)).toEqual([
      'country: country must be an ISO 3166-1 two-letter code like MX or US: "UK"',
    ]);
  });
});

describe("parsePaymentTerms", () => {
  it.each([
    ["net 30", { kind: "net", days: 30 }],
    ["net30", { kind: "net", days: 30 }],
    ["NET_30", { kind: "net", days: 30 }],
    ["net-30", { kind: "net", days: 30 }],
    ["net 0", { kind: "net", days: 0 }],
    ["net 365", { kind: "net", days: 365 }],
    ["eom", { kind: "end_of_month", days: 0 }],
    ["eom 15", { kind: "end_of_month", days: 15 }],
    ["end_of_month 15", { kind: "end_of_month", days: 15 }],
    ["on_receipt", { kind: "on_receipt" }],
    ["Due on receipt", { kind: "on_receipt" }],
  ])("%j", (text, expected) => {
    expect(parsePaymentTerms(text)).toEqual(expected);
  });

  it.each(["net 366", "net", "30 days", "eom -5", "net 3.5"])("%j is refused", (text) => {
    expect(typeof parsePaymentTerms(text)).toBe("string");
  });
});

describe("contactFromRow", () => {
  const convert = (values: Record<string, string>) =>
    contactFromRow(
      { external_id: "P-1", customer_external_id: "C-1", name: "Bob", ...values },
      3,
      "p.csv",
      defaults,
    );

  it("explains a bad email and a phone not in E.164 form", () => {
    expect(problems(convert({ email: "bob@", phone: "555-1234" }))).toEqual([
      'email: not a valid email address: "bob@"',
      'phone: phone must be in E.164 form like +14155550123: "555-1234"',
    ]);
  });

  it.each(["bob@example", "bob @example.com", "a@b@example.com", "bob@.com", "bob@example.c"])(
    "refuses the email %j",
    (email) => {
      expect(convert({ email }).record).toBeNull();
    },
  );

  it.each(["b.o+b@mail.example.co.uk", "ñandú@example.mx"])("accepts the email %j", (email) => {
    expect(convert({ email }).record?.email).toBe(email);
  });

  it("needs an email or a phone, and a phone for WhatsApp", () => {
    expect(problems(convert({ whatsapp_opt_in: "1" }))).toEqual([
      "email: a contact needs an email or a phone; both are empty",
      "whatsapp_opt_in: is true but the contact has no phone to message",
    ]);
  });

  it("refuses an unknown role and a bad boolean", () => {
    expect(
      problems(convert({ email: "b@example.com", role: "boss", whatsapp_opt_in: "maybe" })),
    ).toEqual([
      'role: must be one of billing, primary, other: "boss"',
      'whatsapp_opt_in: must be true or false (yes/no, 1/0 also work): "maybe"',
    ]);
  });
});

describe("productFromRow", () => {
  const convert = (values: Record<string, string>) =>
    productFromRow({ code: "A", name: "A", tax_code: "T", ...values }, 2, "p.csv", defaults);

  it.each([
    ["-5.00", 'unit_price: unit_price must not be negative: "-5.00"'],
    ["1.234", 'unit_price: USD amounts have 2 decimal places at most: "1.234"'],
    [
      "1,50",
      'unit_price: unit_price must be a number with "." as the decimal point, like 150.00: "1,50"',
    ],
    ["", "unit_price: is required but empty"],
  ])("unit_price %j", (unit_price, problem) => {
    expect(problems(convert({ unit_price }))).toEqual([problem]);
  });

  it("parses the price in the row's currency", () => {
    expect(convert({ unit_price: "1500", currency: "jpy" }).record).toMatchObject({
      unitPriceMinor: 1500,
      currency: "JPY",
    });
    expect(convert({ unit_price: "1.5", currency: "KWD" }).record?.unitPriceMinor).toBe(1500);
  });
});

describe("taxRateFromRow", () => {
  const convert = (values: Record<string, string>) =>
    taxRateFromRow({ code: "T", name: "Tax", ...values }, 2, "t.csv", defaults);

  it.each([
    ["16", 1600],
    ["8.25", 825],
    ["0", 0],
    ["16 %", 1600],
    ["1000", 100_000],
  ])("rate %j → %i bps", (rate, rateBps) => {
    expect(convert({ rate }).record?.rateBps).toBe(rateBps);
  });

  it.each(["8.255", "-1", "1000.01", "abc", "16,5"])("rate %j is refused", (rate) => {
    expect(problems(convert({ rate }))[0]).toMatch(/^rate: rate must be a percent from 0 to 1000/);
  });

  it("needs rate 0 when exempt or zero-rated, and not both", () => {
    expect(problems(convert({ rate: "16", exempt: "true" }))).toEqual([
      'rate: must be 0 for an exempt tax: "16"',
    ]);
    expect(problems(convert({ rate: "0", exempt: "yes", zero_rated: "yes" }))).toEqual([
      "zero_rated: a tax rate cannot be both exempt and zero_rated",
    ]);
    expect(convert({ rate: "0", zero_rated: "true" }).record).toMatchObject({
      zeroRated: true,
      exempt: false,
    });
  });
});

describe("contractLineFromRow and eventLineFromRow", () => {
  const contract = {
    external_id: "K-1",
    customer_external_id: "C-1",
    schedule: "monthly",
    start_on: "2026-03-01",
    product_code: "A",
  };

  it("explains bad dates, schedules, quantities and timings", () => {
    const result = contractLineFromRow(
      {
        ...contract,
        schedule: "biweekly",
        start_on: "2026-13-01",
        end_on: "2026-02-30",
        quantity: "-2",
        timing: "later",
      },
      4,
      "k.csv",
      defaults,
    );
    expect(problems(result)).toEqual([
      'schedule: unknown schedule "biweekly"; expected monthly, monthly:first-business-day, monthly:day-N, weekly:mon…sun, quarterly, yearly or rrule:FREQ=…',
      'start_on: date must be YYYY-MM-DD: "2026-13-01"',
      'end_on: date must be YYYY-MM-DD: "2026-02-30"',
      'timing: must be one of advance, arrears: "later"',
      'quantity: quantity must not be negative: "-2"',
    ]);
  });

  it("refuses an end before the start", () => {
    const result = contractLineFromRow({ ...contract, end_on: "2026-02-28" }, 4, "k.csv", defaults);
    expect(problems(result)).toEqual(["end_on: end_on 2026-02-28 is before start_on 2026-03-01"]);
    expect(
      contractLineFromRow({ ...contract, end_on: "2026-03-01" }, 4, "k.csv", defaults).issues,
    ).toEqual([]);
  });

  it("refuses an event time without a zone and an unknown kind", () => {
    const result = eventLineFromRow(
      {
        external_id: "E-1",
        kind: "sale",
        customer_external_id: "C-1",
        occurred_at: "2026-03-01T10:00",
        product_code: "A",
      },
      5,
      "e.csv",
      defaults,
    );
    expect(result.issues.map((i) => i.column)).toEqual(["kind", "occurred_at"]);
  });
});

describe("normaliseDecimal", () => {
  it.each([
    [1n, 0, "1"],
    [750n, 2, "7.5"],
    [5n, 2, "0.05"],
    [1000n, 3, "1"],
    [0n, 4, "0"],
    [-125n, 1, "-12.5"],
  ])("%s / 10^%i → %s", (units, scale, text) => {
    expect(normaliseDecimal(units, scale)).toBe(text);
  });
});
