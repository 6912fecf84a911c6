import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import {
  CashloopError,
  changeContract,
  createCreditNote,
  getInvoice,
  getPolicy,
  INVOICE_STATUSES,
  type InvoiceStatus,
  listInvoices,
  loadInvoiceDocument,
  parseMoney,
  parsePolicyChanges,
  renderInvoicePdf,
  setAlwaysReview,
  setPolicy,
  toUblXml,
  voidInvoice,
} from "../app/index.js";
import { withApp } from "./global-options.js";
import { printInvoiceTable, showInvoice } from "./invoice-output.js";
import { type Io, printJson } from "./output.js";

const USER = { kind: "user", id: "cli" } as const;

export function registerInvoiceCommands(program: Command, io: Io): void {
  program
    .command("invoices")
    .description("drafts and invoices")
    .command("list")
    .description("drafts and invoices: issued ones by series and number, then drafts by creation")
    .option("--status <status>", INVOICE_STATUSES.join(" | "))
    .option("--customer <id>", "only this customer's (id or external id)")
    .action(async (opts, command: Command) => {
      if (opts.status && !(INVOICE_STATUSES as readonly string[]).includes(opts.status)) {
        throw new CashloopError(
          "status_unknown",
          `--status: "${opts.status}"; use ${INVOICE_STATUSES.join(", ")}`,
        );
      }
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const items = await listInvoices(app.db, org.id, {
          statuses: opts.status ? [opts.status as InvoiceStatus] : undefined,
          customerId: opts.customer,
        });
        if (g.json) printJson(io, items);
        else printInvoiceTable(io, items, org.locale);
      });
    });

  const invoice = program.command("invoice").description("one invoice: show, void, documents");
  invoice
    .command("show")
    .argument("<number>", "invoice number or id")
    .action(async (number: string, _opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        await showInvoice(app, org, number, io, Boolean(g.json), false);
      });
    });
  invoice
    .command("void")
    .argument("<number>", "invoice number or id")
    .requiredOption("--reason <text>", "why; kept with the invoice")
    .description("void an issued invoice with nothing paid or credited on it; it keeps its number")
    .action(async (number: string, opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const found = await getInvoice(app.db, org.id, number);
        if (!found) throw new CashloopError("invoice_not_found", `no invoice ${number}`);
        await voidInvoice(app, {
          orgId: org.id,
          invoiceId: found.id,
          reason: opts.reason,
          actor: USER,
        });
        io.stdout(
          g.json
            ? `${JSON.stringify({ number: found.number, status: "void" })}\n`
            : `Voided ${found.number}.\n`,
        );
      });
    });
  for (const format of ["pdf", "xml"] as const) {
    invoice
      .command(format)
      .argument("<number>", "invoice number or id")
      .requiredOption("-o, --output <file>", "where to write it")
      .description(
        format === "pdf"
          ? "the printable invoice (PDF)"
          : "the e-invoice: UBL 2.1, Peppol BIS Billing 3.0",
      )
      .action(async (number: string, opts, command: Command) => {
        await withApp(command, io, async (app, g) => {
          const org = await app.organisation(g.org);
          const doc = await loadInvoiceDocument(app.db, org.id, number);
          const bytes = format === "pdf" ? await renderInvoicePdf(doc) : toUblXml(doc);
          writeFileSync(opts.output, bytes);
          if (!g.json) io.stdout(`Wrote ${opts.output}.\n`);
        });
      });
  }

  program
    .command("credit-note")
    .description("credit notes")
    .command("create")
    .argument("<invoice>", "the issued invoice to credit (number or id)")
    .option("--lines <positions>", "credit these lines in full, e.g. 1,3")
    .option("--amount <amount>", "credit this net amount, e.g. 50.00 (invoices with one tax code)")
    .requiredOption("--reason <text>", "why")
    .description("draft a credit note; it waits in the review tray until approved")
    .action(async (number: string, opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const target = await getInvoice(app.db, org.id, number);
        if (!target) throw new CashloopError("invoice_not_found", `no invoice ${number}`);
        const result = await createCreditNote(app, {
          orgId: org.id,
          invoice: number,
          linePositions: opts.lines ? String(opts.lines).split(",").map(Number) : undefined,
          amountMinor: opts.amount
            ? parseMoney(opts.amount, target.currency).amountMinor
            : undefined,
          reason: opts.reason,
          actor: USER,
        });
        if (g.json) printJson(io, { ...result, currency: target.currency });
        else
          io.stdout(
            `Drafted credit note ${result.id} for ${target.number}; approve it with: cashloop review approve ${result.id}\n`,
          );
      });
    });

  const policy = program
    .command("policy")
    .description("the organisation's billing and review policy");
  policy.command("show").action(async (_opts, command: Command) => {
    await withApp(command, io, async (app, g) => {
      const org = await app.organisation(g.org);
      printJson(io, await getPolicy(app.db, org.id));
    });
  });
  policy
    .command("set")
    .argument("<changes...>", "KEY=VALUE, e.g. autoIssue=true highValueMinor=250000")
    .action(async (changes: string[], _opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        printJson(
          io,
          await setPolicy(app, {
            orgId: org.id,
            changes: parsePolicyChanges(changes),
            actor: USER,
          }),
        );
      });
    });

  const contracts =
    program.commands.find((c) => c.name() === "contracts") ?? program.command("contracts");
  contracts
    .command("change")
    .argument("<id>", "contract id or external id")
    .requiredOption("--effective <date>", "first day on the new terms (YYYY-MM-DD)")
    .option("--line <n>", "the contract line to change (1-based)", "1")
    .option("--product <code>", "new product")
    .option("--quantity <q>", "new quantity")
    .option("--price <amount>", "new unit price, e.g. 1600.00 (overrides the list price)")
    .option("--list-price", "use the product's list price from now on")
    .description("upgrade or downgrade a contract mid-cycle; the next bill prorates the change")
    .action(async (key: string, opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const result = await changeContract(app, {
          orgId: org.id,
          contract: key,
          effectiveOn: opts.effective,
          change: {
            position: Number(opts.line),
            productCode: opts.product,
            quantity: opts.quantity,
            unitPrice: opts.listPrice ? null : opts.price,
          },
          actor: USER,
        });
        if (g.json) printJson(io, result);
        else
          io.stdout(
            `Contract ${key} changes from ${opts.effective}; the next bill prorates it (${result.id}).\n`,
          );
      });
    });

  for (const table of ["customers", "contracts"] as const) {
    const group = program.commands.find((c) => c.name() === table) ?? program.command(table);
    group
      .command("always-review")
      .argument("<id>", "id or external id")
      .argument("<on|off>", "on: its drafts always wait for a person")
      .description(`mark a ${table.slice(0, -1)} never automatic (or lift it)`)
      .action(async (key: string, value: string, _opts, command: Command) => {
        if (value !== "on" && value !== "off")
          throw new CashloopError("option_invalid", `use on or off, not "${value}"`);
        await withApp(command, io, async (app, g) => {
          const org = await app.organisation(g.org);
          await setAlwaysReview(app, {
            orgId: org.id,
            table,
            key,
            value: value === "on",
            actor: USER,
          });
          if (!g.json) io.stdout(`${key}: always review ${value}.\n`);
        });
      });
  }
}
