/**
 * The printable invoice or credit note: an InvoiceDocument rendered to PDF with pdfkit. Every
 * amount comes computed in the document; this file only formats and lays out. The same document
 * always gives the same bytes (fixed metadata, no clock, no randomness).
 */
import PDFDocument from "pdfkit";
import type { InvoiceDocument, Party, TaxCategory } from "./document-model.js";
import {
  addressLines,
  type Column,
  collect,
  documentFormat,
  drawFooters,
  drawTable,
  type DocumentFormat as Format,
  ink,
  muted,
  type Pair,
  type PdfLanguage,
  Pen,
  pairs,
  pdfFonts,
  type Row,
  type Table,
  tableHeight,
} from "./pdf-layout.js";

export type { PdfLanguage };

export type InvoicePdfOptions = { labels?: PdfLanguage };

/** The printed words, English then Spanish. */
const words = {
  invoice: ["Invoice", "Factura"],
  credit_note: ["Credit note", "Nota de crédito"],
  number: ["Number", "Número"],
  issueDate: ["Issue date", "Fecha de emisión"],
  dueDate: ["Due date", "Vencimiento"],
  onReceipt: ["Due on receipt", "Al recibir"],
  period: ["Billing period", "Periodo facturado"],
  credits: ["Credits invoice", "Rectifica la factura"],
  buyerReference: ["Your reference", "Su referencia"],
  billTo: ["Bill to", "Cliente"],
  taxId: ["Tax ID", "Id. fiscal"],
  description: ["Description", "Descripción"],
  quantity: ["Qty", "Cant."],
  unitPrice: ["Unit price", "Precio unit."],
  tax: ["Tax", "Impuesto"],
  amount: ["Amount", "Importe"],
  discount: ["Discount", "Descuento"],
  taxBreakdown: ["Tax rate", "Tipo"],
  taxable: ["Taxable", "Base"],
  taxAmount: ["Tax", "Cuota"],
  zeroRated: ["zero-rated", "tipo cero"],
  exempt: ["Exempt", "Exento"],
  reverseCharge: ["Reverse charge", "Inversión del sujeto pasivo"],
  outsideScope: ["Outside the scope of tax", "No sujeto"],
  subtotal: ["Subtotal", "Subtotal"],
  taxTotal: ["Tax", "Impuestos"],
  total: ["Total", "Total"],
  prepaid: ["Paid", "Pagado"],
  amountDue: ["Amount due", "Importe a pagar"],
  amountCredited: ["Amount credited", "Importe abonado"],
  payment: ["How to pay", "Cómo pagar"],
  accountName: ["Account name", "Titular"],
  iban: ["IBAN", "IBAN"],
  bic: ["BIC", "BIC"],
  accountNumber: ["Account number", "Número de cuenta"],
  routingNumber: ["Routing number", "Número de ruta (ABA)"],
  bank: ["Bank", "Banco"],
  quote: ["Please quote", "Indique la referencia"],
  payOnline: ["Pay online", "Pago en línea"],
  linkPending: [
    "link will be added when the invoice is sent",
    "el enlace se añadirá al enviar la factura",
  ],
  notes: ["Notes", "Notas"],
  continued: ["continued", "continuación"],
  page: ["Page", "Página"],
  of: ["of", "de"],
  creditsInvoice: ["This credit note credits invoice", "Esta nota de crédito rectifica la factura"],
  issuedOn: ["issued on", "emitida el"],
} as const satisfies Record<string, readonly [string, string]>;

type Labels = { [K in keyof typeof words]: string };

function labelsFor(language: PdfLanguage): Labels {
  const index = language === "es" ? 1 : 0;
  const entries = Object.entries(words).map(([key, pair]) => [key, pair[index]]);
  return Object.fromEntries(entries) as Labels;
}

export type InvoicePdfReport = {
  bytes: Uint8Array;
  /** Characters the embedded fonts cannot show, printed as "?" (CJK, emoji): worth a review. */
  replacedCharacters: string[];
};

