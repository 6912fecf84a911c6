import { type Actor, type AuditEntry, audit } from "../kernel/audit.js";
import { businessCalendar } from "../kernel/business-calendar.js";
import type { Clock } from "../kernel/clock.js";
import { todayIn } from "../kernel/dates.js";
import type { Db } from "../kernel/db.js";
import type { Ids } from "../kernel/ids.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { Random } from "../kernel/random.js";
import type { Organisation } from "../sources/model.js";
import { listHolidays, listProducts, listTaxRates } from "../sources/store.js";
import { type FinalDraft, finalizeDraft } from "./finalize-draft.js";
import { issueInvoices } from "./issue-invoices.js";
import { type DraftPlan, planDrafts } from "./plan-drafts.js";
import type { EarlierInvoice } from "./review-policy.js";
import {
  billedPeriodKeys,
  contractsForBilling,
  customersForBilling,
  type DraftRows,
  earlierInvoices,
  getPolicy,
  insertDrafts,
  listInvoices,
  unbilledEvents,
} from "./store.js";

export type BillingDeps = { db: Db; clock: Clock; ids: Ids; random: Random };
export type BillingOutcome = { drafted: number; review: number; routine: number; issued: number };

/** Drafts written per transaction: a crash loses at most one chunk, which the next run redoes. */
export const draftsPerTransaction = 1_000;
/** A run that writes this many drafts refreshes the tables' statistics afterwards. */
export const analyzeAfterRows = 5_000;

/**
 * `bill`: turns what is due as of the clock's date into drafts — each contract period and each
 * billable event exactly once (unique keys in billed_periods and billed_events) — prices them,
 * routes the risky ones to review with every reason, and issues the routine ones when the
 * organisation enables auto-issue.
 */
export async function runBilling(
  deps: BillingDeps,
  input: { org: Organisation; actor: Actor },
): Promise<BillingOutcome> {
  const { org } = input;
  const now = deps.clock.now();
  const asOf = todayIn(org.timeZone, now);
  const policy = await getPolicy(deps.db, org.id);
  const calendar = businessCalendar({
    weekendDays: org.weekendDays,
    holidays: await listHolidays(deps.db, org.id),
  });
  const products = new Map((await listProducts(deps.db, org.id)).map((p) => [p.code, p]));
  const taxRates = new Map((await listTaxRates(deps.db, org.id)).map((t) => [t.code, t]));
  const contracts = await contractsForBilling(deps.db, org.id, asOf);
  const events = await unbilledEvents(deps.db, org.id, now);
  const customerIds = [
    ...new Set([...contracts.map((c) => c.customerId), ...events.map((e) => e.customerId)]),
  ];
  const customers = new Map(
    (await customersForBilling(deps.db, org.id, customerIds)).map((c) => [c.id, c]),
  );
  const plans = planDrafts({
    asOf,
    orgTimeZone: org.timeZone,
    calendar,
    groupEventsByDay: policy.groupEventsByDay,
    contracts,
    billedPeriodKeys: await billedPeriodKeys(deps.db, org.id),
    events,
    products,
    customerCurrency: new Map(
      [...customers.values()].map((c) => [c.id, c.currency as CurrencyCode]),
    ),
  });
  const earlier = groupEarlier(await earlierInvoices(deps.db, org.id, customerIds));
  let review = 0;
  let routine = 0;
  const routineIds: string[] = [];
  for (let i = 0; i < plans.length; i += draftsPerTransaction) {
    const chunk = plans.slice(i, i + draftsPerTransaction);
    const rows = emptyDraftRows();
    const entries: AuditEntry[] = [];
    for (const plan of chunk) {
      const id = deps.ids.next("inv");
      const sourceKeys = sourceKeysOf(plan);
      const customer = customers.get(plan.customerId)!;
      const history = earlier.get(plan.customerId) ?? [];
      const final = finalizeDraft({
        plan: { ...plan, sourceKeys },
        customer,
        earlier: history,
        policy,
        taxRates,
        today: asOf,
        locale: org.locale,
      });
      const status = final.reasons.length > 0 ? "review" : "draft";
      if (status === "review") review++;
      else {
        routine++;
        routineIds.push(id);
      }
      history.unshift({
        id,
        label: `draft ${id}`,
        totalMinor: final.totalMinor,
        currency: plan.currency,
        issued: false,
        createdOn: asOf,
        periodStart: plan.periodStart,
        periodEnd: plan.periodEnd,
        sourceKeys,
      });
      earlier.set(plan.customerId, history);
      addDraftRows(rows, { orgId: org.id, id, status, plan, final, at: now });
      entries.push({
        orgId: org.id,
        actor: input.actor,
        action: "invoice.drafted",
        subjectId: id,
        before: null,
        after: {
          status,
          totalMinor: final.totalMinor,
          currency: plan.currency,
          reviewReasons: final.reasons.map((r) => r.code),
          sourceKeys,
        },
        at: now,
      });
    }
    await deps.db.transaction(async (tx) => {
      await insertDrafts(tx, rows);
      await audit(tx, deps.ids, entries);
    });
  }
  // Large batches leave the planner's statistics behind (PGlite runs no autovacuum): refresh them.
  if (plans.length >= analyzeAfterRows)
    await deps.db.exec("ANALYZE invoices; ANALYZE invoice_lines; ANALYZE billed_periods");
  // With auto-issue on, every routine draft is issued: this run's, and those that waited before
  // the organisation turned it on.
  let issued = 0;
  if (policy.autoIssue) {
    const waiting = await listInvoices(deps.db, org.id, { statuses: ["draft"] });
    const ids = [...new Set([...waiting.map((i) => i.id), ...routineIds])].sort();
    const refs = await issueInvoices(deps, {
      org,
      invoiceIds: ids,
      actor: { kind: "rule", id: "auto_issue" },
    });
    issued = refs.length;
  }
  return { drafted: plans.length, review, routine, issued };
}

