import { getInvoice, listInvoices } from "../billing/store.js";
import type { Instant } from "../kernel/dates.js";
import { daysBetween, todayIn } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { Organisation } from "../sources/model.js";
import type { Channel, DraftStep, FactSheet, Language } from "./model.js";

/**
 * The facts a message about one issued invoice may state, read from the database: amounts,
 * dates, numbers and links come from here and nowhere else.
 */
export async function invoiceFactSheet(
  db: Queryable,
  input: {
    org: Organisation;
    invoice: string;
    step: DraftStep;
    channel?: Channel;
    language?: Language;
    now: Instant;
    /** The base of customer-facing links (the portal page is `${publicUrl}/i/<token>`). */
    publicUrl: string;
  },
): Promise<FactSheet> {
  const invoice = await getInvoice(db, input.org.id, input.invoice);
  if (invoice?.status !== "issued" || !invoice.number || !invoice.issueDate) {
    throw new CashloopError(
      "invoice_not_issued",
      `${input.invoice}: no issued invoice with that number`,
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
    [input.org.id, invoice.customerId],
  );
  const [contact] = await db.query<{ name: string }>(
    `SELECT name FROM contacts WHERE org_id = $1 AND customer_id = $2 AND role = 'billing' ORDER BY external_id LIMIT 1`,
    [input.org.id, invoice.customerId],
  );
  if (!customer) throw new CashloopError("customer_not_found", `the invoice's customer is missing`);
  const today = todayIn(customer.timeZone, input.now);
  const issued = await listInvoices(db, input.org.id, {
    statuses: ["issued"],
    customerId: invoice.customerId,
  });
  const lateBefore = issued.some(
    (i) => i.id !== invoice.id && i.dueDate !== null && i.balance > 0 && i.dueDate < today,
  );
  const dueDate = invoice.dueDate ?? invoice.issueDate;
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
    invoices: [
      {
        number: invoice.number,
        currency: invoice.currency as CurrencyCode,
        totalMinor: invoice.total,
        balanceMinor: invoice.balance,
        issueDate: invoice.issueDate,
        dueDate,
        daysOverdue: daysBetween(dueDate, today),
      },
    ],
    currency: invoice.currency as CurrencyCode,
    totalDueMinor: invoice.balance,
    paymentLink: null,
    portalLink: invoice.portalToken ? `${input.publicUrl}/i/${invoice.portalToken}` : null,
    history: { remindersSent: 0, lastReplyLabel: null, promisedOn: null },
    legalLanguageAllowed: false,
  };
}
