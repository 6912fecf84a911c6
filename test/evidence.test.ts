/**
 * Payment evidence end to end: a PNG screenshot of a Spanish transfer (read by OCR with the
 * trained data from the npm packages, offline) and an English PDF receipt (its text layer)
 * become payment claims that wait for the bank line. Evidence alone never pays anything; the
 * bank line imported and reconciled confirms the claim; a claim with no line after six days
 * expires into a task. Then the same through the CLI.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import PDFDocument from "pdfkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cycle } from "../src/app/followup.js";
import { builtinProvider } from "../src/assist/builtin-provider.js";
import { issueInvoices } from "../src/billing/issue-invoices.js";
import { runBilling } from "../src/billing/run-billing.js";
import { getInvoice, listInvoices } from "../src/billing/store.js";
import { listTasks } from "../src/followup/tasks.js";
import { listAudit } from "../src/kernel/audit.js";
import type { CalendarDate, Instant } from "../src/kernel/dates.js";
import { CashloopError } from "../src/kernel/errors.js";
import type { CurrencyCode } from "../src/kernel/money.js";
import { addEvidence } from "../src/reconcile/add-evidence.js";
import { getClaim, listClaims, type PaymentClaim } from "../src/reconcile/claim-store.js";
import { evidenceText } from "../src/reconcile/evidence-text.js";
import { importStatement } from "../src/reconcile/import-statement.js";
import { reconcileLines } from "../src/reconcile/reconcile-lines.js";
import { listStatementLines } from "../src/reconcile/statement-store.js";
import { listPayments } from "../src/reconcile/store.js";
import { createOrganisation } from "../src/sources/create-organisation.js";
import type { Organisation, SourceKind, SourceRow } from "../src/sources/model.js";
import { ENGINES, type Engine } from "./support/engines.js";
import { applyRecords, TEST_ACTOR } from "./support/fixtures.js";
import { renderTextPng } from "./support/png-text.js";
import { runCli } from "./support/run-cli.js";
import { type TestApp, testApp } from "./support/test-app.js";

const EUR = "EUR" as CurrencyCode;
const OCR_TIMEOUT = 120_000;

/** A Spanish bank app's screenshot of a transfer, for `invoice`. */
function transferPng(invoice: string): Buffer {
  return renderTextPng([
    "Transferencia realizada",
    "Importe: 1.234,50 EUR",
    "Fecha: 18/11/2026",
    `Referencia: ${invoice}`,
    "Ordenante: Comercial Azteca",
    "Banco: BBVA",
  ]);
}

function pdf(draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A5",
    margin: 40,
    info: { CreationDate: new Date(Date.UTC(2026, 10, 19)) },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) =>
    doc.on("end", () => resolve(Buffer.concat(chunks))),
  );
  draw(doc);
  doc.end();
  return done;
}

/** An English bank's payment confirmation, labels and values in two columns. */
function confirmationPdf(invoice: string): Promise<Buffer> {
  return pdf((doc) => {
    doc.fontSize(16).text("Northbank Online Banking", 40, 40);
    doc.fontSize(12).text("Payment confirmation", 40, 70);
    const rows = [
      ["Amount", "EUR 980.00"],
      ["Date", "19 Nov 2026"],
      ["Reference", `Invoice ${invoice}`],
      ["From", "Steady Client Inc"],
      ["Bank", "Barclays"],
      ["Status", "Completed"],
    ];
    rows.forEach(([label, value], i) => {
      doc.text(`${label}:`, 40, 110 + i * 22);
      doc.text(value ?? "", 160, 110 + i * 22);
    });
  });
}

