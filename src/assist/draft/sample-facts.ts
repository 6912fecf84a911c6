/**
 * A demo fact sheet (Brightpath Services reminding Northwind Traders of one invoice), for
 * examples, tests and the offline `assist draft` demo. Pure data; overrides replace fields.
 */
import type { CalendarDate } from "../../kernel/dates.js";
import type { CurrencyCode } from "../../kernel/money.js";
import type { FactSheet, InvoiceFact } from "../model.js";

export function sampleInvoice(overrides: Partial<InvoiceFact> = {}): InvoiceFact {
  return {
    number: "INV-2026-000123",
    currency: "USD" as CurrencyCode,
    totalMinor: 120_000,
    balanceMinor: 120_000,
    issueDate: "2026-11-03" as CalendarDate,
    dueDate: "2026-12-03" as CalendarDate,
    daysOverdue: 3,
    ...overrides,
  };
}

/** Overdue by 3 days on 2026-12-06; totalDueMinor follows the invoices unless overridden. */
export function sampleFacts(overrides: Partial<FactSheet> = {}): FactSheet {
  const invoices = overrides.invoices ?? [sampleInvoice()];
  return {
    language: "en",
    channel: "email",
    step: "overdue_3",
    today: "2026-12-06" as CalendarDate,
    organisationName: "Brightpath Services",
    customerName: "Northwind Traders",
    contactName: "Ana López",
    segment: "corporate",
    relationship: "recurring",
    payerHistory: "punctual",
    currency: "USD" as CurrencyCode,
    totalDueMinor: invoices.reduce((sum, i) => sum + i.balanceMinor, 0),
    paymentLink: "https://pay.brightpath.example/i/7Hk2pQ",
    portalLink: "https://portal.brightpath.example/inv/9xZ4",
    history: { remindersSent: 1, lastReplyLabel: null, promisedOn: null },
    legalLanguageAllowed: false,
    ...overrides,
    invoices,
  };
}
