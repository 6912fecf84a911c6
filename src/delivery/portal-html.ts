/**
 * The portal page as one self-contained HTML document: inline CSS, no scripts, no outside
 * resources (the server's Content-Security-Policy forbids them). Pure; every value is escaped.
 */

import { type CalendarDate, calendarDateToEpochMs } from "../kernel/dates.js";
import { formatMoney, money } from "../kernel/money.js";
import { escapeHtml } from "./html.js";
import type { BankTransferInstructions } from "./model.js";
import type { PortalLanguage, PortalStatus, PortalView } from "./portal-view.js";

/** The page's words. Static text, no markup from data: safe to interpolate unescaped. */
const WORDS = {
  en: {
    invoice: "Invoice",
    creditNote: "Credit note",
    taxId: "Tax ID",
    billedTo: "Billed to:",
    summary: "Summary",
    status: "Status",
    statuses: {
      open: "Open",
      partially_paid: "Partially paid",
      paid: "Paid",
      void: "Void",
      credited: "Credited",
      issued: "Issued",
    },
    notes: {
      open: null,
      partially_paid: null,
      paid: "This invoice is paid. Thank you.",
      void: "This invoice was voided: nothing is owed on it.",
      credited: "This invoice was settled by a credit note: nothing is owed on it.",
      issued: "This is a credit note: there is nothing to pay.",
    },
    balance: "Amount due",
    creditAmount: "Credit amount",
    dueDate: "Due date:",
    overdueBy: (days: number) => `Overdue by ${days} ${days === 1 ? "day" : "days"}`,
    howToPay: "How to pay",
    payByCard: "Pay by card",
    bankTransfer: "Bank transfer",
    accountName: "Account name",
    bankName: "Bank",
    accountNumber: "Account number",
    routingNumber: "Routing number",
    amount: "Amount",
    reference: "Reference to quote",
    details: "Details",
    description: "Description",
    quantity: "Qty",
    unitPrice: "Unit price",
    net: "Amount",
    subtotal: "Subtotal",
    tax: "Tax",
    total: "Total",
    downloadPdf: "Download PDF",
  },
  es: {
    invoice: "Factura",
    creditNote: "Nota de crédito",
    taxId: "Id. fiscal",
    billedTo: "Facturado a:",
    summary: "Resumen",
    status: "Estado",
    statuses: {
      open: "Pendiente de pago",
      partially_paid: "Pagada en parte",
      paid: "Pagada",
      void: "Anulada",
      credited: "Saldada con nota de crédito",
      issued: "Emitida",
    },
    notes: {
      open: null,
      partially_paid: null,
      paid: "Esta factura está pagada. Gracias.",
      void: "Esta factura fue anulada: no hay nada que pagar.",
      credited: "Esta factura se saldó con una nota de crédito: no hay nada que pagar.",
      issued: "Esto es una nota de crédito: no hay nada que pagar.",
    },
    balance: "Importe pendiente",
    creditAmount: "Importe del crédito",
    dueDate: "Vencimiento:",
    overdueBy: (days: number) => `Vencida hace ${days} ${days === 1 ? "día" : "días"}`,
    howToPay: "Cómo pagar",
    payByCard: "Pagar con tarjeta",
    bankTransfer: "Transferencia bancaria",
    accountName: "Titular de la cuenta",
    bankName: "Banco",
    accountNumber: "Número de cuenta",
    routingNumber: "Número de ruta (ABA)",
    amount: "Importe",
    reference: "Referencia a indicar",
    details: "Detalle",
    description: "Descripción",
    quantity: "Cant.",
    unitPrice: "Precio unitario",
    net: "Importe",
    subtotal: "Subtotal",
    tax: "Impuestos",
    total: "Total",
    downloadPdf: "Descargar PDF",
  },
} satisfies Record<PortalLanguage, unknown>;

type Words = (typeof WORDS)["en"];

function portalWords(language: PortalLanguage): Words {
  return WORDS[language];
}

export function renderPortalPage(view: PortalView): string {
  const w = portalWords(view.language);
  const f = formatters(view);
  const title = `${view.kind === "credit_note" ? w.creditNote : w.invoice} ${view.number}`;
  return `<!doctype html>
<html lang="${view.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(`${title} · ${view.seller.name}`)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${header(view, w, title)}
${summary(view, w, f)}
${payment(view, w, f)}
${lines(view, w, f)}
<p><a href="/i/${encodeURIComponent(view.token)}/pdf">${w.downloadPdf}</a></p>
</main>
</body>
</html>
`;
}

type Formatters = {
  amount(minor: number): string;
  date(d: CalendarDate): string;
  qty(q: string): string;
};

function formatters(view: PortalView): Formatters {
  const dates = new Intl.DateTimeFormat(view.locale, { dateStyle: "long", timeZone: "UTC" });
  const quantities = new Intl.NumberFormat(view.locale, { maximumFractionDigits: 20 });
  return {
    amount: (minor) => escapeHtml(formatMoney(money(minor, view.currency), view.locale)),
    date: (d) =>
      `<time datetime="${escapeHtml(d)}">${escapeHtml(dates.format(calendarDateToEpochMs(d)))}</time>`,
    // A decimal string formats exactly (no float) through Intl's string input.
    qty: (q) => escapeHtml(quantities.format(q as `${number}`)),
  };
}

