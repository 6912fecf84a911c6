import { resolve } from "node:path";
import type { Command } from "commander";
import {
  type App,
  createDemoBusiness,
  createOrganisation,
  listContracts,
  listCustomers,
  listEvents,
  listInvoices,
  type Organisation,
} from "../app/index.js";
import { globals, wholeNumber, withApp } from "./global-options.js";
import { type Io, printJson } from "./output.js";

const USER = { kind: "user", id: "cli" } as const;

export function registerAdminCommands(program: Command, io: Io): void {
  program
    .command("init")
    .description("create an organisation (the business that bills)")
    .requiredOption("--name <name>", "trading name")
    .requiredOption("--currency <code>", "base currency, ISO 4217 (USD, EUR, MXN…)")
    .requiredOption("--time-zone <zone>", "IANA time zone (America/New_York…)")
    .requiredOption("--locale <locale>", "BCP 47 locale for documents (en-US, es-MX…)")
    .option("--slug <slug>", "short name for --org (default: from the name)")
    .option("--legal-name <name>", "legal name on invoices (default: the name)")
    .option("--tax-id <id>", "the organisation's tax id")
    .action(async (opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await createOrganisation(app, {
          name: opts.name,
          slug: opts.slug,
          legalName: opts.legalName,
          taxId: opts.taxId ?? null,
          currency: opts.currency,
          timeZone: opts.timeZone,
          locale: opts.locale,
          actor: USER,
        });
        if (g.json) printJson(io, org);
        else io.stdout(`Created organisation ${org.name} (${org.slug}, ${org.id}).\n`);
      });
    });

  program
    .command("migrate")
    .description("apply pending database migrations (every command also does this at start)")
    .action(async (_opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const { applied, alreadyApplied } = app.migrations;
        if (g.json) printJson(io, { applied, alreadyApplied });
        else if (applied.length === 0) io.stdout(`Up to date (${alreadyApplied} migrations).\n`);
        else io.stdout(`Applied ${applied.join(", ")}.\n`);
      });
    });

  program
    .command("demo")
    .description(
      "fill the organisation (or a new one) with the demo business; the same --seed (default 1) and --as-of give the same data, ids included",
    )
    .option("--customers <n>", "number of customers", "40")
    .option("--months <n>", "months of billable events before --as-of", "3")
    .action(async (opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const outcome = await createDemoBusiness(app, {
          seed: wholeNumber(g.seed, "--seed") ?? 1,
          customers: wholeNumber(opts.customers, "--customers"),
          months: wholeNumber(opts.months, "--months"),
          orgSlug: g.org,
        });
        if (g.json) printJson(io, { organisation: outcome.org.slug, counts: outcome.counts });
        else {
          const c = outcome.counts;
          io.stdout(
            `Demo business ${outcome.org.name}: ${c.customers} customers, ${c.contacts} contacts, ${c.contracts} contracts, ${c.events} billable events, ${c.products} products, ${c["tax-rates"]} tax rates.\n`,
          );
        }
      });
    });

  program
    .command("start")
    .description("the main job: create the demo business on first run and show what it holds")
    .action(async (_opts, command: Command) => {
      await withApp(command, io, async (app) => {
        const g = globals(command);
        const orgs = await app.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM organisations",
        );
        if ((orgs[0]?.n ?? 0) === 0) {
          io.stdout("First run: creating the demo business…\n");
          await createDemoBusiness(app, { orgSlug: g.org });
        }
        const org = await app.organisation(g.org);
        await printSummary(app, org, io, g.databaseUrl ? "PostgreSQL" : resolve(g.data));
      });
    });
}

async function printSummary(app: App, org: Organisation, io: Io, where: string): Promise<void> {
  const customers = await listCustomers(app.db, org.id);
  const contracts = await listContracts(app.db, org.id);
  const events = await listEvents(app.db, org.id);
  const invoices = await listInvoices(app.db, org.id);
  const count = (status: string) => invoices.filter((i) => i.status === status).length;
  const byKind = new Map<string, number>();
  for (const e of events) byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + 1);
  io.stdout(
    [
      `cashloop — ${org.name} (${org.slug})`,
      `  database:   ${where}`,
      `  currency:   ${org.baseCurrency}, time zone ${org.timeZone}, locale ${org.locale}`,
      `  customers:  ${customers.length}`,
      `  contracts:  ${contracts.length} (${contracts.filter((c) => c.endOn === null).length} open-ended)`,
      `  events:     ${events.length} (${[...byKind].map(([k, n]) => `${n} ${k}`).join(", ")})`,
      `  invoices:   ${count("issued")} issued, ${count("review")} in the review tray, ${count("draft")} routine drafts`,
      "",
      "Try: npx cashloop --as-of 2026-12-01 bill · npx cashloop review list · npx cashloop --help",
      "",
    ].join("\n"),
  );
}
