/**
 * A statement line's identity across imports, so the same or an overlapping statement adds only
 * new lines. The bank's own transaction id, when it has one that means something, with the date
 * and amount; otherwise the line's content plus its occurrence among identical lines of the
 * same statement (two identical card payments on one day are two lines, in every export that
 * holds that day). Pure.
 */
import { createHash } from "node:crypto";
import type { StatementLine } from "./statement-model.js";

const MEANINGLESS_REFS = new Set(["", "NONREF", "NOTPROVIDED", "NONE", "N/A", "0"]);

export function lineFingerprints(lines: readonly StatementLine[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    const ref = line.bankRef?.trim() ?? "";
    const base = MEANINGLESS_REFS.has(ref.toUpperCase())
      ? [
          "content",
          line.bookingDate,
          line.amount,
          line.currency,
          line.counterpartyAccount ?? "",
          line.counterpartyName ?? "",
          line.reference ?? "",
        ]
      : ["ref", ref, line.bookingDate, line.amount, line.currency];
    const key = JSON.stringify(base);
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return createHash("sha256").update(`${key}#${occurrence}`).digest("hex").slice(0, 32);
  });
}
