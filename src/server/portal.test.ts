import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES } from "../../test/support/engines.js";
import { TEST_ACTOR } from "../../test/support/fixtures.js";
import { pdfText } from "../../test/support/pdf-text.js";
import { testWorld } from "../../test/support/test-world.js";
import { issueInvoices } from "../billing/issue-invoices.js";
import type { InvoiceSummary } from "../billing/model.js";
import { runBilling } from "../billing/run-billing.js";
import { getInvoice, listInvoices } from "../billing/store.js";
import type { CalendarDate, Instant } from "../kernel/dates.js";
import type { Db } from "../kernel/db.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { Organisation } from "../sources/model.js";
import { buildServer } from "./build-server.js";

const USD = "USD" as CurrencyCode;
const TODAY = "2026-12-09" as CalendarDate; // 7 days after the net-30 due date 2026-12-02

type Issued = InvoiceSummary & { token: string };

function customer(externalId: string, legalName: string, language: string) {
  return {
    externalId,
    legalName,
    taxId: null,
    billingAddress: {
      line1: "1 Main St",
      line2: null,
      city: "Austin",
      region: "TX",
      postalCode: "78701",
      country: "US",
    },
    currency: USD,
    language,
    timeZone: "America/Chicago",
    paymentTerms: { kind: "net" as const, days: 30 },
    segment: "corporate" as const,
    preferredChannels: ["email" as const],
    payerProfile: "punctual" as const,
  };
}

function contract(externalId: string, customerExternalId: string, quantity: string) {
  return {
    externalId,
    customerExternalId,
    schedule: "monthly" as const,
    startOn: "2026-11-01" as never,
    endOn: null,
    timing: "advance" as const,
    currency: USD,
    usage: null,
    lines: [{ productCode: "RET", quantity, unitPriceMinor: null, description: null }],
  };
}

const SECURITY_HEADERS = {
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "x-robots-tag": "noindex",
};

function expectSecure(headers: Record<string, unknown>) {
  expect(headers).toMatchObject(SECURITY_HEADERS);
  const csp = String(headers["content-security-policy"]);
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("style-src 'unsafe-inline'");
  expect(csp).not.toContain("script-src");
}

/** Headers that must match between two 404s: all but the transport's own date. */
function comparable(headers: Record<string, unknown>) {
  const { date: _date, ...rest } = headers;
  return rest;
}

