import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../../kernel/dates.js";
import type { CurrencyCode } from "../../kernel/money.js";
import type { FactSheet, Language } from "../model.js";
import { checkFacts } from "./fact-check.js";
import { sampleFacts, sampleInvoice } from "./sample-facts.js";
import { renderTemplate } from "./templates.js";

/** Two invoices: $1,200.00 due Thu 2026-12-03 (3 days overdue), $350.50 due 2026-12-10. */
function facts(language: Language, overrides: Partial<FactSheet> = {}): FactSheet {
  return sampleFacts({
    language,
    invoices: [
      sampleInvoice(),
      sampleInvoice({
        number: "INV-2026-000130",
        totalMinor: 35_050,
        balanceMinor: 35_050,
        issueDate: "2026-11-10" as CalendarDate,
        dueDate: "2026-12-10" as CalendarDate,
        daysOverdue: -4,
      }),
    ],
    paymentLink: "https://pay.example.com/i/abc",
    portalLink: "https://portal.example.com/x",
    ...overrides,
  });
}

const check = (language: Language, text: string, overrides: Partial<FactSheet> = {}) =>
  checkFacts({ subject: null, body: text }, facts(language, overrides));

describe("checkFacts: accepted spellings of the facts", () => {
  const accepted: [Language, string][] = [
    ["en", "You owe $1,200.00 on INV-2026-000123."],
    ["en", "USD 1,200 is open."],
    ["en", "A balance of 1,200.00 USD."],
    ["en", "US$1,200 remains."],
    ["en", "$1,200.00 USD, thanks."],
    ["en", "1,200 dollars in total."],
    ["en", "Also 350.5 on the second one."],
    ["en", "The total is $1,550.50."],
    ["en", "Due Dec 3."],
    ["en", "Due Dec. 3rd, 2026."],
    ["en", "Due December 3, 2026."],
    ["en", "Due on Thursday, December 3, 2026."],
    ["en", "Due 3 December 2026."],
    ["en", "Due 12/03/2026."],
    ["en", "Due 2026-12-03."],
    ["en", "Written today, December 6."],
    ["en", "It is 3 days overdue; the other is due in 4 days."],
    ["en", "You have 2 invoices open, 1 overdue."],
    ["en", "Your 2026 statement."],
    ["en", "Pay at https://pay.example.com/i/abc."],
    ["en", "Or see https://portal.example.com/x, thanks."],
    ["en", "This is reminder 2."],
    ["es", "Debe 1.200,00 US$ de la factura INV-2026-000123."],
    ["es", "Saldo: US$1.200."],
    ["es", "Saldo: USD 1,200.00."],
    ["es", "Saldo: 1\u00a0200,00\u00a0US$."],
    ["es", "Son 1.200 dólares."],
    ["es", "Y 350,50 USD de la otra."],
    ["es", "Venció el 3 de diciembre de 2026."],
    ["es", "Venció el 3 de diciembre."],
    ["es", "Venció el 3 dic."],
    ["es", "Venció el 03/12/2026."],
    ["es", "Venció el jueves 3 de diciembre."],
    ["es", "Tiene 3 días de atraso."],
    ["es", "Tiene 2 facturas pendientes."],
  ];
  it.each(accepted)("%s: %s", (language, text) => {
    expect(check(language, text)).toEqual({ ok: true, offending: [] });
  });

  it("accepts digits inside the names of the organisation, customer and contact", () => {
    const result = check("en", "7-Eleven Store 42 owes $1,200.00.", {
      customerName: "7-Eleven Store 42",
    });
    expect(result).toEqual({ ok: true, offending: [] });
  });

  it("reads KWD and JPY with their own decimals", () => {
    const kwd = "KWD" as CurrencyCode;
    const jpy = "JPY" as CurrencyCode;
    const sheet = (currency: CurrencyCode, minor: number) => ({
      currency,
      totalDueMinor: minor,
      invoices: [sampleInvoice({ currency, totalMinor: minor, balanceMinor: minor })],
    });
    expect(check("en", "KWD 1.234 is due.", sheet(kwd, 1234)).ok).toBe(true);
    expect(check("en", "¥5,000 is due.", sheet(jpy, 5000)).ok).toBe(true);
    expect(check("en", "¥5,000.50 is due.", sheet(jpy, 5000)).offending).toEqual(["¥5,000.50"]);
  });
});

