import { mkdirSync, writeFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseCalendarDate } from "../kernel/dates.js";
import {
  applyRate,
  asCurrencyCode,
  formatMoney,
  money,
  multiplyByQuantity,
} from "../kernel/money.js";
import type { DocumentLine, InvoiceDocument, TaxSubtotal } from "./document-model.js";
import { renderInvoicePdf, renderInvoicePdfWithReport } from "./invoice-pdf.js";
import { pdfFonts, printable } from "./pdf-layout.js";

const eur = asCurrencyCode("EUR");
const exemptReason = "Vocational training (VAT Consolidation Act 2010, Sch. 1)";

function fixtureLine(position: number): DocumentLine {
  const exempt = position === 7;
  const rateBps = exempt ? 0 : position % 2 === 0 ? 2300 : 1350;
  const quantity = position % 5 === 0 ? "7.5" : String(1 + (position % 4));
  const unitPriceMinor = 12_000 + position * 250;
  const netMinor = multiplyByQuantity(money(unitPriceMinor, eur), quantity).amountMinor;
  const long = position % 6 === 0;
  const description = long
    ? `Line ${position}: architecture review for the Peñalver warehouse, site visit, drawings and a written report with recommendations (week ${position})`
    : `Line ${position}: ${exempt ? "on-site training session" : "design hours"} ${position}`;
  return {
    position,
    description,
    quantity,
    unitCode: position % 5 === 0 ? "HUR" : "C62",
    unitPriceMinor,
    discountMinor: 0,
    netMinor,
    taxCode: exempt ? "E" : `S${rateBps}`,
    taxCategory: exempt ? "E" : "S",
    taxRateBps: rateBps,
    exemptionReason: exempt ? exemptReason : null,
  };
}

function breakdownOf(lines: DocumentLine[]): TaxSubtotal[] {
  const groups = new Map<string, TaxSubtotal>();
  for (const line of lines) {
    const key = `${line.taxCategory}:${line.taxRateBps}`;
    const group = groups.get(key) ?? {
      taxCategory: line.taxCategory,
      taxRateBps: line.taxRateBps,
      taxableMinor: 0,
      taxMinor: 0,
      exemptionReason: line.exemptionReason,
    };
    group.taxableMinor += line.netMinor;
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({
    ...g,
    taxMinor: applyRate(money(g.taxableMinor, eur), g.taxRateBps).amountMinor,
  }));
}

function invoice(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  const lines = Array.from({ length: 40 }, (_, i) => fixtureLine(i + 1));
  const taxBreakdown = breakdownOf(lines);
  const subtotalMinor = lines.reduce((sum, l) => sum + l.netMinor, 0);
  const taxMinor = taxBreakdown.reduce((sum, t) => sum + t.taxMinor, 0);
  return {
    kind: "invoice",
    number: "INV-2026-0042",
    issueOn: parseCalendarDate("2026-03-31"),
    dueOn: parseCalendarDate("2026-04-30"),
    currency: eur,
    creditedInvoiceNumber: null,
    creditedInvoiceIssueOn: null,
    periodStart: parseCalendarDate("2026-03-01"),
    periodEnd: parseCalendarDate("2026-03-31"),
    buyerReference: "PO-7731",
    note: "¿Preguntas? Escríbanos a cuentas@brightline.ie.",
    seller: {
      legalName: "Brightline Studio Ltd",
      taxId: "IE6388047V",
      address: {
        line1: "12 Harcourt Street",
        line2: null,
        city: "Dublin",
        region: null,
        postalCode: "D02 W210",
        country: "IE",
      },
      email: "billing@brightline.ie",
    },
    buyer: {
      legalName: "Construcciones Peñalver y Muñoz, S.A.",
      taxId: "ESA28123456",
      address: {
        line1: "Calle de Alcalá 123, 4º izq.",
        line2: null,
        city: "Madrid",
        region: null,
        postalCode: "28009",
        country: "ES",
      },
      email: "facturas@penalver.es",
    },
    lines,
    taxBreakdown,
    subtotalMinor,
    taxMinor,
    totalMinor: subtotalMinor + taxMinor,
    prepaidMinor: 50_000,
    payableMinor: subtotalMinor + taxMinor - 50_000,
    payment: {
      reference: "INV-2026-0042",
      accountName: "Brightline Studio Ltd",
      iban: "IE29AIBK93115212345678",
      bic: "AIBKIE2D",
      accountNumber: null,
      routingNumber: null,
      bankName: "AIB",
      paymentLink: null,
    },
    locale: "en-IE",
    ...overrides,
  };
}

const creditNote = (overrides: Partial<InvoiceDocument> = {}) =>
  invoice({
    kind: "credit_note",
    number: "CN-2026-0003",
    issueOn: parseCalendarDate("2026-04-10"),
    dueOn: null,
    creditedInvoiceNumber: "INV-2026-0042",
    creditedInvoiceIssueOn: parseCalendarDate("2026-03-31"),
    ...overrides,
  });

