import type { Command } from "commander";
import {
  CashloopError,
  formatMoney,
  importSourceFile,
  listAudit,
  listContacts,
  listContracts,
  listCustomers,
  listEvents,
  listProducts,
  listTaxRates,
  money,
  type PaymentTerms,
  SOURCE_KINDS,
  type SourceKind,
} from "../app/index.js";
import { withApp } from "./global-options.js";
import { type Io, printJson, printTable } from "./output.js";

const USER = { kind: "user", id: "cli" } as const;

export function formatTerms(terms: PaymentTerms): string {
  if (terms.kind === "on_receipt") return "on receipt";
  return terms.kind === "net" ? `net ${terms.days}` : `end of month + ${terms.days}`;
}

function registerImport(program: Command, io: Io): void {
  program
    .command("import")
    .description(
      "import a CSV file of source data, all or nothing (formats: docs/import-formats.md)",
    )
    .argument("<kind>", SOURCE_KINDS.join(" | "))
    .argument("<file>", "the CSV file (comma or semicolon separated)")
    .option("--encoding <encoding>", "utf8 or latin1", "utf8")
    .action(async (kind: string, file: string, opts, command: Command) => {
      if (!(SOURCE_KINDS as readonly string[]).includes(kind)) {
        throw new CashloopError(
          "kind_unknown",
          `import: unknown kind "${kind}"; use one of ${SOURCE_KINDS.join(", ")}`,
        );
      }
      if (opts.encoding !== "utf8" && opts.encoding !== "latin1") {
        throw new CashloopError(
          "encoding_unknown",
          `--encoding: "${opts.encoding}"; use utf8 or latin1`,
        );
      }
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const outcome = await importSourceFile(app, {
          org,
          kind: kind as SourceKind,
          path: file,
          encoding: opts.encoding,
          actor: USER,
        });
        if (g.json) printJson(io, { kind, file, ...outcome });
        else {
          io.stdout(
            `${file}: ${outcome.rows} ${kind}: ${outcome.created} created, ${outcome.updated} updated, ${outcome.unchanged} unchanged.\n`,
          );
        }
      });
    });
}

function registerList(
  program: Command,
  io: Io,
  lister: {
    noun: string;
    description: string;
    load: (db: import("../app/index.js").App["db"], orgId: string) => Promise<unknown[]>;
    table: (rows: never[], locale: string) => { header: string[]; rows: string[][] };
  },
): void {
  const group = program.command(lister.noun).description(`${lister.noun} of the organisation`);
  group
    .command("list")
    .description(lister.description)
    .action(async (_opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const rows = await lister.load(app.db, org.id);
        if (g.json) printJson(io, rows);
        else {
          const t = lister.table(rows as never[], org.locale);
          printTable(io, t.header, t.rows);
        }
      });
    });
}

export function registerSourceCommands(program: Command, io: Io): void {
  registerImport(program, io);
  registerList(program, io, {
    noun: "customers",
    description: "list customers, by legal name (byte order) then id",
    load: listCustomers,
    table: (rows: Awaited<ReturnType<typeof listCustomers>>) => ({
      header: [
        "EXTERNAL ID",
        "LEGAL NAME",
        "CURRENCY",
        "LANG",
        "TIME ZONE",
        "TERMS",
        "SEGMENT",
        "PAYER",
      ],
      rows: rows.map((c) => [
        c.externalId,
        c.legalName,
        c.currency,
        c.language,
        c.timeZone,
        formatTerms(c.paymentTerms),
        c.segment,
        c.payerProfile ?? "",
      ]),
    }),
  });
  registerList(program, io, {
    noun: "contacts",
    description: "list contacts, by external id",
    load: listContacts,
    table: (rows: Awaited<ReturnType<typeof listContacts>>) => ({
      header: ["EXTERNAL ID", "NAME", "ROLE", "EMAIL", "PHONE", "WHATSAPP"],
      rows: rows.map((c) => [
        c.externalId,
        c.name,
        c.role,
        c.email ?? "",
        c.phone ?? "",
        c.whatsappOptIn ? "yes" : "no",
      ]),
    }),
  });
  registerList(program, io, {
    noun: "products",
    description: "list products and services, by code",
    load: listProducts,
    table: (rows: Awaited<ReturnType<typeof listProducts>>, locale) => ({
      header: ["CODE", "NAME", "UNIT", "PRICE", "TAX"],
      rows: rows.map((p) => [
        p.code,
        p.name,
        p.unit,
        formatMoney(money(p.unitPriceMinor, p.currency), locale),
        p.taxCode,
      ]),
    }),
  });
  registerList(program, io, {
    noun: "tax-rates",
    description: "list tax rates, by code",
    load: listTaxRates,
    table: (rows: Awaited<ReturnType<typeof listTaxRates>>) => ({
      header: ["CODE", "NAME", "RATE", "KIND"],
      rows: rows.map((t) => [
        t.code,
        t.name,
        `${(t.rateBps / 100).toFixed(2)}%`,
        t.exempt ? "exempt" : t.zeroRated ? "zero-rated" : t.inclusive ? "inclusive" : "exclusive",
      ]),
    }),
  });
  registerList(program, io, {
    noun: "contracts",
    description: "list contracts, by external id",
    load: listContracts,
    table: (rows: Awaited<ReturnType<typeof listContracts>>) => ({
      header: ["EXTERNAL ID", "CUSTOMER", "SCHEDULE", "START", "END", "TIMING", "LINES"],
      rows: rows.map((c) => [
        c.externalId,
        c.customerName,
        c.schedule,
        c.startOn,
        c.endOn ?? "",
        c.timing,
        c.lines.map((l) => `${l.quantity} × ${l.productCode}`).join(", "),
      ]),
    }),
  });
  registerList(program, io, {
    noun: "events",
    description: "list billable events, by when they occurred",
    load: listEvents,
    table: (rows: Awaited<ReturnType<typeof listEvents>>) => ({
      header: ["EXTERNAL ID", "KIND", "CUSTOMER", "OCCURRED AT", "LINES"],
      rows: rows.map((e) => [
        e.externalId,
        e.kind,
        e.customerName,
        e.occurredAt,
        e.lines.map((l) => `${l.quantity} × ${l.productCode}`).join(", "),
      ]),
    }),
  });
  program
    .command("audit")
    .description("the audit log")
    .command("list")
    .description("audit rows, oldest first")
    .option("--subject <id>", "only rows about this record")
    .option("--limit <n>", "at most this many rows", "1000")
    .action(async (opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const rows = await listAudit(app.db, {
          orgId: org.id,
          subjectId: opts.subject,
          limit: Number(opts.limit),
        });
        if (g.json) printJson(io, rows);
        else
          printTable(
            io,
            ["AT", "ACTOR", "ACTION", "SUBJECT"],
            rows.map((r) => [r.at, `${r.actorKind}:${r.actorId}`, r.action, r.subjectId]),
          );
      });
    });
}