describe.each(ENGINES)("the invoice portal on $name", (engine) => {
  let db: Db;
  let org: Organisation;
  let server: FastifyInstance;
  let first: Issued;
  let second: Issued;
  const w = testWorld("2026-11-02T17:00:00.000Z" as Instant, 21);

  beforeAll(async () => {
    db = await engine.open();
    org = await w.open(db, {
      name: "Portal Services LLC",
      bankDetails: {
        accountName: "Portal Services LLC",
        iban: null,
        bic: null,
        accountNumber: "000123456789",
        routingNumber: "021000021",
        bankName: "First Test Bank",
      },
    });
    await w.apply("tax-rates", [
      { code: "STD", name: "Std", rateBps: 825, inclusive: false, exempt: false, zeroRated: false },
    ]);
    await w.apply("products", [
      {
        code: "RET",
        name: "Monthly retainer",
        unit: "month",
        unitPriceMinor: 120_000,
        currency: USD,
        taxCode: "STD",
      },
    ]);
    await w.apply("customers", [
      customer("C1", "Steady Client Inc", "en"),
      customer("C2", "Cliente Estable SA", "es"),
    ]);
    await w.apply("contracts", [contract("K1", "C1", "1"), contract("K2", "C2", "2")]);
    await runBilling(w.deps(), { org, actor: TEST_ACTOR });
    const drafts = await listInvoices(db, org.id, { statuses: ["review", "draft"] });
    await issueInvoices(w.deps(), { org, invoiceIds: drafts.map((d) => d.id), actor: TEST_ACTOR });
    const issued = await Promise.all(
      (await listInvoices(db, org.id, { statuses: ["issued"] })).map(async (i) => ({
        ...i,
        token: (await getInvoice(db, org.id, i.id))?.portalToken as string,
      })),
    );
    expect(issued).toHaveLength(2);
    first = issued.find((i) => i.customerName === "Steady Client Inc") as Issued;
    second = issued.find((i) => i.customerName === "Cliente Estable SA") as Issued;
    server = buildServer({ db, today: () => TODAY });
    await server.ready();
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it("shows the invoice of the token: number, balance, due date, overdue days, bank reference", async () => {
    const res = await server.inject({ method: "GET", url: `/i/${first.token}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expectSecure(res.headers);
    const html = res.body;
    expect(first.balance).toBe(129_900); // 1,200.00 + 8.25% tax
    expect(html).toContain(`Invoice ${first.number}`);
    expect(html).toContain("$1,299.00");
    expect(html).toContain(`<time datetime="${first.dueDate}">December 2, 2026</time>`);
    expect(html).toContain("Overdue by 7 days");
    expect(html).toContain(`Reference to quote</dt><dd><strong>${first.number}</strong>`);
    expect(html).toContain("000123456789");
    expect(html).toContain("Steady Client Inc");
    expect(html).not.toContain(second.number as string);
    expect(html).not.toContain("Cliente Estable SA");
    expect(html).toContain(`href="/i/${first.token}/pdf"`);
    expect(html).not.toContain("Pay by card");
  });

  it("shows the other customer's invoice, in Spanish, by its own token", async () => {
    const res = await server.inject({ method: "GET", url: `/i/${second.token}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Factura ${second.number}`);
    expect(res.body).toContain("Cliente Estable SA");
    expect(res.body).toContain("Vencida hace 7 días");
    expect(res.body).not.toContain(first.number as string);
  });

  it("serves the invoice's PDF", async () => {
    const res = await server.inject({ method: "GET", url: `/i/${first.token}/pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toBe(`inline; filename="${first.number}.pdf"`);
    expectSecure(res.headers);
    expect(res.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = await pdfText(res.rawPayload);
    expect(text).toContain(first.number);
    expect(text).not.toContain(second.number);
  });

  it("shows the pay-by-card button once the invoice has a payment link", async () => {
    await db.query(
      `INSERT INTO payment_links (org_id, invoice_id, provider, url, external_id, amount_minor, currency, created_at)
       VALUES ($1, $2, 'stripe', 'https://pay.example/c/plink_1?a=1&b=2', 'plink_1', $3, 'USD', $4)`,
      [org.id, first.id, first.balance, "2026-11-03T10:00:00.000Z"],
    );
    const res = await server.inject({ method: "GET", url: `/i/${first.token}` });
    expect(res.body).toContain("Pay by card");
    expect(res.body).toContain('href="https://pay.example/c/plink_1?a=1&amp;b=2"');
    const other = await server.inject({ method: "GET", url: `/i/${second.token}` });
    expect(other.body).not.toContain("pay.example");
  });

  it("answers every unknown well-formed token with the same 404", async () => {
    const expected = await server.inject({ method: "GET", url: "/i/AAAAAAAAAAAAAAAAAAAAAA" });
    expect(expected.statusCode).toBe(404);
    expect(expected.body).toBe("Not found\n");
    expectSecure(expected.headers);
    const headers = comparable(expected.headers);
    const known = new Set([first.token, second.token]);
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const token = randomBytes(16).toString("base64url");
      expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
      if (known.has(token)) continue;
      const path = i % 2 === 0 ? `/i/${token}` : `/i/${token}/pdf`;
      const res = await server.inject({ method: "GET", url: path });
      const outcome = `${res.statusCode} ${JSON.stringify(res.body)} ${JSON.stringify(comparable(res.headers))}`;
      seen.add(outcome);
    }
    expect([...seen]).toEqual([`404 "Not found\\n" ${JSON.stringify(headers)}`]);
  });

  it("answers malformed tokens and unknown paths with the same 404", async () => {
    const reference = await server.inject({ method: "GET", url: "/i/AAAAAAAAAAAAAAAAAAAAAA" });
    const nearMiss = `${first.token.slice(0, 21)}${first.token.endsWith("A") ? "B" : "A"}`;
    const paths = [
      "/i/",
      "/i",
      "/i//pdf",
      `/i/${nearMiss}`,
      `/i/${first.token}x`,
      `/i/${first.token.slice(0, 21)}`,
      `/i/${first.token.toUpperCase() === first.token ? first.token.toLowerCase() : first.token.toUpperCase()}`,
      `/i/${"A".repeat(5_000)}`,
      `/i/${"A".repeat(5_000)}/pdf`,
      "/i/...................../pdf",
      "/i/abc.def",
      "/i/abc%2Fdef",
      "/i/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
      "/i/%",
      "/i/%zz",
      "/i/%00AAAAAAAAAAAAAAAAAAAAA",
      "/i/AAAAAAAAAAAAAAAAAAAA%3D%3D",
      `/i/${first.token}/pdf/extra`,
      `/i/${first.token}/PDF`,
      "/nothing-here",
      "/",
    ];
    for (const url of paths) {
      const res = await server.inject({ method: "GET", url });
      expect({ url, status: res.statusCode, body: res.body }).toEqual({
        url,
        status: 404,
        body: "Not found\n",
      });
      // Same headers in the same order: nothing in the response tells the cases apart.
      expect(JSON.stringify(comparable(res.headers))).toBe(
        JSON.stringify(comparable(reference.headers)),
      );
    }
    const post = await server.inject({ method: "POST", url: `/i/${first.token}`, payload: "x" });
    expect(post.statusCode).toBe(404);
    expect(post.body).toBe("Not found\n");
    expect(JSON.stringify(comparable(post.headers))).toBe(
      JSON.stringify(comparable(reference.headers)),
    );
  });

  it("says a paid invoice is paid, with no way to pay it", async () => {
    await db.query(
      `INSERT INTO payments (org_id, id, customer_id, currency, amount_minor, received_on, method, source, status, created_at)
       VALUES ($1, 'pay_1', $2, 'USD', $3, '2026-12-05', 'bank_transfer', 'manual', 'settled', $4)`,
      [org.id, second.customerId, second.balance, "2026-12-05T10:00:00.000Z"],
    );
    await db.query(
      `INSERT INTO allocations (org_id, id, payment_id, invoice_id, amount_minor, created_at)
       VALUES ($1, 'alc_1', 'pay_1', $2, $3, $4)`,
      [org.id, second.id, second.balance, "2026-12-05T10:00:00.000Z"],
    );
    await db.query("UPDATE invoices SET balance_minor = 0 WHERE org_id = $1 AND id = $2", [
      org.id,
      second.id,
    ]);
    const res = await server.inject({ method: "GET", url: `/i/${second.token}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("<strong>Pagada</strong>");
    expect(res.body).toContain("Esta factura está pagada.");
    expect(res.body).not.toMatch(/Pagar con tarjeta|Transferencia bancaria|Vencida/);
  });

  it("says it is healthy, with the same security headers", async () => {
    const res = await server.inject({ method: "GET", url: "/healthz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expectSecure(res.headers);
  });
});