/** Text of each page, whitespace (including no-break spaces) collapsed to one space. */
async function pagesOf(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    const text = content.items.map((item) => ("str" in item ? item.str : "")).join(" ");
    pages.push(squash(text));
  }
  await pdf.destroy();
  return pages;
}

/** With WRITE_SAMPLE_PDF=1, keeps a rendering in .tmp/ (ignored by git) to look at. */
function keepSample(name: string, bytes: Uint8Array): void {
  if (!process.env.WRITE_SAMPLE_PDF) return;
  mkdirSync(".tmp", { recursive: true });
  writeFileSync(`.tmp/${name}`, bytes);
}

const squash = (s: string) => s.replace(/\s+/gu, " ").trim();
const eurIn = (minor: number, locale: string) => formatMoney(money(minor, eur), locale);

describe("renderInvoicePdf", () => {
  afterEach(() => vi.useRealTimers());

  it("prints every fact of a 40-line invoice over several pages", async () => {
    const doc = invoice();
    const bytes = await renderInvoicePdf(doc);
    keepSample("sample-invoice.pdf", bytes);
    const pages = await pagesOf(bytes);
    const text = pages.join(" ");
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(text).toContain("Invoice");
    expect(text).toContain("INV-2026-0042");
    for (const line of doc.lines) expect(text).toContain(squash(line.description));
    expect(text).toContain("Construcciones Peñalver y Muñoz, S.A.");
    expect(text).toContain("Calle de Alcalá 123, 4º izq.");
    expect(text).toContain("Tax ID: IE6388047V");
    expect(text).toContain("Due date 30 Apr 2026");
    expect(text).toContain("Billing period 1 Mar 2026 – 31 Mar 2026");
    expect(text).toContain("Your reference PO-7731");
    expect(text).toContain("7.5 h");
    for (const t of doc.taxBreakdown) {
      const label = { S: `${t.taxRateBps / 100}%`, E: `Exempt ${exemptReason}` }[
        t.taxCategory as "S"
      ];
      expect(text).toContain(
        `${label} ${eurIn(t.taxableMinor, "en-IE")} ${eurIn(t.taxMinor, "en-IE")}`,
      );
    }
    expect(text).toContain("13.5%");
    expect(text).toContain(`Total ${eurIn(doc.totalMinor, "en-IE")}`);
    expect(text).toContain(`Paid ${eurIn(50_000, "en-IE")}`);
    expect(text).toContain(`Amount due ${eurIn(doc.payableMinor, "en-IE")}`);
    expect(text).toContain("IBAN IE29 AIBK 9311 5212 3456 78");
    expect(text).toContain("Please quote: INV-2026-0042");
    expect(text).toContain("Pay online: link will be added when the invoice is sent");
    expect(text).toContain("¿Preguntas? Escríbanos");
  });

  it("repeats the table header on the next page and numbers the pages", async () => {
    const pages = await pagesOf(await renderInvoicePdf(invoice()));
    const header = "Description Qty Unit price Tax Amount";
    expect(pages[0]).toContain(header);
    expect(pages[1]).toContain("Invoice INV-2026-0042 · continued");
    expect(pages[1]).toContain(header);
    expect(pages[0]).toContain(`Page 1 of ${pages.length}`);
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
  });

  it("gives identical bytes for the same document, whatever the clock says", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-01-01T12:00:00Z"));
    const first = await renderInvoicePdf(invoice());
    vi.setSystemTime(new Date("2031-06-15T08:30:00Z"));
    const second = await renderInvoicePdf(invoice());
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const other = await renderInvoicePdf(invoice({ number: "INV-2026-0043" }));
    expect(Buffer.from(first).equals(Buffer.from(other))).toBe(false);
  });

  it("writes fixed metadata and compresses its streams", async () => {
    const bytes = await renderInvoicePdf(invoice());
    const pdf = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
    const info = (await pdf.getMetadata()).info as Record<string, unknown>;
    await pdf.destroy();
    expect(info.Producer).toBe("cashloop");
    expect(info.Creator).toBe("cashloop");
    expect(info.Title).toBe("Invoice INV-2026-0042");
    expect(info.CreationDate).toBe("D:20260331000000Z");
    expect(info.ModDate).toBe("D:20260331000000Z");
    const raw = Buffer.from(bytes).toString("latin1");
    expect(raw).toContain("/FlateDecode");
    expect(raw).toMatch(/\/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]/);
    expect(raw).not.toContain("Helvetica"); // only the embedded DejaVu subsets
    expect(raw).toContain("DejaVuSans");
  });

  it("names the credited invoice on a credit note and asks for no payment", async () => {
    const text = (await pagesOf(await renderInvoicePdf(creditNote()))).join(" ");
    expect(text).toContain("Credit note");
    expect(text).toContain("CN-2026-0003");
    expect(text).toContain("Credits invoice INV-2026-0042");
    expect(text).toContain("This credit note credits invoice INV-2026-0042 issued on 31 Mar 2026.");
    expect(text).toContain("Amount credited");
    expect(text).not.toContain("Pay online");
    expect(text).not.toContain("Due date");
  });

  it("prints Spanish labels, dates and amounts", async () => {
    const doc = invoice({ locale: "es-ES" });
    const text = (await pagesOf(await renderInvoicePdf(doc, { labels: "es" }))).join(" ");
    expect(text).toContain("Factura INV-2026-0042");
    expect(text).toContain("Vencimiento 30 abr 2026");
    expect(text).toContain("Descripción Cant. Precio unit. Impuesto Importe");
    expect(text).toContain("13,5 %");
    expect(text).toContain(`Importe a pagar ${squash(eurIn(doc.payableMinor, "es-ES"))}`);
    expect(text).toContain("Indique la referencia: INV-2026-0042");
    expect(text).toContain("Pago en línea: el enlace se añadirá al enviar la factura");
    expect(text).toContain("Página 1 de");
    expect(text).toContain("España");
    const credit = await renderInvoicePdf(creditNote({ locale: "es-ES" }));
    keepSample("sample-credit-note-es.pdf", credit);
    const creditText = (await pagesOf(credit)).join(" ");
    expect(creditText).toContain("Nota de crédito");
    expect(creditText).toContain("Esta nota de crédito rectifica la factura INV-2026-0042");
  });

  it("picks Spanish labels from an es locale unless told otherwise", async () => {
    const doc = invoice({ locale: "es-MX" });
    expect((await pagesOf(await renderInvoicePdf(doc))).join(" ")).toContain("Factura");
    const english = await renderInvoicePdf(doc, { labels: "en" });
    expect((await pagesOf(english)).join(" ")).toContain("Amount due");
  });

  it("shows the payment link once delivery has filled it", async () => {
    const link = "https://pay.example.com/i/7f3a9c";
    const doc = invoice();
    const bytes = await renderInvoicePdf({
      ...doc,
      payment: { ...doc.payment, paymentLink: link },
    });
    const text = (await pagesOf(bytes)).join(" ");
    expect(text).toContain(`Pay online: ${link}`);
    expect(text).not.toContain("link will be added");
    expect(Buffer.from(bytes).toString("latin1")).toContain(`/URI (${link})`);
  });

  it("prints Letter for a US seller and A4 otherwise", async () => {
    const sizeOf = async (doc: InvoiceDocument) => {
      const pdf = await getDocument({ data: (await renderInvoicePdf(doc)).slice() }).promise;
      const view = (await pdf.getPage(1)).view.map(Math.round);
      await pdf.destroy();
      return view;
    };
    const seller = invoice().seller;
    const address = { ...seller.address!, country: "US", city: "Austin", region: "TX" };
    expect(await sizeOf(invoice({ seller: { ...seller, address } }))).toEqual([0, 0, 612, 792]);
    expect(await sizeOf(invoice())).toEqual([0, 0, 595, 842]);
  });

  it("embeds European scripts and reports the characters it must print as ?", async () => {
    const doc = invoice({
      buyer: { ...invoice().buyer, legalName: "Łódzkie Zakłady Şişli Ελλάς Москва 株式会社" },
      locale: "ja-JP",
      currency: asCurrencyCode("JPY"),
    });
    const report = await renderInvoicePdfWithReport(doc);
    keepSample("sample-scripts-ja.pdf", report.bytes);
    const text = (await pagesOf(report.bytes)).join(" ");
    expect(text).toContain("Łódzkie Zakłady Şişli Ελλάς Москва ????");
    expect(report.replacedCharacters).toEqual(["会", "式", "株", "社"]);
    expect(text).toContain("¥"); // ja-JP prints "￥", which DejaVu lacks; its compatibility form "¥" shows
    expect((await renderInvoicePdfWithReport(invoice())).replacedCharacters).toEqual([]);
  });
});

