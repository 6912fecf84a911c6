import type { Invoice } from "../billing/model.js";
import { getInvoice, listInvoices } from "../billing/store.js";
import type { CalendarDate, Instant } from "../kernel/dates.js";
import { daysBetween, todayIn } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { Organisation } from "../sources/model.js";
import type { Channel, DraftStep, FactSheet, InvoiceFact, Language } from "./model.js";

/**
 * The facts a message about issued invoices of one customer may state, read from the database:
 * amounts, dates, numbers and links come from here and nowhere else.
 */
export async function invoiceFactSheet(
  db: Queryable,
  input: {
    org: Organisation;
    /** Ids or numbers of issued invoices of one customer (several go into one message). */
    invoices: readonly string[];
    step: DraftStep;
    channel?: Channel;
    language?: Language;
    now: Instant;
    /** The base of customer-facing links (the portal page is `${publicUrl}/i/<token>`). */
    publicUrl: string;
    /** A card payment link stored for the (single) invoice. */
    paymentLink?: string | null;
    history?: FactSheet["history"];
  },
): Promise<FactSheet> {
  const found: Invoice[] = [];
  for (const ref of input.invoices) {
    const invoice = await getInvoice(db, input.org.id, ref);
    if (invoice?.status !== "issued" || !invoice.number || !invoice.issueDate) {
      throw new CashloopError("invoice_not_issued", `${ref}: no issued invoice with that number`);
    }
    found.push(invoice);
  }
  const first = found[0];
  if (!first) throw new CashloopError("invoice_missing", "name at least one invoice");
  if (found.some((i) => i.customerId !== first.customerId || i.currency !== first.currency)) {
    throw new CashloopError(
      "invoices_mixed",
      "one message covers invoices of one customer in one currency",
    );
  }
  const [customer] = await db.query<{
    legalName: string;
    segment: FactSheet["segment"];
    language: string;
    timeZone: string;
    channels: string[];
  }>(
    `SELECT legal_name AS "legalName", segment, language, time_zone AS "timeZone", preferred_channels AS channels
       FROM customers WHERE org_id = $1 AND id = $2`,
    [input.org.id, first.customerId],
  );
  const [contact] = await db.query<{ name: string }>(
    `SELECT name FROM contacts WHERE org_id = $1 AND customer_id = $2 AND role = 'billing' ORDER BY external_id LIMIT 1`,
    [input.org.id, first.customerId],
  );
  if (!customer) throw new CashloopError("customer_not_found", `the invoice's customer is missing`);
  const today = todayIn(customer.timeZone, input.now);
  const issued = await listInvoices(db, input.org.id, {
    statuses: ["issued"],
    customerId: first.customerId,
  });
  const inMessage = new Set(found.map((i) => i.id));
  const lateBefore = issued.some(
    (i) => !inMessage.has(i.id) && i.dueDate !== null && i.balance > 0 && i.dueDate < today,
  );
  const facts: InvoiceFact[] = found.map((invoice) => {
    const dueDate = invoice.dueDate ?? (invoice.issueDate as CalendarDate);
    return {
      number: invoice.number as string,
      currency: invoice.currency as CurrencyCode,
      totalMinor: invoice.total,
      balanceMinor: invoice.balance,
      issueDate: invoice.issueDate as CalendarDate,
      dueDate,
      daysOverdue: daysBetween(dueDate, today),
    };
  });
  return {
    language: input.language ?? (customer.language.startsWith("es") ? "es" : "en"),
    channel:
      input.channel ??
      (customer.channels.includes("whatsapp") && !customer.channels.includes("email")
        ? "whatsapp"
        : "email"),
    step: input.step,
    today,
    organisationName: input.org.name,
    customerName: customer.legalName,
    contactName: contact?.name ?? null,
    segment: customer.segment,
    relationship: issued.filter((i) => i.kind === "invoice").length <= 1 ? "new" : "recurring",
    payerHistory: lateBefore ? "late" : "punctual",
    invoices: facts,
    currency: first.currency as CurrencyCode,
    totalDueMinor: found.reduce((sum, i) => sum + i.balance, 0),
    paymentLink: found.length === 1 ? (input.paymentLink ?? null) : null,
    portalLink: first.portalToken ? `${input.publicUrl}/i/${first.portalToken}` : null,
    history: input.history ?? { remindersSent: 0, lastReplyLabel: null, promisedOn: null },
    legalLanguageAllowed: false,
  };
}
