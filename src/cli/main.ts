import { Command, CommanderError } from "commander";
import { exitCodeFor } from "../app/index.js";
import { registerAdminCommands } from "./commands-admin.js";
import { registerAssistCommands, registerAssistConfigCommands } from "./commands-assist.js";
import { registerBankCommands } from "./commands-bank.js";
import { registerEvidenceCommands } from "./commands-evidence.js";
import { registerFollowupCommands } from "./commands-followup.js";
import { registerInvoiceCommands } from "./commands-invoices.js";
import { registerMatchCommands } from "./commands-matches.js";
import { registerPaymentCommands } from "./commands-payments.js";
import { registerBillingCommands } from "./commands-review.js";
import { registerServeCommand } from "./commands-serve.js";
import { registerSourceCommands } from "./commands-sources.js";
import { registerStripeCommands } from "./commands-stripe.js";
import { type Io, processIo } from "./output.js";

function buildProgram(io: Io): Command {
  const program = new Command("cashloop")
    .description(
      "cashloop runs the billing loop of a small business: from billable work to cash in the bank.",
    )
    .option(
      "--data <dir>",
      "folder of the embedded database (env CASHLOOP_DATA)",
      "./cashloop-data",
    )
    .option(
      "--database-url <url>",
      "PostgreSQL instead of the embedded database (env DATABASE_URL)",
    )
    .option("--org <slug>", "the organisation, when there are several")
    .option("--as-of <date>", "run as of this date (YYYY-MM-DD) or instant (ISO 8601)")
    .option("--json", "machine output: JSON, amounts as integer minor units beside `currency`")
    .option("--seed <n>", "seed ids and randomness (the demo's data too; tests and simulations)")
    .option("--debug", "print stack traces of unexpected errors")
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
    });
  registerAdminCommands(program, io);
  registerSourceCommands(program, io);
  registerBillingCommands(program, io);
  registerInvoiceCommands(program, io);
  registerAssistCommands(program, io);
  registerAssistConfigCommands(program, io);
  registerFollowupCommands(program, io);
  registerPaymentCommands(program, io);
  registerBankCommands(program, io);
  registerMatchCommands(program, io);
  registerStripeCommands(program, io);
  registerEvidenceCommands(program, io);
  registerServeCommand(program, io);
  return program;
}

/** Runs the CLI; returns the exit code. Errors go to stderr, with a stack only under --debug. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv as string[], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const debug = argv.includes("--debug");
    const code = exitCodeFor(error);
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`cashloop: ${code === 70 && !debug ? `unexpected error: ${message}` : message}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return code;
  }
}
