import { readFileSync } from "node:fs";
import type { Command } from "commander";
import {
  CashloopError,
  ingestStripeEvents,
  readStripeInputs,
  type StripeInput,
} from "../app/index.js";
import { withApp } from "./global-options.js";
import { type Io, printJson, printTable } from "./output.js";

const USER = { kind: "user", id: "cli" } as const;

/** One file: an event, an array of events, or a balance-transaction list; every file is read first. */
function readFile(file: string, payoutId: string | undefined): StripeInput[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new CashloopError("file_unreadable", `${file}: cannot be read`, { file });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CashloopError(
      "file_invalid",
      `${file}: not JSON (${error instanceof Error ? error.message : "?"})`,
      { file },
    );
  }
  try {
    return readStripeInputs(value, { ...(payoutId ? { payoutId } : {}) });
  } catch (error) {
    if (error instanceof CashloopError) {
      throw new CashloopError(error.code, `${file}: ${error.message}`, { ...error.details, file });
    }
    throw error;
  }
}

export function registerStripeCommands(program: Command, io: Io): void {
  const stripe = program.command("stripe").description("card payments through Stripe");
  stripe
    .command("ingest")
    .argument(
      "<files...>",
      "JSON: a webhook event, an array of events, or a payout's balance transactions (GET /v1/balance_transactions?payout=po_…)",
    )
    .option("--payout <id>", "the payout (po_…) a balance-transaction list was fetched for")
    .description(
      "record Stripe charges (paying their invoices), refunds, payouts and payout contents; an event seen before changes nothing",
    )
    .action(async (files: string[], opts: { payout?: string }, command: Command) => {
      // Every file is read and checked before anything is stored.
      const events = files.flatMap((file) => readFile(file, opts.payout));
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const outcomes = await ingestStripeEvents(app, { orgId: org.id, events, actor: USER });
        if (g.json) return printJson(io, outcomes);
        printTable(
          io,
          ["EVENT", "TYPE", "OUTCOME", "DETAIL"],
          outcomes.map((o) => [o.eventId, o.type, o.outcome, o.detail]),
        );
      });
    });
}
