import type { Command } from "commander";
import {
  CashloopError,
  formatMoney,
  getInvoice,
  listPayments,
  PAYMENT_METHODS,
  type PaymentMethod,
  parseMoney,
  recordPayment,
  todayIn,
} from "../app/index.js";
import { withApp } from "./global-options.js";
import { type Io, printJson, printTable } from "./output.js";

const asCurrency = (code: string) => parseMoney("0", code).currency;

const USER = { kind: "user", id: "cli" } as const;

export function registerPaymentCommands(program: Command, io: Io): void {
  const payments = program.command("payments").description("money received");
  payments
    .command("record")
    .requiredOption("--invoice <number>", "the invoice it pays")
    .requiredOption("--amount <amount>", "e.g. 1200.50, in the invoice's currency")
    .option("--on <date>", "when it arrived (YYYY-MM-DD); default today")
    .option("--method <method>", `one of ${PAYMENT_METHODS.join(", ")}`, "bank_transfer")
    .option("--reference <text>", "the reference the payer quoted")
    .option("--pending", "seen but not yet settled (a card payment in flight): reminders wait")
    .description("record a payment against an invoice; the balance drops and reminders stop")
    .action(async (opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const invoice = await getInvoice(app.db, org.id, opts.invoice);
        if (!invoice) throw new CashloopError("invoice_not_found", `no invoice ${opts.invoice}`);
        if (!PAYMENT_METHODS.includes(opts.method)) {
          throw new CashloopError(
            "option_invalid",
            `--method: one of ${PAYMENT_METHODS.join(", ")}`,
            {
              field: "method",
            },
          );
        }
        const on = opts.on ?? todayIn(org.timeZone, app.clock.now());
        if (!/^\d{4}-\d{2}-\d{2}$/.test(on)) {
          throw new CashloopError("option_invalid", `--on: "${on}" is not a date (YYYY-MM-DD)`, {
            field: "on",
          });
        }
        const amount = parseMoney(opts.amount, invoice.currency);
        const r = await recordPayment(app, {
          orgId: org.id,
          invoice: invoice.id,
          amountMinor: amount.amountMinor,
          receivedOn: on,
          method: opts.method as PaymentMethod,
          reference: opts.reference ?? null,
          status: opts.pending ? "pending" : "settled",
          actor: USER,
        });
        if (g.json) return printJson(io, { ...r, currency: invoice.currency });
        const fmt = (minor: number) =>
          formatMoney({ amountMinor: minor, currency: amount.currency }, org.locale);
        io.stdout(
          opts.pending
            ? `Pending payment ${r.paymentId} noted for ${invoice.number}; reminders wait for it.\n`
            : `Applied ${fmt(r.applied)} to ${invoice.number}; balance ${fmt(r.balanceAfter)}.${r.unapplied > 0 ? ` ${fmt(r.unapplied)} kept as the customer's credit.` : ""}\n`,
        );
      });
    });
  payments
    .command("list")
    .description("payments with where they went")
    .action(async (_opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const rows = await listPayments(app.db, org.id);
        if (g.json) return printJson(io, rows);
        printTable(
          io,
          ["ID", "ON", "AMOUNT", "STATUS", "INVOICES"],
          rows.map((p) => [
            p.id,
            p.receivedOn,
            formatMoney({ amountMinor: p.amount, currency: asCurrency(p.currency) }, org.locale),
            p.status,
            p.allocations.map((a) => a.invoiceNumber).join(", "),
          ]),
        );
      });
    });
}
