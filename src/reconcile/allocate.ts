import { reduceBalance } from "../billing/store.js";
import type { Instant } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import type { Ids } from "../kernel/ids.js";

/**
 * Applies up to the invoice's balance from a payment; returns what was applied. The rest of the
 * payment stays on it as the customer's credit (unapplied cash). The caller holds the invoice's
 * row lock.
 */
export async function allocate(
  tx: Queryable,
  ids: Ids,
  orgId: string,
  paymentId: string,
  invoice: { id: string; balance: number },
  amountMinor: number,
  now: Instant,
): Promise<number> {
  const applied = Math.min(amountMinor, invoice.balance);
  if (applied <= 0) return 0;
  await tx.query(
    `INSERT INTO allocations (org_id, id, payment_id, invoice_id, amount_minor, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [orgId, ids.next("alc"), paymentId, invoice.id, applied, now],
  );
  await reduceBalance(tx, orgId, invoice.id, applied);
  return applied;
}
