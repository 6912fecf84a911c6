import type { Command } from "commander";
import {
  CashloopError,
  confirmMatch,
  formatMoney,
  getMatch,
  listMatches,
  matchPolicy,
  parseMoney,
  reconcileLines,
  rejectMatch,
  saveMatchPolicy,
  undoMatch,
} from "../app/index.js";
import { withApp } from "./global-options.js";
import { type Io, printJson, printTable } from "./output.js";

const USER = { kind: "user", id: "cli" } as const;
const STATUSES = ["applied", "suggested", "review", "unmatched"];

const fmt = (minor: number, currency: string, locale: string) =>
  formatMoney({ amountMinor: minor, currency: parseMoney("0", currency).currency }, locale);

export function registerMatchCommands(program: Command, io: Io): void {
  program
    .command("reconcile")
    .description("match every statement line not yet decided to open invoices")
    .action(async (_opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const r = await reconcileLines(app, {
          orgId: org.id,
          actor: { kind: "rule", id: "matcher" },
        });
        if (g.json) return printJson(io, r);
        io.stdout(
          `${r.lines} lines: ${r.applied} applied, ${r.suggested} suggested, ${r.review} for review, ${r.unmatched} left unmatched.\n`,
        );
      });
    });
  const matches = program.command("matches").description("the reconciliation review tray");
  matches
    .command("list")
    .option("--status <status>", STATUSES.join(", "))
    .description("matches, by booking date")
    .action(async (opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        if (opts.status && !STATUSES.includes(opts.status)) {
          throw new CashloopError("option_invalid", `--status: one of ${STATUSES.join(", ")}`, {
            field: "status",
          });
        }
        const rows = await listMatches(app.db, org.id, { status: opts.status });
        if (g.json) return printJson(io, rows);
        printTable(
          io,
          ["ID", "BOOKED", "AMOUNT", "STATUS", "INVOICES", "REASON"],
          rows.map((m) => [
            m.id,
            m.bookingDate,
            fmt(m.amount, m.currency, org.locale),
            m.status,
            [
              ...m.allocations.map((a) => a.invoiceNumber),
              ...m.payouts.map((p) => p.payoutId),
            ].join(", "),
            m.reason,
          ]),
        );
      });
    });
  const policy = matches.command("policy").description("the matching thresholds");
  policy.command("show").action(async (_opts, command: Command) => {
    await withApp(command, io, async (app, g) => {
      const org = await app.organisation(g.org);
      const p = await matchPolicy(app.db, org.id);
      if (g.json) return printJson(io, p);
      for (const [k, v] of Object.entries(p)) io.stdout(`${k} = ${v}\n`);
    });
  });
  policy
    .command("set")
    .argument(
      "<changes...>",
      "key=value, e.g. autoApply=false nameSimilarityMin=0.8 feeToleranceMinor=3000",
    )
    .action(async (changes: string[], _opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const p = await saveMatchPolicy(app.db, { orgId: org.id, changes, now: app.clock.now() });
        if (g.json) return printJson(io, p);
        io.stdout("Saved.\n");
      });
    });
  matches
    .command("show")
    .argument("<id>", "match id")
    .description("a match: the line, the reason, the ranked candidates and what matched")
    .action(async (id: string, _opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const m = await getMatch(app.db, org.id, id);
        if (!m) throw new CashloopError("match_not_found", `${id}: no such match`);
        if (g.json) return printJson(io, m);
        io.stdout(
          `${m.id} · ${m.status}\n${m.bookingDate} ${fmt(m.amount, m.currency, org.locale)} from ${m.counterpartyName ?? "?"} (${m.counterpartyAccount ?? "no account"}) · "${m.reference ?? ""}"\n${m.reason}\n\n`,
        );
        if (m.payouts.length > 0) {
          const which = m.payouts.map((p) => `${p.provider} ${p.payoutId}`).join(" or ");
          io.stdout(
            m.status === "applied"
              ? `Linked to payout ${which}.\n`
              : `Could be payout ${which}: matches confirm ${m.id} --payout ID, or reject it.\n`,
          );
          return;
        }
        const candidates = m.candidates as {
          number: string;
          customerName: string;
          balance: number;
          currency: string;
          score: number;
          features: string[];
        }[];
        printTable(
          io,
          ["INVOICE", "CUSTOMER", "BALANCE", "SCORE", "MATCHED"],
          candidates.map((c) => [
            c.number,
            c.customerName,
            fmt(c.balance, c.currency, org.locale),
            c.score.toFixed(2),
            c.features.join(", "),
          ]),
        );
      });
    });
  matches
    .command("confirm")
    .argument("<id>", "match id")
    .option("--invoice <numbers...>", "apply to these invoices instead of the proposal")
    .option("--amounts <amounts...>", "one amount per --invoice, e.g. 100.00 50.00")
    .option("--payout <id>", "the line is this processor payout's deposit (e.g. po_1Q…)")
    .description("apply a suggested or reviewed match (or link a deposit to its payout)")
    .action(async (id: string, opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const m = await getMatch(app.db, org.id, id);
        if (!m) throw new CashloopError("match_not_found", `${id}: no such match`);
        const amounts = (opts.amounts as string[] | undefined)?.map(
          (a) => parseMoney(a, m.currency).amountMinor,
        );
        const r = await confirmMatch(app, {
          orgId: org.id,
          id,
          ...(opts.invoice ? { invoices: opts.invoice as string[] } : {}),
          ...(amounts ? { amounts } : {}),
          ...(opts.payout ? { payout: opts.payout as string } : {}),
          actor: USER,
        });
        if (g.json) return printJson(io, r);
        if ("payoutId" in r) {
          const fee =
            r.feeBooked > 0 ? `; fee ${fmt(r.feeBooked, m.currency, org.locale)} booked` : "";
          io.stdout(`Linked ${id} to payout ${r.payoutId}${fee}.\n`);
        } else io.stdout(`Applied ${id}: payment ${r.paymentId}.\n`);
      });
    });
  matches
    .command("reject")
    .argument("<id>", "match id")
    .description("reject a proposal; the pair is not proposed again unless the evidence changes")
    .action(async (id: string, _opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        await rejectMatch(app, { orgId: org.id, id, actor: USER });
        if (g.json) return printJson(io, { id, status: "unmatched" });
        io.stdout(`Rejected ${id}; the line is left unmatched.\n`);
      });
    });
  program
    .command("match")
    .description("one match")
    .command("undo")
    .argument("<id>", "match id")
    .description(
      "reverse an applied match: invoices re-open (or the payout waits again), the line goes back to the tray",
    )
    .action(async (id: string, _opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const r = await undoMatch(app, { orgId: org.id, id, actor: USER });
        if (g.json) return printJson(io, { id, status: "review", ...r });
        if (r.payouts.length > 0) {
          io.stdout(
            `Undone ${id}: payout ${r.payouts.join(", ")} waits for its deposit again; the line is back in review.\n`,
          );
        } else io.stdout(`Undone ${id}: ${r.reopened.length} invoice(s) re-opened.\n`);
      });
    });
}
