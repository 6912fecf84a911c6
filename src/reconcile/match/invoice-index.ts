/**
 * Indexes over the open invoices, built once per reconcile run: by sequence number (for
 * references), by currency and exact balance, and by customer, with each customer's name
 * normalised for similarity. Candidates come from these lookups, never from a scan per line.
 * Applying money updates the index, so two lines in one run never take the same balance twice.
 */

import type { OpenInvoice } from "./match-model.js";
import { normaliseName } from "./name-similarity.js";

export type InvoiceIndex = {
  bySeq: Map<number, OpenInvoice[]>;
  byAmount: Map<string, OpenInvoice[]>;
  byCustomer: Map<string, OpenInvoice[]>;
  /** Customer id → normalised name, and normalised-name word → customer ids (for name lookups). */
  customerNames: Map<string, string>;
  byNameWord: Map<string, Set<string>>;
  /** The number prefixes in use (INV, CN…). */
  series: Set<string>;
};

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

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function add(index: InvoiceIndex, inv: OpenInvoice): void {
  push(index.bySeq, inv.seq, inv);
  index.series.add(inv.series);
  push(index.byAmount, amountKey(inv.currency, inv.balance), inv);
  push(index.byCustomer, inv.customerId, inv);
  if (!index.customerNames.has(inv.customerId)) {
    const name = normaliseName(inv.customerName);
    index.customerNames.set(inv.customerId, name);
    for (const word of name.split(" ")) {
      if (word.length < 3) continue;
      const ids = index.byNameWord.get(word) ?? new Set<string>();
      ids.add(inv.customerId);
      index.byNameWord.set(word, ids);
    }
  }
}

export function withAmount(index: InvoiceIndex, currency: string, amount: number): OpenInvoice[] {
  return index.byAmount.get(amountKey(currency, amount)) ?? [];
}

/** Money applied: the invoice's balance drops, and it leaves the index when paid in full. */
export function applyToIndex(index: InvoiceIndex, inv: OpenInvoice, amount: number): void {
  const remove = <K>(map: Map<K, OpenInvoice[]>, key: K) => {
    const list = map.get(key)?.filter((i) => i.id !== inv.id) ?? [];
    if (list.length > 0) map.set(key, list);
    else map.delete(key);
  };
  remove(index.byAmount, amountKey(inv.currency, inv.balance));
  inv.balance -= amount;
  if (inv.balance > 0) push(index.byAmount, amountKey(inv.currency, inv.balance), inv);
  else {
    remove(index.bySeq, inv.seq);
    remove(index.byCustomer, inv.customerId);
  }
}