/** A CAMT.053 statement with one credit line in EUR. */
function camt(line: { amount: string; date: string; name: string; text: string }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>${line.date}T06:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><CreDtTm>${line.date}T06:00:00</CreDtTm>
<Acct><Id><IBAN>ES9121000418450200051332</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Ntry><Amt Ccy="EUR">${line.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>${line.date}</Dt></BookgDt><ValDt><Dt>${line.date}</Dt></ValDt><AcctSvcrRef>B-1</AcctSvcrRef>
<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
<RltdPties><Dbtr><Nm>${line.name}</Nm></Dbtr></RltdPties>
<RmtInf><Ustrd>${line.text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>`;
}

/**
 * A Madrid workshop billing in euros: Comercial Azteca (1 234,50 a month) and Steady Client
 * (980,00 a month), billed and issued on 2026-11-02.
 */
async function evidenceWorld(engine: Engine) {
  const db = await engine.open();
  const app: TestApp = await testApp(db, "2026-11-02T09:00:00.000Z" as Instant, 11);
  const org: Organisation = await createOrganisation(app, {
    name: "Talleres Norte",
    currency: EUR,
    timeZone: "Europe/Madrid",
    locale: "es-ES",
    actor: TEST_ACTOR,
  });
  const apply = <K extends SourceKind>(kind: K, records: SourceRow<K>["record"][]) =>
    applyRecords(app, org.id, kind, records);
  await apply("tax-rates", [
    { code: "EX", name: "Exempt", rateBps: 0, inclusive: false, exempt: false, zeroRated: false },
  ]);
  const product = (code: string, unitPriceMinor: number) => ({
    code,
    name: code,
    unit: "month",
    unitPriceMinor,
    currency: EUR,
    taxCode: "EX",
  });
  await apply("products", [product("MANT", 123_450), product("AUDIT", 98_000)]);
  const customer = (externalId: string, legalName: string, language: string) => ({
    externalId,
    legalName,
    taxId: null,
    billingAddress: null,
    currency: EUR,
    language,
    timeZone: "Europe/Madrid",
    paymentTerms: { kind: "net" as const, days: 30 },
    segment: "small_business" as const,
    preferredChannels: ["email" as const],
    payerProfile: null,
  });
  await apply("customers", [
    customer("AZTECA", "Comercial Azteca SA de CV", "es"),
    customer("STEADY", "Steady Client Inc", "en"),
  ]);
  await apply(
    "contracts",
    [
      ["AZTECA", "MANT"],
      ["STEADY", "AUDIT"],
    ].map(([c, p]) => ({
      externalId: `K-${c}`,
      customerExternalId: c as string,
      schedule: "monthly",
      startOn: "2026-11-01" as CalendarDate,
      endOn: null,
      timing: "advance" as const,
      currency: EUR,
      usage: null,
      lines: [{ productCode: p as string, quantity: "1", unitPriceMinor: null, description: null }],
    })),
  );
  await runBilling(app, { org, actor: TEST_ACTOR });
  const drafts = await listInvoices(db, org.id, { statuses: ["review", "draft"] });
  await issueInvoices(app, { org, invoiceIds: drafts.map((d) => d.id), actor: TEST_ACTOR });
  const issued = await listInvoices(db, org.id, { statuses: ["issued"] });
  const invoiceOf = (name: string) => {
    const found = issued.find((i) => i.customerName.startsWith(name));
    if (!found?.number) throw new Error(`no invoice for ${name}`);
    return { ...found, number: found.number };
  };
  return { app, org, azteca: invoiceOf("Comercial Azteca"), steady: invoiceOf("Steady") };
}

type World = Awaited<ReturnType<typeof evidenceWorld>>;

describe("OCR of a screenshot", () => {
  it(
    "reads every line of a rendered PNG with the installed English and Spanish data, offline",
    async () => {
      const png = transferPng("INV-2026-000123");
      const started = performance.now();
      const { kind, text } = await evidenceText(png, "transfer.png");
      const ms = Math.round(performance.now() - started);
      console.info(`OCR of one ${png.length}-byte PNG receipt (worker start included): ${ms} ms`);
      expect(kind).toBe("png");
      expect(text.split("\n")).toEqual([
        "Transferencia realizada",
        "Importe: 1.234,50 EUR",
        "Fecha: 18/11/2026",
        "Referencia: INV-2026-000123",
        "Ordenante: Comercial Azteca",
        "Banco: BBVA",
      ]);
    },
    OCR_TIMEOUT,
  );

  it(
    "a broken or blank image is refused with the file's name",
    async () => {
      const broken = Buffer.concat([renderTextPng(["x"]).subarray(0, 8), Buffer.alloc(64, 7)]);
      const error = await evidenceText(broken, "broken.png").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CashloopError);
      expect((error as CashloopError).message).toMatch(/^broken\.png: the image could not be read/);
      const blank = renderTextPng([" "]);
      await expect(evidenceText(blank, "blank.png")).rejects.toThrow(
        "blank.png: no text could be read from the PNG image",
      );
    },
    OCR_TIMEOUT,
  );
});

describe.each(ENGINES)("payment evidence on $name", (engine) => {
  let w: World;
  let png: Buffer;
  let receipt: Buffer;
  const provider = builtinProvider();
  const claims = () => listClaims(w.app.db, w.org.id);

  beforeAll(async () => {
    w = await evidenceWorld(engine);
    png = transferPng(w.azteca.number);
    receipt = await confirmationPdf(w.steady.number);
  }, OCR_TIMEOUT);
  afterAll(async () => {
    await w?.app.close();
  });

  it(
    "a PNG screenshot becomes a waiting claim linked to the invoice it names; the invoice is untouched; the same file again changes nothing",
    async () => {
      w.app.setNow("2026-11-18T15:00:00.000Z" as Instant);
      const before = await getInvoice(w.app.db, w.org.id, w.azteca.id);
      const first = await addEvidence(w.app, {
        orgId: w.org.id,
        file: "transferencia.png",
        bytes: png,
        provider,
        actor: TEST_ACTOR,
      });
      expect(first.added).toBe(true);
      expect(first.kind).toBe("png");
      expect(first.claim).toMatchObject({
        id: expect.stringMatching(/^clm_/),
        file: "transferencia.png",
        amount: 123_450,
        currency: "EUR",
        claimedOn: "2026-11-18",
        reference: w.azteca.number,
        payer: "Comercial Azteca",
        bank: "BBVA",
        invoiceId: w.azteca.id,
        invoiceNumber: w.azteca.number,
        customerId: w.azteca.customerId,
        status: "waiting",
        lineId: null,
      });
      expect(first.claim.text).toContain("Transferencia realizada");
      expect(first.claim.confidence.amount).toBeGreaterThan(0.5);

      const again = await addEvidence(w.app, {
        orgId: w.org.id,
        file: "copy-of-the-same.png",
        bytes: png,
        provider,
        actor: TEST_ACTOR,
      });
      expect(again).toMatchObject({ added: false, kind: null, claim: { id: first.claim.id } });
      expect(await claims()).toHaveLength(1);

      const after = await getInvoice(w.app.db, w.org.id, w.azteca.id);
      expect(after?.balance).toBe(before?.balance);
      expect(after?.balance).toBe(123_450);
      expect(after?.status).toBe("issued");
      expect(await listPayments(w.app.db, w.org.id)).toEqual([]);
      const audited = await listAudit(w.app.db, { orgId: w.org.id, action: "payment_claim.added" });
      expect(audited.map((a) => a.subjectId)).toEqual([first.claim.id]);
    },
    OCR_TIMEOUT,
  );

  it("an English PDF receipt is read from its text layer into a claim", async () => {
    w.app.setNow("2026-11-20T10:00:00.000Z" as Instant);
    const { claim, added, kind } = await addEvidence(w.app, {
      orgId: w.org.id,
      file: "confirmation.pdf",
      bytes: receipt,
      provider,
      actor: TEST_ACTOR,
    });
    expect({ added, kind }).toEqual({ added: true, kind: "pdf" });
    expect(claim).toMatchObject({
      amount: 98_000,
      currency: "EUR",
      claimedOn: "2026-11-19",
      reference: w.steady.number,
      payer: "Steady Client Inc",
      bank: "Barclays",
      invoiceId: w.steady.id,
      status: "waiting",
    });
    expect(claim.text.split("\n")).toContain("Amount: EUR 980.00");
    expect((await getInvoice(w.app.db, w.org.id, w.steady.id))?.balance).toBe(98_000);
    expect(await listPayments(w.app.db, w.org.id)).toEqual([]);
  });

  it("a scanned PDF (no text layer) is refused with a clear error and saves nothing", async () => {
    const scanned = await pdf((doc) => {
      doc.image(renderTextPng(["Importe: 5,00 EUR"]), 40, 40, { width: 300 });
    });
    const error = await addEvidence(w.app, {
      orgId: w.org.id,
      file: "scan.pdf",
      bytes: scanned,
      provider,
      actor: TEST_ACTOR,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CashloopError);
    expect((error as CashloopError).code).toBe("evidence_no_text");
    expect((error as CashloopError).message).toMatch(/^scan\.pdf: the PDF has no text layer/);
    expect(await claims()).toHaveLength(2);
  });

  it("the bank line, imported and reconciled, confirms the claim it matches and no other", async () => {
    w.app.setNow("2026-11-20T12:00:00.000Z" as Instant);
    await importStatement(w.app, {
      orgId: w.org.id,
      file: "statement.xml",
      bytes: new TextEncoder().encode(
        camt({
          amount: "1234.50",
          date: "2026-11-19",
          name: "COMERCIAL AZTECA SA DE CV",
          text: `Pago ${w.azteca.number}`,
        }),
      ),
      actor: TEST_ACTOR,
    });
    const waitingBefore = await claims();
    expect(waitingBefore.every((c) => c.status === "waiting")).toBe(true);
    await reconcileLines(w.app, { orgId: w.org.id, actor: TEST_ACTOR });
    const [line] = await listStatementLines(w.app.db, w.org.id);
    const byFile = new Map((await claims()).map((c) => [c.file, c]));
    expect(byFile.get("transferencia.png")).toMatchObject({
      status: "confirmed",
      lineId: line?.id,
    });
    expect(byFile.get("confirmation.pdf")).toMatchObject({ status: "waiting", lineId: null });
    // The line paid the invoice (the matcher's work, from the line); the claim added nothing.
    expect((await getInvoice(w.app.db, w.org.id, w.azteca.id))?.balance).toBe(0);
    expect(await listPayments(w.app.db, w.org.id)).toHaveLength(1);
  });

  it("a claim with no bank line after 6 days expires into a task for a person, once", async () => {
    const steadyClaim = (await claims()).find((c) => c.file === "confirmation.pdf") as PaymentClaim;
    const pass = (at: string) => {
      w.app.setNow(at as Instant);
      return cycle(w.app, w.org, {}, { bill: false, followup: true, send: false });
    };
    await pass("2026-11-25T10:00:00.000Z");
    expect((await getClaim(w.app.db, w.org.id, { id: steadyClaim.id }))?.status).toBe("waiting");
    expect(await listTasks(w.app.db, w.org.id, { kind: "unconfirmed_claim" })).toEqual([]);

    await pass("2026-11-26T12:00:00.000Z");
    await pass("2026-11-27T12:00:00.000Z");
    expect((await getClaim(w.app.db, w.org.id, { id: steadyClaim.id }))?.status).toBe("expired");
    const tasks = await listTasks(w.app.db, w.org.id, { kind: "unconfirmed_claim" });
    expect(tasks).toHaveLength(1);
    const [task] = tasks;
    expect(task?.title).toContain("The customer sent proof of a payment that has not arrived:");
    expect(task?.title).toContain("980,00");
    expect(task?.title).toContain(w.steady.number);
    expect(task?.title).toContain("Steady Client Inc");
    expect(task).toMatchObject({
      invoiceId: w.steady.id,
      customerId: w.steady.customerId,
      status: "open",
      data: { claimId: steadyClaim.id, amountMinor: 98_000, currency: "EUR" },
    });
    expect(task?.summary).toContain("confirmation.pdf");
    // The confirmed claim stays confirmed; the invoice the receipt named is still unpaid.
    const confirmed = (await claims()).find((c) => c.file === "transferencia.png");
    expect(confirmed?.status).toBe("confirmed");
    expect((await getInvoice(w.app.db, w.org.id, w.steady.id))?.balance).toBe(98_000);
  });
});

describe("evidence on the command line", () => {
  const dir = mkdtempSync(join(tmpdir(), "cashloop-evidence-"));
  const cli = (args: string[]) =>
    runCli(["--data", join(dir, "data"), "--as-of", "2026-11-20", ...args]);

  beforeAll(async () => {
    const init = await cli([
      "init",
      "--name",
      "Talleres Norte",
      "--currency",
      "EUR",
      "--time-zone",
      "Europe/Madrid",
      "--locale",
      "es-ES",
    ]);
    expect(init.code).toBe(0);
    writeFileSync(join(dir, "transfer.png"), transferPng("INV-2026-000123"));
    writeFileSync(join(dir, "receipt.pdf"), await confirmationPdf("INV-2026-000456"));
    writeFileSync(join(dir, "notes.bin"), Buffer.from([0, 1, 2, 3, 250, 251]));
  }, OCR_TIMEOUT);

  it(
    "evidence add reads a PNG and a PDF into waiting claims; again, nothing changes; evidence list shows them",
    async () => {
      const first = await cli([
        "--json",
        "evidence",
        "add",
        join(dir, "transfer.png"),
        join(dir, "receipt.pdf"),
      ]);
      expect(first.stderr).toBe("");
      expect(first.code).toBe(0);
      const out = JSON.parse(first.stdout) as {
        claims: { added: boolean; kind: string; claim: PaymentClaim }[];
        failed: unknown[];
      };
      expect(out.failed).toEqual([]);
      expect(out.claims.map((c) => [c.added, c.kind, c.claim.amount, c.claim.currency])).toEqual([
        [true, "png", 123_450, "EUR"],
        [true, "pdf", 98_000, "EUR"],
      ]);
      expect(out.claims.map((c) => c.claim.reference)).toEqual([
        "INV-2026-000123",
        "INV-2026-000456",
      ]);
      // No such invoices in this business: the claims are kept, linked to nothing.
      expect(out.claims.map((c) => c.claim.invoiceId)).toEqual([null, null]);

      const again = await cli(["evidence", "add", join(dir, "receipt.pdf")]);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(
        /receipt\.pdf: already added as claim clm_\w+ \(waiting\); nothing changed\./,
      );

      const list = await cli(["--json", "evidence", "list", "--status", "waiting"]);
      const rows = JSON.parse(list.stdout) as PaymentClaim[];
      expect(rows.map((r) => r.amount)).toEqual([123_450, 98_000]);
      const table = await cli(["evidence", "list"]);
      expect(table.stdout).toContain("1234,50");
      expect(table.stdout).toContain("(2 rows)");
    },
    OCR_TIMEOUT,
  );

  it("a file that is not a receipt format is named with the reason; the exit code says it failed", async () => {
    const r = await cli(["evidence", "add", join(dir, "notes.bin")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("notes.bin: not a PDF, PNG, JPEG or text file");
    const list = await cli(["--json", "evidence", "list"]);
    expect(JSON.parse(list.stdout)).toHaveLength(2);
  });
});
