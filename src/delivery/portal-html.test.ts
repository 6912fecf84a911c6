import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../kernel/dates.js";
import type { CurrencyCode } from "../kernel/money.js";
import { bankTransferInstructions } from "./bank-transfer.js";
import { renderPortalPage } from "./portal-html.js";
import { overdueDays, type PortalView, portalStatus } from "./portal-view.js";

const USD = "USD" as CurrencyCode;
const TOKEN = "q1w2e3r4t5y6u7i8o9p0-_";

function view(over: Partial<PortalView> = {}): PortalView {
  return {
    token: TOKEN,
    kind: "invoice",
    number: "INV-2026-000007",
    status: "open",
    seller: { name: "Acme Services LLC", taxId: "12-3456789" },
    customerName: "Steady Client Inc",
    issueDate: "2026-11-02" as CalendarDate,
    dueDate: "2026-12-02" as CalendarDate,
    overdueDays: 0,
    lines: [
      { description: "Retainer", quantity: "1.500", unitPriceMinor: 120_000, netMinor: 180_000 },
    ],
    subtotalMinor: 180_000,
    taxMinor: 14_850,
    totalMinor: 194_850,
    balanceMinor: 194_850,
    currency: USD,
    language: "en",
    locale: "en-US",
    bankTransfer: bankTransferInstructions({
      number: "INV-2026-000007",
      balanceMinor: 194_850,
      currency: USD,
      bankDetails: {
        accountName: "Acme Services LLC",
        iban: null,
        bic: null,
        accountNumber: "000123456789",
        routingNumber: "021000021",
        bankName: "First Bank",
      },
    }),
    cardPayment: { provider: "stripe", url: "https://pay.example/c/abc?x=1&y=2" },
    ...over,
  };
}

describe("renderPortalPage", () => {
  it("is one complete page with no scripts and no outside resources", () => {
    const html = renderPortalPage(view());
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport"');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|@import|url\(/i);
  });

  it("shows the number, balance, due date, lines, totals and how to pay", () => {
    const html = renderPortalPage(view());
    expect(html).toContain("Invoice INV-2026-000007");
    expect(html).toContain("$1,948.50");
    expect(html).toContain('<time datetime="2026-12-02">December 2, 2026</time>');
    expect(html).toContain("Retainer");
    expect(html).toContain(">1.5<");
    expect(html).toContain("$1,200.00");
    expect(html).toContain("$148.50");
    expect(html).toContain(`href="/i/${TOKEN}/pdf">Download PDF`);
    expect(html).toContain("Reference to quote</dt><dd><strong>INV-2026-000007</strong>");
    expect(html).toContain("021000021");
    expect(html).toContain('href="https://pay.example/c/abc?x=1&amp;y=2"');
    expect(html).toContain("Pay by card");
    expect(html).not.toContain("Overdue");
  });

  it("escapes every value from the data", () => {
    const html = renderPortalPage(
      view({
        customerName: `<script>alert("x")</script>`,
        seller: { name: "Tom & Jerry's", taxId: null },
        lines: [{ description: `"><img src=x>`, quantity: "1", unitPriceMinor: 1, netMinor: 1 }],
      }),
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("Tom &amp; Jerry&#39;s");
    expect(html).toContain("&quot;&gt;&lt;img src=x&gt;");
  });

  it("speaks Spanish to a Spanish-speaking customer", () => {
    const html = renderPortalPage(view({ language: "es", locale: "es-MX", overdueDays: 3 }));
    expect(html).toContain('<html lang="es">');
    expect(html).toContain("Factura INV-2026-000007");
    expect(html).toContain("Pendiente de pago");
    expect(html).toContain("Importe pendiente");
    expect(html).toContain("Pagar con tarjeta");
    expect(html).toContain("Referencia a indicar");
    expect(html).toContain("Descargar PDF");
    expect(html).toContain("Vencida hace 3 días");
    expect(html).toContain("2 de diciembre de 2026");
    expect(html).not.toMatch(/Pay by card|Amount due|Overdue/);
  });

  it("says overdue by how many days", () => {
    expect(renderPortalPage(view({ overdueDays: 1 }))).toContain("Overdue by 1 day<");
    expect(renderPortalPage(view({ overdueDays: 12 }))).toContain("Overdue by 12 days<");
  });

  it("says a paid invoice is paid, with no way to pay it", () => {
    const html = renderPortalPage(
      view({ status: "paid", balanceMinor: 0, bankTransfer: null, cardPayment: null }),
    );
    expect(html).toContain("<strong>Paid</strong>");
    expect(html).toContain("This invoice is paid.");
    expect(html).not.toContain("Pay by card");
    expect(html).not.toContain("Bank transfer");
  });

  it("shows no pay button for a paid invoice even if the view still carries a link", () => {
    const html = renderPortalPage(view({ status: "paid", balanceMinor: 0 }));
    expect(html).not.toContain("Pay by card");
    expect(html).not.toContain("pay.example");
  });
});

describe("portalStatus", () => {
  const base = {
    kind: "invoice" as const,
    voided: false,
    totalMinor: 100,
    paidMinor: 0,
    creditedMinor: 0,
  };
  it.each([
    ["open", { balanceMinor: 100 }],
    ["partially_paid", { balanceMinor: 40, paidMinor: 60 }],
    ["partially_paid", { balanceMinor: 40, paidMinor: 20, creditedMinor: 40 }],
    ["open", { balanceMinor: 40, creditedMinor: 60 }],
    ["paid", { balanceMinor: 0, paidMinor: 100 }],
    ["paid", { balanceMinor: 0, paidMinor: 50, creditedMinor: 50 }],
    ["credited", { balanceMinor: 0, creditedMinor: 100 }],
    ["void", { balanceMinor: 100, voided: true }],
    ["issued", { balanceMinor: 0, kind: "credit_note" as const }],
  ])("%s for %j", (status, over) => {
    expect(portalStatus({ ...base, ...over })).toBe(status);
  });
});

describe("overdueDays", () => {
  const due = "2026-12-02" as CalendarDate;
  it.each([
    ["2026-12-01", 0],
    ["2026-12-02", 0],
    ["2026-12-03", 1],
    ["2027-01-01", 30],
  ])("today %s → %i", (today, days) => {
    expect(overdueDays(due, today as CalendarDate)).toBe(days);
  });
  it("is 0 without a due date", () => {
    expect(overdueDays(null, "2027-01-01" as CalendarDate)).toBe(0);
  });
});

describe("bankTransferInstructions", () => {
  it("is null when the seller has no bank details", () => {
    expect(
      bankTransferInstructions({ number: "X", balanceMinor: 1, currency: USD, bankDetails: null }),
    ).toBeNull();
  });
});