function header(view: PortalView, w: Words, title: string): string {
  const taxId = view.seller.taxId ? ` · ${w.taxId} ${escapeHtml(view.seller.taxId)}` : "";
  return `<header>
<p class="seller">${escapeHtml(view.seller.name)}${taxId}</p>
<h1>${escapeHtml(title)}</h1>
<p>${w.billedTo} ${escapeHtml(view.customerName)}</p>
</header>`;
}

function summary(view: PortalView, w: Words, f: Formatters): string {
  const credit = view.kind === "credit_note";
  const amount = credit ? view.totalMinor : view.balanceMinor;
  const rows = [
    `<p class="status status-${view.status}"><span class="label">${w.status}</span> <strong>${w.statuses[view.status]}</strong></p>`,
    `<p class="balance"><span class="label">${credit ? w.creditAmount : w.balance}</span> <strong>${f.amount(amount)}</strong></p>`,
  ];
  if (view.dueDate) rows.push(`<p>${w.dueDate} ${f.date(view.dueDate)}</p>`);
  if (view.overdueDays > 0) rows.push(`<p class="overdue">${w.overdueBy(view.overdueDays)}</p>`);
  const note = w.notes[view.status];
  if (note) rows.push(`<p>${note}</p>`);
  return `<section class="summary" aria-label="${w.summary}">\n${rows.join("\n")}\n</section>`;
}

/** Ways to pay, only while something is owed (the view leaves them out otherwise). */
function payment(view: PortalView, w: Words, f: Formatters): string {
  if (!owes(view.status) || (!view.cardPayment && !view.bankTransfer)) return "";
  const parts = [`<h2 id="pay">${w.howToPay}</h2>`];
  if (view.cardPayment) {
    parts.push(
      `<p><a class="button" href="${escapeHtml(view.cardPayment.url)}" rel="noreferrer noopener">${w.payByCard}</a></p>`,
    );
  }
  if (view.bankTransfer) parts.push(bankTransfer(view.bankTransfer, w, f));
  return `<section class="pay" aria-labelledby="pay">\n${parts.join("\n")}\n</section>`;
}

function bankTransfer(bank: BankTransferInstructions, w: Words, f: Formatters): string {
  const rows: [string, string | null][] = [
    [w.accountName, bank.accountName],
    [w.bankName, bank.bankName],
    ["IBAN", bank.iban],
    ["BIC", bank.bic],
    [w.accountNumber, bank.accountNumber],
    [w.routingNumber, bank.routingNumber],
  ];
  const items = rows
    .filter((r): r is [string, string] => r[1] !== null && r[1] !== "")
    .map(([label, value]) => `<dt>${label}</dt><dd>${escapeHtml(value)}</dd>`);
  items.push(`<dt>${w.amount}</dt><dd>${f.amount(bank.amountMinor)}</dd>`);
  items.push(`<dt>${w.reference}</dt><dd><strong>${escapeHtml(bank.reference)}</strong></dd>`);
  return `<h3>${w.bankTransfer}</h3>\n<dl>${items.join("")}</dl>`;
}

function lines(view: PortalView, w: Words, f: Formatters): string {
  const body = view.lines
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.description)}</td><td class="num">${f.qty(l.quantity)}</td><td class="num">${f.amount(l.unitPriceMinor)}</td><td class="num">${f.amount(l.netMinor)}</td></tr>`,
    )
    .join("\n");
  const total = (label: string, minor: number) =>
    `<tr><th scope="row" colspan="3">${label}</th><td class="num">${f.amount(minor)}</td></tr>`;
  return `<section aria-labelledby="lines">
<h2 id="lines">${w.details}</h2>
<table>
<thead><tr><th scope="col">${w.description}</th><th scope="col" class="num">${w.quantity}</th><th scope="col" class="num">${w.unitPrice}</th><th scope="col" class="num">${w.net}</th></tr></thead>
<tbody>
${body}
</tbody>
<tfoot>
${total(w.subtotal, view.subtotalMinor)}
${total(w.tax, view.taxMinor)}
${total(w.total, view.totalMinor)}
${view.kind === "invoice" && view.balanceMinor !== view.totalMinor ? total(w.balance, view.balanceMinor) : ""}
</tfoot>
</table>
</section>`;
}

function owes(status: PortalStatus): boolean {
  return status === "open" || status === "partially_paid";
}

const CSS = [
  "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#f5f5f4}",
  "main{max-width:44rem;margin:0 auto;padding:1.5rem 1rem;background:#fff}",
  "h1{font-size:1.6rem;margin:.25rem 0}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1rem}",
  ".seller,.label{color:#555}.summary{border:1px solid #ccc;border-radius:.5rem;padding:1rem}",
  ".balance strong{font-size:1.8rem;display:block}.overdue{color:#a30000;font-weight:600}",
  ".status-paid strong,.status-credited strong{color:#146c2e}",
  ".button{display:inline-block;padding:.75rem 1.5rem;border-radius:.4rem;background:#0b57d0;color:#fff;text-decoration:none;font-weight:600}",
  "a:focus-visible{outline:3px solid #f9a825;outline-offset:2px}",
  "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{color:#555}dd{margin:0;overflow-wrap:anywhere}",
  "table{width:100%;border-collapse:collapse}th,td{padding:.4rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}",
  ".num{text-align:right;white-space:nowrap}tfoot th{text-align:right;font-weight:normal}tfoot tr:last-child{font-weight:700}",
].join("");
