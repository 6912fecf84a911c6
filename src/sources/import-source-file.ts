import { readFile } from "node:fs/promises";
import type { Actor } from "../kernel/audit.js";
import { CashloopError, ValidationError } from "../kernel/errors.js";
import { type ApplyDeps, type ApplyOutcome, applySourceRows } from "./apply-source-rows.js";
import { checkSourceReferences } from "./check-source-references.js";
import type { Organisation, SourceKind } from "./model.js";
import { parseSourceFile } from "./parse-source-file.js";

export type ImportSourceFileInput = {
  org: Organisation;
  kind: SourceKind;
  path: string;
  encoding: "utf8" | "latin1";
  actor: Actor;
};

/**
 * Imports one CSV file of source data, all or nothing: every row is validated first (format, then
 * references to what the database holds), every problem is reported with its line and column, and
 * only a file with no problem is applied.
 */
export async function importSourceFile(
  deps: ApplyDeps,
  input: ImportSourceFileInput,
): Promise<ApplyOutcome & { rows: number }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(input.path);
  } catch (error) {
    throw new CashloopError(
      "file_unreadable",
      `${input.path}: cannot read the file (${(error as Error).message})`,
      {
        file: input.path,
      },
    );
  }
  const parsed = parseSourceFile(input.kind, bytes, {
    file: input.path,
    encoding: input.encoding,
    defaults: { currency: input.org.baseCurrency },
  });
  const refs = await checkSourceReferences(
    deps.db,
    input.org.id,
    input.kind,
    input.path,
    parsed.rows,
  );
  const issues = [...parsed.issues, ...refs.issues].sort((a, b) => a.line - b.line);
  if (issues.length > 0) throw new ValidationError(input.path, issues);
  const outcome = await applySourceRows(deps, {
    orgId: input.org.id,
    kind: input.kind,
    file: input.path,
    rows: parsed.rows,
    actor: input.actor,
  });
  return { ...outcome, rows: parsed.rows.length };
}