/** Seller countries whose paper is US Letter; every other seller prints on A4. */
const letterCountries = new Set(["US", "CA", "MX", "PH"]);
const marginPt = 48;

export async function renderInvoicePdf(
  doc: InvoiceDocument,
  options: InvoicePdfOptions = {},
): Promise<Uint8Array> {
  return (await renderInvoicePdfWithReport(doc, options)).bytes;
}

export async function renderInvoicePdfWithReport(
  doc: InvoiceDocument,
  options: InvoicePdfOptions = {},
): Promise<InvoicePdfReport> {
  const language = options.labels ?? (doc.locale.toLowerCase().startsWith("es") ? "es" : "en");
  const l = labelsFor(language);
  const f = documentFormat(doc.locale, doc.currency, language);
  const title = `${l[doc.kind]} ${doc.number}`;
  const pdf = new PDFDocument({
    size: letterCountries.has(doc.seller.address?.country ?? "") ? "LETTER" : "A4",
    margins: { top: marginPt, bottom: marginPt + 8, left: marginPt, right: marginPt },
    compress: true,
    bufferPages: true,
    lang: doc.locale,
    displayTitle: true,
    info: pdfInfo(doc, title),
  });
  const bytes = collect(pdf);
  const pen = new Pen(pdf, pdfFonts());
  pen.onNewPage = () => {
    pen.write(`${title} · ${l.continued}`, pen.left, pen.y, { width: pen.width, color: muted });
    pen.y += 18;
  };
  drawHeading(pen, doc, l, f);
  drawLines(pen, doc, l, f);
  drawTotals(pen, doc, l, f);
  if (doc.kind === "invoice") drawPayment(pen, doc, l);
  if (doc.note) drawNote(pen, l.notes, doc.note);
  drawFooters(pen, (page, pages) => [
    `${doc.seller.legalName} · ${title}`,
    `${l.page} ${page} ${l.of} ${pages}`,
  ]);
  pdf.end();
  return { bytes: await bytes, replacedCharacters: [...pen.replaced].sort() };
}

/**
 * Fixed Info dictionary: dates are the issue date at 00:00 UTC. pdfkit derives the trailer /ID
 * from an MD5 of this dictionary, so it is fixed too, and differs per seller and number.
 */
function pdfInfo(doc: InvoiceDocument, title: string): PDFKit.DocumentInfo {
  const issuedAt = new Date(`${doc.issueOn}T00:00:00.000Z`);
  return {
    Title: title,
    Author: doc.seller.legalName,
    Subject: `${title} · ${doc.buyer.legalName}`,
    Creator: "cashloop",
    Producer: "cashloop",
    CreationDate: issuedAt,
    ModDate: issuedAt,
  };
}

function partyText(party: Party, l: Labels, f: Format): string {
  const lines = addressLines(party.address, f);
  if (party.taxId) lines.push(`${l.taxId}: ${party.taxId}`);
  if (party.email) lines.push(party.email);
  return lines.join("\n");
}

function metaPairs(doc: InvoiceDocument, l: Labels, f: Format): Pair[] {
  const rows: Pair[] = [
    { label: l.number, value: doc.number, weight: "bold" },
    { label: l.issueDate, value: f.date(doc.issueOn) },
  ];
  if (doc.dueOn) {
    const onReceipt = doc.kind === "invoice" && doc.dueOn === doc.issueOn;
    rows.push({ label: l.dueDate, value: onReceipt ? l.onReceipt : f.date(doc.dueOn) });
  }
  if (doc.periodStart && doc.periodEnd) {
    rows.push({ label: l.period, value: `${f.date(doc.periodStart)} – ${f.date(doc.periodEnd)}` });
  }
  if (doc.creditedInvoiceNumber) rows.push({ label: l.credits, value: doc.creditedInvoiceNumber });
  if (doc.buyerReference) rows.push({ label: l.buyerReference, value: doc.buyerReference });
  return rows;
}

