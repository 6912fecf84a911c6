/**
 * `evidence add`: a receipt the customer sent (a PDF, a screenshot, a text) → its text → the
 * assist extractor → a payment claim that waits for the bank line that confirms it. The amount
 * is parsed from the extractor's decimal string by the kernel, never by the model. The claim is
 * linked to an invoice only when its reference names exactly one open invoice. Evidence never
 * pays anything: no payment, no allocation, no invoice balance changes here. The same file
 * again (by its SHA-256) is the same claim, and is not read a second time.
 */
import { createHash } from "node:crypto";
import type { AssistProvider, EvidenceExtraction } from "../assist/model.js";
import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import type { Db, Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import { isCurrencyCode, parseMoney } from "../kernel/money.js";
import { getClaim, insertClaim, type PaymentClaim } from "./claim-store.js";
import { confirmClaims } from "./confirm-claims.js";
import { type EvidenceKind, evidenceText } from "./evidence-text.js";
import { buildInvoiceIndex, namedBy } from "./match/invoice-index.js";
import type { OpenInvoice } from "./match/match-model.js";
import { type InvoiceRef, invoiceReferences } from "./match/reference-tokens.js";
import { openInvoices } from "./match-store.js";

export type AddEvidenceOutcome = {
  claim: PaymentClaim;
  /** False when the same file was added before (the claim is the earlier one, unchanged). */
  added: boolean;
  /** What the file was read as; null when it was not read again. */
  kind: EvidenceKind | null;
};

export async function addEvidence(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: {
    orgId: string;
    file: string;
    bytes: Uint8Array;
    provider: AssistProvider;
    actor: Actor;
  },
): Promise<AddEvidenceOutcome> {
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  const known = await getClaim(deps.db, input.orgId, { sha256 });
  if (known) return { claim: known, added: false, kind: null };

  const { kind, text } = await evidenceText(input.bytes, input.file);
  const extraction = await input.provider.extractEvidence({ text });
  const orgCurrency = await organisationCurrency(deps.db, input.orgId);
  const fields = claimFields(extraction, orgCurrency);
  const invoices = await openInvoices(deps.db, input.orgId);
  const invoice = namedInvoice(
    fields.reference === null ? [] : invoiceReferences(fields.reference),
    invoiceReferences(text),
    invoices,
  );
  const id = deps.ids.next("clm");
  const now = deps.clock.now();
  const confidence = Object.fromEntries(
    Object.entries(extraction).map(([field, guess]) => [field, guess.confidence]),
  );
  const added = await deps.db.transaction(async (tx) => {
    const inserted = await insertClaim(
      tx,
      input.orgId,
      {
        id,
        file: input.file,
        sha256,
        text,
        ...fields,
        confidence,
        invoiceId: invoice?.id ?? null,
        customerId: invoice?.customerId ?? null,
      },
      now,
    );
    if (!inserted) return false;
    await audit(tx, deps.ids, {
      orgId: input.orgId,
      actor: input.actor,
      action: "payment_claim.added",
      subjectId: id,
      before: null,
      after: {
        file: input.file,
        sha256,
        kind,
        provider: input.provider.name,
        ...fields,
        confidence,
        invoice: invoice?.number ?? null,
      },
      at: now,
    });
    return true;
  });
  // A line already imported may confirm it at once; otherwise it waits for the next import.
  if (added) await confirmClaims(deps, { orgId: input.orgId });
  const claim = await getClaim(deps.db, input.orgId, added ? { id } : { sha256 });
  if (!claim) throw new CashloopError("claim_not_found", `${input.file}: the claim was not saved`);
  return { claim, added, kind: added ? kind : null };
}

async function organisationCurrency(db: Queryable, orgId: string): Promise<string> {
  const [row] = await db.query<{ currency: string }>(
    `SELECT base_currency AS currency FROM organisations WHERE id = $1`,
    [orgId],
  );
  if (!row) throw new CashloopError("organisation_not_found", `no organisation ${orgId}`);
  return row.currency;
}

type ClaimFields = Pick<
  PaymentClaim,
  "amount" | "currency" | "claimedOn" | "reference" | "payer" | "bank"
>;

/**
 * The extraction as claim fields: the amount parsed from its decimal string in the receipt's
 * currency (the organisation's when the receipt names none); an amount that does not parse, or
 * is not positive, is left out rather than guessed.
 */
export function claimFields(extraction: EvidenceExtraction, orgCurrency: string): ClaimFields {
  const written = extraction.currency.value?.toUpperCase() ?? null;
  const currency = written !== null && isCurrencyCode(written) ? written : null;
  let amount: number | null = null;
  const decimal = extraction.amount.value;
  if (decimal !== null) {
    try {
      const parsed = parseMoney(decimal, currency ?? orgCurrency);
      if (parsed.amountMinor > 0) amount = parsed.amountMinor;
    } catch (error) {
      if (!(error instanceof CashloopError)) throw error;
    }
  }
  return {
    amount,
    currency: currency ?? (amount === null ? null : orgCurrency),
    claimedOn: extraction.date.value,
    reference: extraction.reference.value,
    payer: extraction.payer.value,
    bank: extraction.bank.value,
  };
}

/**
 * The one open invoice the references name (the reference field's first, else the whole
 * text's), as the matcher reads references: sequence number, year when written, and a written
 * series only rules an invoice out when it is another series the organisation uses.
 */
export function namedInvoice(
  fromReference: readonly InvoiceRef[],
  fromText: readonly InvoiceRef[],
  invoices: readonly OpenInvoice[],
): OpenInvoice | null {
  const index = buildInvoiceIndex(invoices);
  const byReference = namedBy(index, fromReference);
  if (fromReference.length > 0) return byReference.length === 1 ? (byReference[0] ?? null) : null;
  const byText = namedBy(index, fromText);
  return byText.length === 1 ? (byText[0] ?? null) : null;
}
