import type { DraftStep } from "../assist/model.js";
import type { CalendarDate, Instant } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import { cadencePolicySchema, DEFAULT_CADENCE } from "./cadence-policy.js";
import type { CadencePolicy, FollowupMode, InvoiceFollowup } from "./model.js";

/** An issued invoice follow-up still has to look at, with its state. */
export type FollowupCandidate = {
  invoiceId: string;
  number: string;
  customerId: string;
  currency: string;
  status: "issued" | "void";
  issueDate: CalendarDate;
  dueDate: CalendarDate;
  total: number;
  balance: number;
  /** Money applied (allocations not undone). */
  paid: number;
  state: InvoiceFollowup | null;
  taken: DraftStep[];
  einvoiceRejected: boolean;
};

export async function followupCandidates(
  db: Queryable,
  orgId: string,
  customerIds: readonly string[] | null = null,
): Promise<FollowupCandidate[]> {
  const rows = await db.query<
    Omit<FollowupCandidate, "state"> & {
      mode: FollowupMode | null;
      reason: string | null;
      pausedUntil: CalendarDate | null;
      promisedOn: CalendarDate | null;
      seenBalance: number | null;
    }
  >(
    `SELECT i.id AS "invoiceId", i.number, i.customer_id AS "customerId", i.currency, i.status,
            i.issue_on AS "issueDate", COALESCE(i.due_on, i.issue_on) AS "dueDate", i.total_minor AS total,
            i.balance_minor AS balance,
            COALESCE((SELECT sum(a.amount_minor) FROM allocations a
                       WHERE a.org_id = i.org_id AND a.invoice_id = i.id AND a.undone_at IS NULL), 0)::bigint AS paid,
            f.mode, f.reason, f.paused_until AS "pausedUntil", f.promised_on AS "promisedOn",
            f.seen_balance_minor AS "seenBalance",
            COALESCE((SELECT array_agg(s.step ORDER BY s.step) FROM followup_steps s
                       WHERE s.org_id = i.org_id AND s.invoice_id = i.id), '{}') AS taken,
            EXISTS (SELECT 1 FROM einvoice_responses e WHERE e.org_id = i.org_id AND e.invoice_id = i.id
                       AND e.status = 'rejected') AS "einvoiceRejected"
       FROM invoices i LEFT JOIN followup_invoices f ON f.org_id = i.org_id AND f.invoice_id = i.id
      WHERE i.org_id = $1 AND i.kind = 'invoice'
        AND ((f.mode IS NULL AND i.status = 'issued' AND i.balance_minor > 0) OR f.mode IN ('auto', 'paused')
             OR (f.mode = 'stopped' AND f.reason IN ('paid', 'credited') AND i.status = 'issued' AND i.balance_minor > 0))
        AND ($2::text[] IS NULL OR i.customer_id = ANY($2::text[]))
      ORDER BY i.customer_id, i.due_on, i.number_seq`,
    [orgId, customerIds],
  );
  return rows.map(({ mode, reason, pausedUntil, promisedOn, seenBalance, ...rest }) => ({
    ...rest,
    state:
      mode === null
        ? null
        : {
            invoiceId: rest.invoiceId,
            mode,
            reason,
            pausedUntil,
            promisedOn,
            seenBalance: seenBalance ?? rest.balance,
          },
  }));
}

export async function saveInvoiceFollowup(
  tx: Queryable,
  orgId: string,
  state: InvoiceFollowup,
  now: Instant,
): Promise<void> {
  await tx.query(
    `INSERT INTO followup_invoices (org_id, invoice_id, mode, reason, paused_until, promised_on, seen_balance_minor, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (org_id, invoice_id) DO UPDATE SET mode = EXCLUDED.mode, reason = EXCLUDED.reason,
       paused_until = EXCLUDED.paused_until, promised_on = EXCLUDED.promised_on,
       seen_balance_minor = EXCLUDED.seen_balance_minor, updated_at = EXCLUDED.updated_at`,
    [
      orgId,
      state.invoiceId,
      state.mode,
      state.reason,
      state.pausedUntil,
      state.promisedOn,
      state.seenBalance,
      now,
    ],
  );
}