function drawHeading(pen: Pen, doc: InvoiceDocument, l: Labels, f: Format): void {
  const top = pen.y;
  const leftWidth = pen.width * 0.52;
  let left = pen.write(doc.seller.legalName, pen.left, top, {
    width: leftWidth,
    weight: "bold",
    sizePt: 13,
  });
  left +=
    4 + pen.write(partyText(doc.seller, l, f), pen.left, top + left + 4, { width: leftWidth });

  const rightWidth = pen.width * 0.44;
  const rightX = pen.left + pen.width - rightWidth;
  const titleOptions = { width: rightWidth, weight: "bold", sizePt: 20, align: "right" } as const;
  pen.y = top + pen.write(l[doc.kind], rightX, top, titleOptions) + 8;
  const layout = { labelWidth: rightWidth * 0.45, valueWidth: rightWidth * 0.55 };
  const meta = metaPairs(doc, l, f);
  pen.y += pairs(pen, { x: rightX, y: pen.y }, meta, {
    ...layout,
    valueAlign: "right",
    draw: true,
  });
  pen.y = Math.max(pen.y, top + left) + 22;

  pen.write(l.billTo.toUpperCase(), pen.left, pen.y, {
    width: leftWidth,
    color: muted,
    sizePt: 7.5,
  });
  pen.y += 12;
  pen.y += pen.write(doc.buyer.legalName, pen.left, pen.y, { width: leftWidth, weight: "bold" });
  pen.y += pen.write(partyText(doc.buyer, l, f), pen.left, pen.y + 2, { width: leftWidth }) + 16;
  if (doc.kind === "credit_note" && doc.creditedInvoiceNumber) {
    const issued = doc.creditedInvoiceIssueOn ? f.date(doc.creditedInvoiceIssueOn) : null;
    const on = issued ? ` ${l.issuedOn} ${issued}` : "";
    const sentence = `${l.creditsInvoice} ${doc.creditedInvoiceNumber}${on}.`;
    pen.y += pen.write(sentence, pen.left, pen.y, { width: pen.width, weight: "bold" }) + 12;
  }
}

function taxLabel(category: TaxCategory, bps: number, l: Labels, f: Format): string {
  if (category === "S") return f.rate(bps);
  if (category === "Z") return `${f.rate(0)} (${l.zeroRated})`;
  return { E: l.exempt, AE: l.reverseCharge, O: l.outsideScope }[category];
}

function drawLines(pen: Pen, doc: InvoiceDocument, l: Labels, f: Format): void {
  const fixed = [62, 80, 64, 84];
  const widths = [pen.width - fixed.reduce((a, b) => a + b, 0), ...fixed];
  const headers = [l.description, l.quantity, l.unitPrice, l.tax, l.amount];
  const columns: Column[] = headers.map((header, i) => ({
    header,
    width: widths[i] ?? 0,
    align: i === 0 ? "left" : "right",
  }));
  const rows: Row[] = doc.lines.map((line) => {
    const discount = line.discountMinor ? `\n${l.discount}: ${f.money(-line.discountMinor)}` : "";
    return {
      cells: [
        `${line.description}${discount}`,
        f.quantity(line.quantity, line.unitCode),
        f.money(line.unitPriceMinor),
        taxLabel(line.taxCategory, line.taxRateBps, l, f),
        f.money(line.netMinor),
      ],
    };
  });
  drawTable(pen, { columns, x: pen.left }, rows);
  pen.y += 14;
}

