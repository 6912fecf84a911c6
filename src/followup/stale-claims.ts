/**
 * Payment claims that no bank line confirmed: a customer sent proof of a payment (`evidence
 * add`), and days later the money has still not arrived. Each such claim expires and becomes a
 * task for a person, with the claim's facts — the transfer may be stuck, returned, sent to
 * another account, or the receipt may not be what it seems. Nothing is marked paid. Runs in the
 * follow-up pass; a claim expires once (it leaves `waiting`), and its task is keyed by the claim.
 */
import { audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import { instantFromMs, instantToMs, todayIn } from "../kernel/dates.js";
import type { Db } from "../kernel/db.js";
import type { Ids } from "../kernel/ids.js";
import { formatMoney, money } from "../kernel/money.js";
import { decideClaim, listClaims, type PaymentClaim } from "../reconcile/claim-store.js";
import { confirmClaims } from "../reconcile/confirm-claims.js";
import type { Organisation } from "../sources/model.js";
import { openTask } from "./tasks.js";

/** A claim still waiting for its bank line this many days after it was added expires. */
export const STALE_CLAIM_DAYS = 5;

const DAY_MS = 86_400_000;

/** Expires the claims waiting longer than `days`, each with a task; returns the tasks opened. */
export async function expireStaleClaims(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: { org: Organisation; days?: number },
): Promise<number> {
  const { org } = input;
  const days = input.days ?? STALE_CLAIM_DAYS;
  const now = deps.clock.now();
  const before = instantFromMs(instantToMs(now) - days * DAY_MS);
  if (
    (await listClaims(deps.db, org.id, { status: "waiting", createdBefore: before })).length === 0
  ) {
    return 0;
  }
  // A line imported since (reconciled or not) confirms the claim instead.
  await confirmClaims(deps, { orgId: org.id });
  const stale = await listClaims(deps.db, org.id, { status: "waiting", createdBefore: before });
  const today = todayIn(org.timeZone, now);
  let opened = 0;
  for (const claim of stale) {
    await deps.db.transaction(async (tx) => {
      if (!(await decideClaim(tx, org.id, claim.id, { status: "expired" }, now))) return;
      await audit(tx, deps.ids, {
        orgId: org.id,
        actor: { kind: "rule", id: "followup" },
        action: "payment_claim.expired",
        subjectId: claim.id,
        before: { status: "waiting" },
        after: { status: "expired", days },
        at: now,
      });
      const id = await openTask(
        tx,
        { ids: deps.ids, now },
        {
          orgId: org.id,
          key: `unconfirmed_claim:${claim.id}`,
          kind: "unconfirmed_claim",
          title: `The customer sent proof of a payment that has not arrived: ${claimFacts(claim, org.locale)}`,
          detail: `No bank line with this amount arrived within ${days} days of the receipt (${claim.file}, added ${todayIn(org.timeZone, claim.createdAt)}). Check the bank account, then ask the customer for the transfer's tracking number or a bank confirmation.`,
          customerId: claim.customerId,
          invoiceId: claim.invoiceId,
          data: {
            claimId: claim.id,
            file: claim.file,
            amountMinor: claim.amount,
            currency: claim.currency,
            claimedOn: claim.claimedOn,
            reference: claim.reference,
            payer: claim.payer,
            bank: claim.bank,
          },
          dueOn: today,
          zone: org.timeZone,
        },
      );
      if (id) opened++;
    });
  }
  return opened;
}

/** "EUR 1,234.50 paid on 2026-11-18 by Comercial Azteca from BBVA, reference INV-2026-000123". */
export function claimFacts(claim: PaymentClaim, locale: string): string {
  const parts = [
    claim.amount !== null && claim.currency !== null
      ? formatMoney(money(claim.amount, claim.currency), locale)
      : "an amount the receipt does not show clearly",
  ];
  if (claim.claimedOn) parts.push(`paid on ${claim.claimedOn}`);
  if (claim.payer) parts.push(`by ${claim.payer}`);
  if (claim.bank) parts.push(`from ${claim.bank}`);
  const facts = parts.join(" ");
  const ref = claim.invoiceNumber ?? claim.reference;
  return ref ? `${facts}, reference ${ref}` : facts;
}
