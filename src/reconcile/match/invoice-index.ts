/**
 * Indexes over the open invoices, built once per reconcile run: by sequence number (for
 * references), by currency and exact balance, and by customer, with each customer's name
 * normalised for similarity. Candidates come from these lookups, never from a scan per line.
 * Applying money updates the index in constant time, so two lines in one run never take the
 * same balance twice and a million open invoices cost no more per line than a thousand.
 */

import type { OpenInvoice } from "./match-model.js";
import { normaliseName, type PreparedName, prepareName } from "./name-similarity.js";
import type { InvoiceRef } from "./reference-tokens.js";

/** Invoice id → invoice, in the order the invoices were loaded (oldest due first). */
export type InvoiceSet = ReadonlyMap<string, OpenInvoice>;

export type InvoiceIndex = {
  /** Sequence numbers are nearly unique: short lists, not sets. */
  bySeq: Map<number, OpenInvoice[]>;
  byAmount: Map<string, Map<string, OpenInvoice>>;
  byCustomer: Map<string, Map<string, OpenInvoice>>;
  /** Customer id → normalised name, and normalised-name word → customer ids (for name lookups). */
  customerNames: Map<string, PreparedName>;
  byNameWord: Map<string, Set<string>>;
  /** The number prefixes in use (INV, CN…). */
  series: Set<string>;
};

const EMPTY: InvoiceSet = new Map();

const amountKey = (currency: string, amount: number) => `${currency}:${amount}`;

export function buildInvoiceIndex(invoices: readonly OpenInvoice[]): InvoiceIndex {
  const index: InvoiceIndex = {
    bySeq: new Map(),
    byAmount: new Map(),
    byCustomer: new Map(),
    customerNames: new Map(),
    byNameWord: new Map(),
    series: new Set(["CN"]),
  };
  for (const inv of invoices) add(index, inv);
  return index;
}

function put<K>(map: Map<K, Map<string, OpenInvoice>>, key: K, inv: OpenInvoice): void {
  const set = map.get(key);
  if (set) set.set(inv.id, inv);
  else map.set(key, new Map([[inv.id, inv]]));
}

function take<K>(map: Map<K, Map<string, OpenInvoice>>, key: K, inv: OpenInvoice): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(inv.id);
  if (set.size === 0) map.delete(key);
}

function add(index: InvoiceIndex, inv: OpenInvoice): void {
  const sameSeq = index.bySeq.get(inv.seq);
  if (sameSeq) sameSeq.push(inv);
  else index.bySeq.set(inv.seq, [inv]);
  index.series.add(inv.series);
  put(index.byAmount, amountKey(inv.currency, inv.balance), inv);
  put(index.byCustomer, inv.customerId, inv);
  if (!index.customerNames.has(inv.customerId)) {
    const name = prepareName(normaliseName(inv.customerName));
    index.customerNames.set(inv.customerId, name);
    for (const word of new Set(name.words)) {
      if (word.length < 3) continue;
      const ids = index.byNameWord.get(word) ?? new Set<string>();
      ids.add(inv.customerId);
      index.byNameWord.set(word, ids);
    }
  }
}

/** Open invoices whose balance is exactly this amount in this currency. */
export function withAmount(index: InvoiceIndex, currency: string, amount: number): InvoiceSet {
  return index.byAmount.get(amountKey(currency, amount)) ?? EMPTY;
}

/** Open invoices with this sequence number (any series, any year). */
export function withSeq(index: InvoiceIndex, seq: number): readonly OpenInvoice[] {
  return index.bySeq.get(seq) ?? [];
}

/**
 * The open invoices these references name, each once: the year must agree when the reference
 * carries one, and a written prefix rules an invoice out only when it is another series this
 * organisation uses (CN-…), so "F123" and "#123" still name INV-2026-000123.
 */
export function namedBy(index: InvoiceIndex, refs: readonly InvoiceRef[]): OpenInvoice[] {
  const found = new Map<string, OpenInvoice>();
  for (const ref of refs) {
    const written = ref.series?.toUpperCase() ?? null;
    for (const inv of withSeq(index, ref.seq)) {
      if (ref.year !== null && inv.year !== ref.year) continue;
      if (written !== null && written !== inv.series && index.series.has(written)) continue;
      found.set(inv.id, inv);
    }
  }
  return [...found.values()];
}

/** A customer's open invoices, oldest due first. */
export function ofCustomer(index: InvoiceIndex, customerId: string): OpenInvoice[] {
  return [...(index.byCustomer.get(customerId) ?? EMPTY).values()];
}

/** Money applied: the invoice's balance drops, and it leaves the index when paid in full. */
export function applyToIndex(index: InvoiceIndex, inv: OpenInvoice, amount: number): void {
  take(index.byAmount, amountKey(inv.currency, inv.balance), inv);
  inv.balance -= amount;
  if (inv.balance > 0) put(index.byAmount, amountKey(inv.currency, inv.balance), inv);
  else {
    const sameSeq = index.bySeq.get(inv.seq)?.filter((i) => i.id !== inv.id) ?? [];
    if (sameSeq.length > 0) index.bySeq.set(inv.seq, sameSeq);
    else index.bySeq.delete(inv.seq);
    take(index.byCustomer, inv.customerId, inv);
  }
}