export async function getInvoiceFollowup(
  db: Queryable,
  orgId: string,
  invoiceId: string,
): Promise<InvoiceFollowup | null> {
  const [row] = await db.query<InvoiceFollowup>(
    `SELECT invoice_id AS "invoiceId", mode, reason, paused_until AS "pausedUntil", promised_on AS "promisedOn",
            seen_balance_minor AS "seenBalance"
       FROM followup_invoices WHERE org_id = $1 AND invoice_id = $2`,
    [orgId, invoiceId],
  );
  return row ?? null;
}

export async function recordStep(
  tx: Queryable,
  orgId: string,
  step: {
    invoiceId: string;
    step: string;
    status: "queued" | "sent" | "skipped" | "cancelled";
    dueOn: CalendarDate;
    onDate: CalendarDate;
    outboxId: string | null;
    reason: string | null;
  },
  now: Instant,
): Promise<void> {
  await tx.query(
    `INSERT INTO followup_steps (org_id, invoice_id, step, status, due_on, on_date, outbox_id, reason, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (org_id, invoice_id, step) DO NOTHING`,
    [
      orgId,
      step.invoiceId,
      step.step,
      step.status,
      step.dueOn,
      step.onDate,
      step.outboxId,
      step.reason,
      now,
    ],
  );
}

/** The customer's pause, if one applies on `today`. */
export type CustomerPause = { reason: string; until: CalendarDate | null };

export async function customerPauses(
  db: Queryable,
  orgId: string,
): Promise<Map<string, CustomerPause>> {
  const rows = await db.query<{ customerId: string; reason: string; until: CalendarDate | null }>(
    `SELECT customer_id AS "customerId", reason, until_on AS until FROM customer_pauses WHERE org_id = $1`,
    [orgId],
  );
  return new Map(rows.map((r) => [r.customerId, { reason: r.reason, until: r.until }]));
}

export type Recipient = {
  customerId: string;
  timeZone: string;
  segment: "corporate" | "small_business" | "individual";
  preferredChannels: string[];
  contacts: {
    id: string;
    role: string;
    email: string | null;
    phone: string | null;
    whatsappOptIn: boolean;
    blocked: string[];
  }[];
};

export async function recipients(
  db: Queryable,
  orgId: string,
  customerIds: readonly string[],
): Promise<Map<string, Recipient>> {
  const rows = await db.query<Recipient>(
    `SELECT c.id AS "customerId", c.time_zone AS "timeZone", c.segment, c.preferred_channels AS "preferredChannels",
            COALESCE((SELECT json_agg(json_build_object('id', k.id, 'role', k.role, 'email', k.email, 'phone', k.phone,
                         'whatsappOptIn', k.whatsapp_opt_in,
                         'blocked', COALESCE((SELECT json_agg(b.channel) FROM contact_blocks b
                                               WHERE b.org_id = k.org_id AND b.contact_id = k.id), '[]'))
                         ORDER BY k.role = 'billing' DESC, k.role = 'primary' DESC, k.external_id)
                        FROM contacts k WHERE k.org_id = c.org_id AND k.customer_id = c.id), '[]') AS contacts
       FROM customers c WHERE c.org_id = $1 AND c.id = ANY($2::text[])`,
    [orgId, customerIds],
  );
  return new Map(rows.map((r) => [r.customerId, r]));
}

export async function cadencePolicies(
  db: Queryable,
  orgId: string,
): Promise<Map<string, CadencePolicy>> {
  const rows = await db.query<{ segment: string; policy: unknown }>(
    `SELECT segment, policy FROM cadence_policies WHERE org_id = $1`,
    [orgId],
  );
  const map = new Map<string, CadencePolicy>([["*", DEFAULT_CADENCE]]);
  for (const r of rows) map.set(r.segment, cadencePolicySchema.parse(r.policy));
  return map;
}

export function policyFor(policies: Map<string, CadencePolicy>, segment: string): CadencePolicy {
  return policies.get(segment) ?? policies.get("*") ?? DEFAULT_CADENCE;
}
