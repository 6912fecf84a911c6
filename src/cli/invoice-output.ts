import {
  type App,
  CashloopError,
  formatMoney,
  getInvoice,
  type Invoice,
  type InvoiceSummary,
  listInvoices,
  money,
  type Organisation,
  settlementOf,
} from "../app/index.js";
import { type Io, printJson, printTable } from "./output.js";

const fmt = (minor: number, currency: string, locale: string) =>
  formatMoney(money(minor, currency), locale);

export function printInvoiceTable(
  io: Io,
  items: InvoiceSummary[],
  locale: string,
  withReasons = false,
): void {
  printTable(
    io,
    [
      "NUMBER / ID",
      "STATUS",
      "CUSTOMER",
      "TOTAL",
      "BALANCE",
      "PAYMENT",
      "ISSUED",
      "DUE",
      ...(withReasons ? ["REASONS"] : []),
    ],
    items.map((i) => [
      i.number ?? i.id,
      i.kind === "credit_note" ? `${i.status} (credit note)` : i.status,
      i.customerName,
      fmt(i.total, i.currency, locale),
      fmt(i.balance, i.currency, locale),
      paymentLabel(i),
      i.issueDate ?? "",
      i.dueDate ?? "",
      ...(withReasons ? [i.reviewReasons.map((r) => r.code).join(", ")] : []),
    ]),
  );
}

/** The customer's latest issued invoice before this one, and what changed since. */
async function previousDiff(app: App, org: Organisation, invoice: Invoice) {
  const issued = (
    await listInvoices(app.db, org.id, { statuses: ["issued"], customerId: invoice.customerId })
  )
    .filter((i) => i.id !== invoice.id && i.kind === "invoice")
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const prev = issued[0] ? await getInvoice(app.db, org.id, issued[0].id) : null;
  if (!prev) return null;
  const key = (l: Invoice["lines"][number]) => l.productCode ?? l.description;
  const before = new Map(prev.lines.map((l) => [key(l), l]));
  const after = new Map(invoice.lines.map((l) => [key(l), l]));
  const changes: string[] = [];
  for (const [k, l] of after) {
    const p = before.get(k);
    if (!p) changes.push(`+ ${l.description}: ${fmt(l.netMinor, invoice.currency, org.locale)}`);
    else if (p.netMinor !== l.netMinor)
      changes.push(
        `~ ${l.description}: ${fmt(p.netMinor, invoice.currency, org.locale)} → ${fmt(l.netMinor, invoice.currency, org.locale)}`,
      );
  }
  for (const [k, p] of before)
    if (!after.has(k))
      changes.push(`- ${p.description}: ${fmt(p.netMinor, invoice.currency, org.locale)}`);
  return {
    number: prev.number,
    total: prev.total,
    difference: invoice.total - prev.total,
    changes,
  };
}

export async function showInvoice(
  app: App,
  org: Organisation,
  id: string,
  io: Io,
  json: boolean,
  withDiff: boolean,
): Promise<void> {
  const invoice = await getInvoice(app.db, org.id, id);
  if (!invoice) throw new CashloopError("invoice_not_found", `no invoice or draft ${id}`);
  const diff = withDiff ? await previousDiff(app, org, invoice) : null;
  if (json) {
    printJson(io, withDiff ? { ...invoice, previous: diff } : invoice);
    return;
  }
  const c = invoice.currency;
  const out = [
    `${invoice.kind === "credit_note" ? "Credit note" : "Invoice"} ${invoice.number ?? `draft ${invoice.id}`} — ${invoice.status}${invoice.statusReason ? ` (${invoice.statusReason})` : ""}`,
    `Customer: ${invoice.customerName}`,
    invoice.issueDate ? `Issued ${invoice.issueDate}, due ${invoice.dueDate ?? "—"}` : "",
    invoice.periodStart ? `Period ${invoice.periodStart} to ${invoice.periodEnd}` : "",
    "",
    ...invoice.lines.map(
      (l) =>
        `  ${l.position}. ${l.description} — ${l.quantity} × ${fmt(l.unitPriceMinor, c, org.locale)} = ${fmt(l.netMinor, c, org.locale)} (${l.taxCode}${l.taxCategory === "S" ? ` ${l.taxRateBps / 100}%` : ""})`,
    ),
    "",
    `Subtotal ${fmt(invoice.subtotal, c, org.locale)} · Tax ${fmt(invoice.tax, c, org.locale)} · Total ${fmt(invoice.total, c, org.locale)} · Balance ${fmt(invoice.balance, c, org.locale)}`,
  ];
  if (invoice.notes) out.push("", `Notes: ${invoice.notes.replaceAll("\n", " · ")}`);
  if (invoice.reviewReasons.length > 0) {
    out.push(
      "",
      "Waits for a person because:",
      ...invoice.reviewReasons.map((r) => `  ${r.code}: ${r.message}`),
    );
  }
  if (withDiff) {
    out.push(
      "",
      diff
        ? `Previous invoice ${diff.number}: ${fmt(diff.total, c, org.locale)} (difference ${fmt(diff.difference, c, org.locale)})`
        : "No previous invoice for this customer.",
    );
    if (diff) out.push(...diff.changes.map((x) => `  ${x}`));
  }
  io.stdout(`${out.filter((l, i, all) => l !== "" || all[i - 1] !== "").join("\n")}\n`);
}

/** An issued invoice's settlement in a word or two: open, part paid, paid, credited. */
function paymentLabel(i: InvoiceSummary): string {
  if (i.kind !== "invoice" || i.status !== "issued") return "";
  const settlement = settlementOf({
    totalMinor: i.total,
    balanceMinor: i.balance,
    paidMinor: i.paid,
    creditedMinor: i.credited,
  });
  return settlement === "partially_paid" ? "part paid" : settlement;
}