describe("checkFacts: offending text, reported verbatim", () => {
  const offending: [Language, string, string][] = [
    ["en", "You owe $1,200.01 today.", "$1,200.01"],
    ["en", "You owe USD 1,199.99 today.", "USD 1,199.99"],
    ["en", "You owe €1,200.00 today.", "€1,200.00"],
    ["en", "You owe 1,200 pesos today.", "1,200 pesos"],
    ["en", "It was due December 5, 2026.", "December 5, 2026"],
    ["en", "It was due 12/05/2026.", "12/05/2026"],
    ["en", "It was due on Friday, December 3.", "Friday, December 3"],
    ["en", "It was due February 30, 2026.", "February 30, 2026"],
    ["en", "See invoice INV-2026-000124.", "INV-2026-000124"],
    ["en", "See invoice inv-2026-000123.", "inv-2026-000123"],
    ["en", "Pay at https://pay.evil.example/i/abc today.", "https://pay.evil.example/i/abc"],
    ["en", "Pay at https://pay.example.com/i/abcd today.", "https://pay.example.com/i/abcd"],
    ["en", "Pay at pay.example.com/i/abc today.", "pay.example.com/i/abc"],
    ["en", "Write to billing@brightpath.example today.", "billing@brightpath.example"],
    ["en", "Please pay by 9:00 tomorrow.", "9:00"],
    ["en", "Please pay by 5 pm tomorrow.", "5 pm"],
    ["en", "A 5% late fee applies.", "5%"],
    ["en", "It is 10 days overdue.", "10 days"],
    ["en", "You have 3 invoices open.", "3 invoices"],
    ["en", "Call +52 55 1234 5678 now.", "+52 55 1234 5678"],
    ["en", "Your 2027 plan.", "2027"],
    ["en", "A total of 999.", "999"],
    ["es", "Debe 1.200,01 US$.", "1.200,01 US$"],
    ["es", "Venció el 5 de diciembre de 2026.", "5 de diciembre de 2026"],
    ["es", "Venció el 05/12/2026.", "05/12/2026"],
    ["es", "Venció el 4 dic.", "4 dic"],
    ["es", "Vea la factura F-2026-77.", "F-2026-77"],
    ["es", "Tiene 10 días de atraso.", "10 días"],
  ];
  it.each(offending)("%s: %s → %s", (language, text, bad) => {
    expect(check(language, text)).toEqual({ ok: false, offending: [bad] });
  });

  it("reports each offending text once, in order of the passes", () => {
    const result = check("en", "INV-9 for $5.00 by December 9, see INV-9 at https://x.example/p");
    expect(result.ok).toBe(false);
    expect(result.offending).toEqual(["https://x.example/p", "December 9", "$5.00", "INV-9"]);
  });

  it("checks the subject too", () => {
    const sheet = facts("en");
    const result = checkFacts({ subject: "Invoice INV-2026-000999", body: "Hello." }, sheet);
    expect(result).toEqual({ ok: false, offending: ["INV-2026-000999"] });
  });
});

describe("checkFacts on a built-in message with one fact changed", () => {
  const sheet = sampleFacts({ channel: "email", language: "en" });
  const draft = renderTemplate(sheet);

  it("accepts the message as written", () => {
    expect(checkFacts(draft, sheet)).toEqual({ ok: true, offending: [] });
  });

  it.each([
    ["an amount a cent off", "$1,200.00", "$1,200.01"],
    ["a made-up due date", "December 3, 2026", "December 4, 2026"],
    ["a made-up invoice number", "INV-2026-000123", "INV-2026-000321"],
    [
      "a foreign link",
      "https://pay.brightpath.example/i/7Hk2pQ",
      "https://brightpath-pay.example/x",
    ],
  ])("rejects %s", (_what, fact, fake) => {
    const body = draft.body.replace(fact, fake);
    expect(body).not.toBe(draft.body);
    expect(checkFacts({ ...draft, body }, sheet)).toEqual({ ok: false, offending: [fake] });
  });
});