function drawTotals(pen: Pen, doc: InvoiceDocument, l: Labels, f: Format): void {
  const breakdown: Table = {
    x: pen.left,
    columns: [
      { header: l.taxBreakdown, width: pen.width * 0.28, align: "left" },
      { header: l.taxable, width: pen.width * 0.14, align: "right" },
      { header: l.taxAmount, width: pen.width * 0.13, align: "right" },
    ],
  };
  const breakdownRows: Row[] = doc.taxBreakdown.map((t) => {
    const label = taxLabel(t.taxCategory, t.taxRateBps, l, f);
    const reason = t.exemptionReason ? `\n${t.exemptionReason}` : "";
    return { cells: [`${label}${reason}`, f.money(t.taxableMinor), f.money(t.taxMinor)] };
  });
  const totalsWidth = pen.width * 0.4;
  const due = doc.kind === "invoice" ? l.amountDue : l.amountCredited;
  const groups: Pair[][] = [
    [
      { label: l.subtotal, value: f.money(doc.subtotalMinor) },
      { label: l.taxTotal, value: f.money(doc.taxMinor) },
    ],
    [
      { label: l.total, value: f.money(doc.totalMinor), weight: "bold" },
      { label: l.prepaid, value: f.money(doc.prepaidMinor) },
    ],
    [{ label: due, value: f.money(doc.payableMinor), weight: "bold", sizePt: 11 }],
  ];
  const at = { x: pen.left + pen.width - totalsWidth, y: pen.y };
  const totalsHeight = drawTotalGroups(pen, at, totalsWidth, groups, false);
  pen.ensureSpace(Math.max(tableHeight(pen, breakdown, breakdownRows), totalsHeight));
  const top = pen.y;
  drawTotalGroups(pen, { ...at, y: top }, totalsWidth, groups, true);
  drawTable(pen, breakdown, breakdownRows);
  pen.y = Math.max(pen.y, top + totalsHeight) + 22;
}

/** Groups of totals, right-aligned, with a rule between groups; the last rule is heavier. */
function drawTotalGroups(
  pen: Pen,
  at: { x: number; y: number },
  width: number,
  groups: readonly Pair[][],
  draw: boolean,
): number {
  const layout = {
    labelWidth: width * 0.5,
    valueWidth: width * 0.5,
    valueAlign: "right" as const,
    draw,
  };
  let height = 0;
  groups.forEach((group, i) => {
    if (i > 0) {
      const y = at.y + height + 1;
      if (draw) pen.line(at.x, y, at.x + width, y, ink, i === groups.length - 1 ? 0.9 : 0.4);
      height += 5;
    }
    height += pairs(pen, { x: at.x, y: at.y + height }, group, layout);
  });
  return height;
}

function drawPayment(pen: Pen, doc: InvoiceDocument, l: Labels): void {
  const p = doc.payment;
  const iban = p.iban?.replace(/\s+/g, "").replace(/(.{4})(?=.)/g, "$1 ") ?? null;
  const details: [string, string | null][] = [
    [l.accountName, p.accountName],
    [l.iban, iban],
    [l.bic, p.bic],
    [l.accountNumber, p.accountNumber],
    [l.routingNumber, p.routingNumber],
    [l.bank, p.bankName],
  ];
  const rows = details.flatMap(([label, value]) => (value ? [{ label, value }] : []));
  const layout = { labelWidth: 110, valueWidth: pen.width - 110, valueAlign: "left" } as const;
  const quote = `${l.quote}: ${p.reference}`;
  const link = `${l.payOnline}: ${p.paymentLink ?? l.linkPending}`;
  const lines = 16 + pairs(pen, { x: pen.left, y: 0 }, rows, { ...layout, draw: false });
  const textHeight = pen.measure(`${quote}\n${link}`, { width: pen.width, weight: "bold" });
  pen.ensureSpace(lines + textHeight + 8);
  pen.write(l.payment, pen.left, pen.y, { width: pen.width, weight: "bold", sizePt: 10.5 });
  pen.y += 16;
  pen.y += pairs(pen, { x: pen.left, y: pen.y }, rows, { ...layout, draw: true }) + 6;
  pen.y += pen.write(quote, pen.left, pen.y, { width: pen.width, weight: "bold" }) + 3;
  const linkOptions = { width: pen.width, color: p.paymentLink ? "#1a4fa0" : muted };
  pen.y += pen.write(link, pen.left, pen.y, { ...linkOptions, link: p.paymentLink ?? undefined });
  pen.y += 18;
}

function drawNote(pen: Pen, heading: string, note: string): void {
  const height = 14 + pen.measure(note, { width: pen.width });
  pen.ensureSpace(height);
  pen.write(heading, pen.left, pen.y, { width: pen.width, weight: "bold", sizePt: 10.5 });
  pen.y += 14 + pen.write(note, pen.left, pen.y + 14, { width: pen.width });
}
