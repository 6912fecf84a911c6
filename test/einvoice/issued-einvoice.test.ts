/**
 * The whole path for an e-invoice: source data → bill → approve (gapless number) → the issued
 * invoice's UBL XML → XSD, EN 16931 and Peppol BIS rules. Then a credit note for one of its lines,
 * approved in the review tray, validated the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCreditNote } from "../../src/billing/create-credit-note.js";
import { invoiceDocument } from "../../src/billing/invoice-document.js";
import { issueInvoices } from "../../src/billing/issue-invoices.js";
import { runBilling } from "../../src/billing/run-billing.js";
import { getInvoice, listInvoices } from "../../src/billing/store.js";
import { toUblXml } from "../../src/billing/ubl-write.js";
import type { Instant } from "../../src/kernel/dates.js";
import type { Db } from "../../src/kernel/db.js";
import { openPglite } from "../../src/kernel/db-pglite.js";
import type { CurrencyCode } from "../../src/kernel/money.js";
import type { Organisation } from "../../src/sources/model.js";
import {
  closeEinvoiceValidator,
  einvoiceToolsMissing,
  validateUbl,
} from "../support/einvoice-validate.js";
import { TEST_ACTOR } from "../support/fixtures.js";
import { testWorld } from "../support/test-world.js";

const EUR = "EUR" as CurrencyCode;
const toolsMissing = einvoiceToolsMissing();
if (toolsMissing) console.warn(`SKIPPED: ${toolsMissing}`);

describe.skipIf(toolsMissing !== null)(
  "an issued invoice and its credit note as Peppol BIS e-invoices",
  () => {
    let db: Db;
    let org: Organisation;
    const w = testWorld("2026-12-01T10:00:00.000Z" as Instant, 11);
    const { deps } = w;
    const apply: typeof w.apply = (kind, records) => w.apply(kind, records);

    beforeAll(async () => {
      db = await openPglite();
      org = await w.open(db, {
        name: "Estudio Norte",
        legalName: "Estudio Norte S.L.",
        taxId: "ESB12345674",
        address: {
          line1: "Calle Mayor 1",
          line2: null,
          city: "Madrid",
          region: null,
          postalCode: "28013",
          country: "ES",
        },
        currency: "EUR",
        timeZone: "Europe/Madrid",
        locale: "es-ES",
        bankDetails: {
          accountName: "Estudio Norte S.L.",
          iban: "ES9121000418450200051332",
          bic: "CAIXESBBXXX",
          accountNumber: null,
          routingNumber: null,
          bankName: "CaixaBank",
        },
        actor: TEST_ACTOR,
      });
      await apply("tax-rates", [
        {
          code: "IVA21",
          name: "IVA general",
          rateBps: 2100,
          inclusive: false,
          exempt: false,
          zeroRated: false,
        },
        {
          code: "IVA10",
          name: "IVA reducido",
          rateBps: 1000,
          inclusive: false,
          exempt: false,
          zeroRated: false,
        },
        {
          code: "EXENTO",
          name: "Exento",
          rateBps: 0,
          inclusive: false,
          exempt: true,
          zeroRated: false,
        },
      ]);
      await apply("products", [
        {
          code: "DESIGN",
          name: "Diseño web",
          unit: "hour",
          unitPriceMinor: 6_000,
          currency: EUR,
          taxCode: "IVA21",
        },
        {
          code: "BOOKS",
          name: "Libros técnicos",
          unit: "unit",
          unitPriceMinor: 2_550,
          currency: EUR,
          taxCode: "IVA10",
        },
        {
          code: "COURSE",
          name: "Formación reglada",
          unit: "day",
          unitPriceMinor: 40_000,
          currency: EUR,
          taxCode: "EXENTO",
        },
      ]);
      await apply("customers", [
        {
          externalId: "FR-1",
          legalName: "Atelier Lumière SARL",
          taxId: "FR40303265045",
          billingAddress: {
            line1: "12 rue de la Paix",
            line2: null,
            city: "Paris",
            region: null,
            postalCode: "75002",
            country: "FR",
          },
          currency: EUR,
          language: "es",
          timeZone: "Europe/Paris",
          paymentTerms: { kind: "net", days: 30 },
          segment: "corporate",
          preferredChannels: ["email"],
          payerProfile: null,
        },
      ]);
      await apply("contacts", [
        {
          externalId: "FR-1-A",
          customerExternalId: "FR-1",
          name: "Claire",
          role: "billing",
          email: "compta@atelier-lumiere.fr",
          phone: null,
          whatsappOptIn: false,
        },
      ]);
      await apply("events", [
        {
          externalId: "JOB-1",
          kind: "job_completed",
          customerExternalId: "FR-1",
          contractExternalId: null,
          occurredAt: "2026-11-30T15:00:00.000Z" as Instant,
          notes: "Rediseño y formación",
          lines: [
            { productCode: "DESIGN", quantity: "12.5", unitPriceMinor: null, description: null },
            { productCode: "BOOKS", quantity: "3", unitPriceMinor: null, description: null },
            { productCode: "COURSE", quantity: "1", unitPriceMinor: null, description: null },
          ],
        },
      ]);
    });
    afterAll(async () => {
      await closeEinvoiceValidator();
      await db.close();
    });

    it("passes the UBL XSD, EN 16931 and Peppol BIS rules, and so does its credit note", async () => {
      await runBilling(deps(), { org, actor: TEST_ACTOR });
      const [draft] = await listInvoices(db, org.id, { statuses: ["review"] });
      const [issuedRef] = await issueInvoices(deps(), {
        org,
        invoiceIds: [draft!.id],
        actor: TEST_ACTOR,
      });
      expect(issuedRef?.number).toBe("INV-2026-000001");
      const invoice = (await getInvoice(db, org.id, issuedRef!.number))!;
      // 12.5 h × 60.00 = 750.00 at 21 %; 3 × 25.50 = 76.50 at 10 %; 400.00 exempt.
      expect([invoice.subtotal, invoice.tax, invoice.total]).toEqual([
        122_650,
        15_750 + 765,
        122_650 + 16_515,
      ]);
      const xml = toUblXml(invoiceDocument(invoice));
      const result = await validateUbl(xml);
      expect(result.xsdErrors).toEqual([]);
      expect(result.fatal).toEqual([]);
      expect(xml).toContain("<cbc:TaxExemptionReason>");

      const credit = await createCreditNote(deps(), {
        orgId: org.id,
        invoice: issuedRef!.number,
        linePositions: [2],
        reason: "libros devueltos",
        actor: TEST_ACTOR,
      });
      const tray = await listInvoices(db, org.id, { statuses: ["review"] });
      expect(tray.map((i) => i.reviewReasons[0]?.code)).toEqual(["credit_note"]);
      const [cnRef] = await issueInvoices(deps(), {
        org,
        invoiceIds: [credit.id],
        actor: TEST_ACTOR,
      });
      expect(cnRef?.number).toBe("CN-2026-000001");
      const creditNote = (await getInvoice(db, org.id, cnRef!.number))!;
      const creditXml = toUblXml(
        invoiceDocument(creditNote, {
          creditedInvoice: { number: invoice.number!, issueOn: invoice.issueDate! },
        }),
      );
      const creditResult = await validateUbl(creditXml);
      expect(creditResult.xsdErrors).toEqual([]);
      expect(creditResult.fatal).toEqual([]);
      expect(creditXml).toContain("<CreditNote");
      const after = (await getInvoice(db, org.id, issuedRef!.number))!;
      expect(after.balance).toBe(invoice.total - creditNote.total);
    });
  },
);