describe("printable", () => {
  it.each([
    ["Peñalver ¿Qué? € Łódź", "Peñalver ¿Qué? € Łódź", []],
    ["e\u0301", "é", []], // decomposed accent, composed (NFC)
    ["\u200f1.234 €\u00ad", "1.234 €", []], // bidi mark and soft hyphen dropped
    ["￥1,235", "¥1,235", []], // fullwidth yen → its compatibility form
    ["a\tb", "a b", []],
    ["株式会社 ✓", "???? ✓", ["株", "式", "会", "社"]],
  ])("%j prints as %j", (text, expected, replacedExpected) => {
    const replaced = new Set<string>();
    expect(printable(text, pdfFonts().covers, replaced)).toBe(expected);
    expect([...replaced]).toEqual(replacedExpected);
  });
});

describe("renderInvoicePdf limits", () => {
  it("refuses a line too long to fit on one page rather than cutting it", async () => {
    const doc = invoice();
    const huge = { ...fixtureLine(1), description: "word ".repeat(6000) };
    await expect(renderInvoicePdf({ ...doc, lines: [huge] })).rejects.toMatchObject({
      code: "document_line_too_long",
    });
  });

  it("reports an invalid locale with a coded error", async () => {
    await expect(renderInvoicePdf(invoice({ locale: "not a locale" }))).rejects.toMatchObject({
      code: "locale_invalid",
    });
  });
});
