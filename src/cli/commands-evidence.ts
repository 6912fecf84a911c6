import type { Command } from "commander";
import {
  type AddEvidenceOutcome,
  addEvidence,
  assistProvider,
  CashloopError,
  CLAIM_STATUSES,
  type ClaimStatus,
  formatMoney,
  listClaims,
  type PaymentClaim,
  parseMoney,
} from "../app/index.js";
import { withApp } from "./global-options.js";
import { type Io, printJson, printTable } from "./output.js";
import { readBytes } from "./read-file.js";

const USER = { kind: "user", id: "cli" } as const;

function amountOf(claim: PaymentClaim, locale: string): string {
  if (claim.amount === null || claim.currency === null) return "—";
  return formatMoney(
    { amountMinor: claim.amount, currency: parseMoney("0", claim.currency).currency },
    locale,
  );
}

function describeClaim(claim: PaymentClaim, locale: string): string {
  const facts = [amountOf(claim, locale)];
  if (claim.claimedOn) facts.push(`paid on ${claim.claimedOn}`);
  if (claim.payer) facts.push(`by ${claim.payer}`);
  if (claim.reference) facts.push(`reference ${claim.reference}`);
  const invoice = claim.invoiceNumber ? `, for invoice ${claim.invoiceNumber}` : "";
  return `${facts.join(", ")}${invoice}`;
}

export function registerEvidenceCommands(program: Command, io: Io): void {
  const evidence = program
    .command("evidence")
    .description(
      "receipts customers send (PDF, PNG/JPEG screenshots read by OCR, text): payment claims that wait for the bank line",
    );
  evidence
    .command("add")
    .argument(
      "<files...>",
      "receipts: PDF (its text layer), PNG or JPEG (OCR: English, Spanish), text",
    )
    .description(
      "read each receipt into a payment claim; a claim never marks an invoice paid: the bank line confirms it",
    )
    .action(async (files: string[], _opts, command: Command) => {
      const inputs = files.map((file) => ({ file, bytes: readBytes(file) }));
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const provider = await assistProvider(app, io.env, org.id);
        const done: (AddEvidenceOutcome & { file: string })[] = [];
        const failed: { file: string; code: string; message: string }[] = [];
        for (const { file, bytes } of inputs) {
          try {
            done.push({
              file,
              ...(await addEvidence(app, { orgId: org.id, file, bytes, provider, actor: USER })),
            });
          } catch (error) {
            if (!(error instanceof CashloopError)) throw error;
            failed.push({ file, code: error.code, message: error.message });
          }
        }
        if (g.json) printJson(io, { claims: done, failed });
        else {
          for (const { file, claim, added } of done) {
            io.stdout(
              added
                ? `${file}: claim ${claim.id} (${claim.status}): ${describeClaim(claim, org.locale)}.${claim.status === "waiting" ? " It waits for the bank line that confirms it; nothing is marked paid." : ""}\n`
                : `${file}: already added as claim ${claim.id} (${claim.status}); nothing changed.\n`,
            );
          }
          for (const f of failed) io.stderr(`${f.message}\n`);
        }
        if (failed.length > 0) {
          throw new CashloopError(
            "evidence_unreadable",
            `${failed.length} of ${inputs.length} file${inputs.length === 1 ? "" : "s"} could not be read: ${failed.map((f) => f.file).join(", ")}`,
          );
        }
      });
    });
  evidence
    .command("list")
    .option("--status <status>", `only claims that are ${CLAIM_STATUSES.join(", ")}`)
    .description("payment claims: waiting for their bank line, confirmed by one, or expired")
    .action(async (opts, command: Command) => {
      if (opts.status && !CLAIM_STATUSES.includes(opts.status)) {
        throw new CashloopError("option_invalid", `--status: one of ${CLAIM_STATUSES.join(", ")}`, {
          field: "status",
        });
      }
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const rows = await listClaims(app.db, org.id, {
          ...(opts.status ? { status: opts.status as ClaimStatus } : {}),
        });
        if (g.json) return printJson(io, rows);
        printTable(
          io,
          ["ID", "FILE", "AMOUNT", "PAID ON", "REFERENCE", "INVOICE", "PAYER", "STATUS", "LINE"],
          rows.map((c) => [
            c.id,
            c.file,
            amountOf(c, org.locale),
            c.claimedOn ?? "",
            c.reference ?? "",
            c.invoiceNumber ?? "",
            c.payer ?? "",
            c.status,
            c.lineId ?? "",
          ]),
        );
      });
    });
}