export function lineRow(
  orgId: string,
  invoiceId: string,
  l: import("./model.js").InvoiceLine,
): Record<string, unknown> {
  return {
    org_id: orgId,
    invoice_id: invoiceId,
    position: l.position,
    kind: l.kind,
    description: l.description,
    product_code: l.productCode,
    quantity: l.quantity,
    unit_code: l.unitCode,
    unit_price_minor: l.unitPriceMinor,
    list_price_minor: l.listPriceMinor,
    discount_minor: l.discountMinor,
    tax_code: l.taxCode,
    tax_rate_bps: l.taxRateBps,
    tax_category: l.taxCategory,
    tax_overridden: l.taxOverridden,
    net_minor: l.netMinor,
    tax_minor: l.taxMinor,
    contract_id: l.contractId,
    period_start: l.periodStart,
    period_end: l.periodEnd,
    event_id: l.eventId,
  };
}

function sourceKeysOf(plan: DraftPlan): string[] {
  return [
    ...plan.periods.map((p) => `contract:${p.contractId}:${p.start}`),
    ...plan.eventIds.map((e) => `event:${e}`),
  ];
}

function groupEarlier(
  rows: Awaited<ReturnType<typeof earlierInvoices>>,
): Map<string, EarlierInvoice[]> {
  const map = new Map<string, EarlierInvoice[]>();
  for (const r of rows) {
    const list = map.get(r.customerId) ?? [];
    list.push({
      id: r.id,
      label: r.number ?? `draft ${r.id}`,
      totalMinor: r.totalMinor,
      currency: r.currency,
      issued: r.status === "issued",
      createdOn: r.createdOn,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      sourceKeys: r.sourceKeys,
    });
    map.set(r.customerId, list);
  }
  return map;
}

function emptyDraftRows(): DraftRows {
  return { invoices: [], lines: [], periods: [], events: [], changes: [] };
}

/** The rows one draft writes: the invoice, its lines, and the keys of what it bills. */
function addDraftRows(
  rows: DraftRows,
  d: { orgId: string; id: string; status: string; plan: DraftPlan; final: FinalDraft; at: string },
): void {
  const { orgId, id, plan, final } = d;
  rows.invoices.push({
    org_id: orgId,
    id,
    kind: "invoice",
    status: d.status,
    series: "invoice",
    customer_id: plan.customerId,
    currency: plan.currency,
    period_start: plan.periodStart,
    period_end: plan.periodEnd,
    subtotal_minor: final.subtotalMinor,
    tax_minor: final.taxMinor,
    total_minor: final.totalMinor,
    balance_minor: 0,
    review_reasons: final.reasons,
    source: plan.source,
    credited_invoice_id: null,
    status_reason: null,
    notes: plan.notes,
    created_at: d.at,
    updated_at: d.at,
  });
  for (const l of final.lines) rows.lines.push(lineRow(orgId, id, l));
  for (const p of plan.periods) {
    rows.periods.push({
      org_id: orgId,
      contract_id: p.contractId,
      period_start: p.start,
      period_end: p.end,
      invoice_id: id,
    });
  }
  for (const e of plan.eventIds) rows.events.push({ org_id: orgId, event_id: e, invoice_id: id });
  for (const c of plan.settledChangeIds)
    rows.changes.push({ org_id: orgId, id: c, invoice_id: id });
}
