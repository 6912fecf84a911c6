/**
 * `bank import`: a statement file into the database, all or nothing. The whole file is parsed
 * first (a bad file changes nothing); each line gets a fingerprint, and lines already imported
 * for that account (the same file again, or an overlapping statement) are skipped.
 */
import { createHash } from "node:crypto";
import { type Actor, audit } from "../kernel/audit.js";
import { insertNewRows } from "../kernel/bulk.js";
import type { Clock } from "../kernel/clock.js";
import type { Db, Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import { lineFingerprints } from "./line-fingerprint.js";
import type { CsvProfile } from "./parse/csv-profile.js";
import { parseStatementFile } from "./parse/parse-statement-file.js";
import type { Statement, StatementFormat } from "./statement-model.js";

export type ImportOutcome = {
  importId: string;
  format: StatementFormat;
  statements: number;
  linesSeen: number;
  linesAdded: number;
  /** Lines already imported (same file again, or an overlapping statement). */
  linesKnown: number;
  accounts: string[];
};

export async function importStatement(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: {
    orgId: string;
    file: string;
    bytes: Uint8Array;
    format?: string;
    account?: string;
    csvProfile?: CsvProfile;
    /** For CSV files that name no currency (the organisation's, usually). */
    currency?: string;
    actor: Actor;
  },
): Promise<ImportOutcome> {
  const parsed = parseStatementFile(input.bytes, input.file, {
    ...(input.format ? { format: input.format } : {}),
    ...(input.csvProfile ? { csvProfile: input.csvProfile } : {}),
    ...(input.currency ? { currency: input.currency } : {}),
  });
  const accounts = parsed.statements.map((s, i) => {
    const account = input.account ?? s.account;
    if (!account) {
      throw new CashloopError(
        "account_missing",
        `${input.file}: statement ${i + 1} names no account; pass --account (an IBAN or account number)`,
        { file: input.file, field: "account" },
      );
    }
    return account;
  });
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  return deps.db.transaction((tx) =>
    storeStatements(tx, deps, {
      orgId: input.orgId,
      file: input.file,
      sha256,
      format: parsed.format,
      statements: parsed.statements.map((s, i) => ({ ...s, account: accounts[i] as string })),
      actor: input.actor,
    }),
  );
}

const LINE_COLUMNS = [
  { name: "org_id", type: "text" },
  { name: "id", type: "text" },
  { name: "account_id", type: "text" },
  { name: "import_id", type: "text" },
  { name: "fingerprint", type: "text" },
  { name: "booking_date", type: "date" },
  { name: "value_date", type: "date" },
  { name: "amount_minor", type: "bigint" },
  { name: "currency", type: "text" },
  { name: "counterparty_name", type: "text" },
  { name: "counterparty_account", type: "text" },
  { name: "reference", type: "text" },
  { name: "bank_ref", type: "text" },
  { name: "status", type: "text" },
  { name: "created_at", type: "timestamptz" },
];

/** After an import this large the planner's statistics are refreshed (as other bulk writes do). */
const analyzeAfter = 5_000;

/**
 * Parsed statements into the database (in the caller's transaction): accounts created on first
 * sight, lines fingerprinted, the ones seen before skipped, the import recorded and audited.
 */
export async function storeStatements(
  tx: Queryable,
  deps: { clock: Clock; ids: Ids },
  input: {
    orgId: string;
    file: string;
    sha256: string;
    format: StatementFormat;
    statements: (Statement & { account: string })[];
    actor: Actor;
  },
): Promise<ImportOutcome> {
  const now = deps.clock.now();
  const importId = deps.ids.next("sti");
  let linesSeen = 0;
  let linesAdded = 0;
  for (const statement of input.statements) {
    const accountId = await accountFor(
      tx,
      deps.ids,
      input.orgId,
      statement.account,
      statement.currency,
      now,
    );
    const fingerprints = lineFingerprints(statement.lines);
    linesSeen += statement.lines.length;
    linesAdded += await insertNewRows(
      tx,
      "statement_lines",
      LINE_COLUMNS,
      statement.lines.map((line, j) => ({
        org_id: input.orgId,
        id: deps.ids.next("stl"),
        account_id: accountId,
        import_id: importId,
        fingerprint: fingerprints[j],
        booking_date: line.bookingDate,
        value_date: line.valueDate,
        amount_minor: line.amount,
        currency: line.currency,
        counterparty_name: line.counterpartyName,
        counterparty_account: line.counterpartyAccount,
        reference: line.reference,
        bank_ref: line.bankRef,
        status: "new",
        created_at: now,
      })),
      ["org_id", "account_id", "fingerprint"],
    );
  }
  if (linesAdded >= analyzeAfter) await tx.exec("ANALYZE statement_lines");
  await tx.query(
    `INSERT INTO statement_imports (org_id, id, file_name, sha256, format, statements, lines_seen, lines_added, imported_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      input.orgId,
      importId,
      input.file,
      input.sha256,
      input.format,
      input.statements.length,
      linesSeen,
      linesAdded,
      now,
    ],
  );
  if (linesAdded > 0) {
    await audit(tx, deps.ids, {
      orgId: input.orgId,
      actor: input.actor,
      action: "statement.imported",
      subjectId: importId,
      before: null,
      after: {
        file: input.file,
        sha256: input.sha256,
        format: input.format,
        linesSeen,
        linesAdded,
      },
      at: now,
    });
  }
  return {
    importId,
    format: input.format,
    statements: input.statements.length,
    linesSeen,
    linesAdded,
    linesKnown: linesSeen - linesAdded,
    accounts: [...new Set(input.statements.map((s) => s.account))],
  };
}

async function accountFor(
  tx: Queryable,
  ids: Ids,
  orgId: string,
  account: string,
  currency: string | null,
  now: string,
): Promise<string> {
  const normalised = account.replace(/\s+/g, "").toUpperCase();
  const [found] = await tx.query<{ id: string }>(
    `INSERT INTO bank_accounts (org_id, id, account, currency, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (org_id, account) DO UPDATE SET currency = COALESCE(bank_accounts.currency, EXCLUDED.currency)
     RETURNING id`,
    [orgId, ids.next("bac"), normalised, currency, now],
  );
  return (found as { id: string }).id;
}
