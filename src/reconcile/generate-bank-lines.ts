/**
 * Bank lines with ground truth, made from a business's open invoices: what the tests and the
 * benchmark match, and what they score the matcher against. Every kind of line a real statement
 * holds — clean and mangled references, none at all, several invoices in one payment, part
 * payments, card payouts with the fee deducted, another currency, deposits that are not
 * customer payments, money going out, and lines repeated across overlapping imports. Pure and
 * seeded: the same invoices and seed give the same lines.
 */
import { addDays } from "../kernel/dates.js";
import type { Random } from "../kernel/random.js";
import type { OpenInvoice } from "./match/match-model.js";
import type { StatementLine } from "./statement-model.js";

export const LINE_KINDS = [
  "clean_reference",
  "mangled_reference",
  "no_reference",
  "combined",
  "partial",
  "fee_deducted",
  "other_currency",
  "unrelated",
  "outgoing",
  "duplicate",
] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** Share of each kind, in thousandths. */
export const DEFAULT_MIX: Record<LineKind, number> = {
  clean_reference: 300,
  mangled_reference: 160,
  no_reference: 120,
  combined: 80,
  partial: 70,
  fee_deducted: 60,
  other_currency: 30,
  unrelated: 90,
  outgoing: 50,
  duplicate: 40,
};

export type TruthLine = StatementLine & {
  kind: LineKind;
  /** What the line really pays (empty: it pays no invoice). A duplicate repeats an earlier line. */
  pays: { invoiceId: string; amount: number }[];
  duplicateOf: number | null;
};

export type GeneratedLines = {
  lines: TruthLine[];
  /** Each customer's bank account, as payers use it (some lines come from it). */
  accounts: Map<string, string>;
};

const MANGLES: ((inv: OpenInvoice) => string)[] = [
  (i) => `inv ${i.seq}`,
  (i) => `factura ${String(i.seq).padStart(6, "0")}`,
  (i) => `F${i.seq}`,
  (i) => `#${i.seq}`,
  (i) => `Pago fact. ${i.seq} ${i.customerName.split(" ")[0]}`,
  (i) => `INV${i.year}${String(i.seq).padStart(6, "0")}`,
  (i) => `invoice no. ${i.seq} thanks`,
  (i) => `${i.number.toLowerCase().replace(/-/g, " ")}`,
];

export function generateBankLines(
  invoices: readonly OpenInvoice[],
  random: Random,
  options: { count: number; mix?: Record<LineKind, number>; currency: string; startOn: string },
): GeneratedLines {
  const mix = options.mix ?? DEFAULT_MIX;
  const pool = [...invoices].filter((i) => i.currency === options.currency);
  shuffle(pool, random);
  const byCustomer = new Map<string, OpenInvoice[]>();
  for (const inv of pool) {
    const list = byCustomer.get(inv.customerId);
    if (list) list.push(inv);
    else byCustomer.set(inv.customerId, [inv]);
  }
  const used = new Set<string>();
  const accounts = new Map<string, string>();
  const accountOf = (customerId: string) => {
    let account = accounts.get(customerId);
    if (!account) {
      account = `US${String(10 + random.int(89))}BANK${String(random.int(1e9)).padStart(10, "0")}`;
      accounts.set(customerId, account);
    }
    return account;
  };
  let next = 0;
  const take = (): OpenInvoice | null => {
    while (next < pool.length) {
      const inv = pool[next++] as OpenInvoice;
      if (!used.has(inv.id)) {
        used.add(inv.id);
        return inv;
      }
    }
    return null;
  };
  const lines: TruthLine[] = [];
  /** Positions in `lines` of the lines that are not themselves duplicates. */
  const originals: number[] = [];
  const kinds = pickKinds(mix, options.count, random);
  for (const kind of kinds) {
    const day = addDays(options.startOn as never, random.int(28));
    const base = {
      bookingDate: day,
      valueDate: day,
      currency: options.currency,
      bankRef: `BR${String(lines.length + 1).padStart(8, "0")}`,
      duplicateOf: null,
    };
    const payer = (inv: OpenInvoice, withAccount: boolean) => ({
      counterpartyName: nameVariant(inv.customerName, random),
      counterpartyAccount: withAccount ? accountOf(inv.customerId) : null,
    });
    const line = ((): TruthLine | null => {
      switch (kind) {
        case "clean_reference":
        case "mangled_reference":
        case "no_reference": {
          const inv = take();
          if (!inv) return null;
          const reference =
            kind === "clean_reference"
              ? `${inv.number}`
              : kind === "mangled_reference"
                ? (MANGLES[random.int(MANGLES.length)] as (i: OpenInvoice) => string)(inv)
                : random.int(2) === 0
                  ? null
                  : "monthly services";
          return {
            ...base,
            kind,
            amount: inv.balance,
            reference,
            ...payer(inv, kind === "no_reference" || random.int(3) > 0),
            pays: [{ invoiceId: inv.id, amount: inv.balance }],
          };
        }
        case "combined": {
          const first = take();
          if (!first) return null;
          const siblings = (byCustomer.get(first.customerId) ?? [])
            .filter((i) => !used.has(i.id))
            .slice(0, 1 + random.int(2));
          for (const s of siblings) used.add(s.id);
          const all = [first, ...siblings];
          const amount = all.reduce((s, i) => s + i.balance, 0);
          const reference =
            random.int(2) === 0 ? all.map((i) => i.number).join(" + ") : "payment for invoices";
          return {
            ...base,
            kind,
            amount,
            reference,
            ...payer(first, true),
            pays: all.map((i) => ({ invoiceId: i.id, amount: i.balance })),
          };
        }
        case "partial": {
          const inv = take();
          if (!inv || inv.balance < 200) return null;
          const amount = Math.floor(inv.balance / 2);
          return {
            ...base,
            kind,
            amount,
            reference: `${inv.number} partial`,
            ...payer(inv, true),
            pays: [{ invoiceId: inv.id, amount }],
          };
        }
        case "fee_deducted": {
          const inv = take();
          if (!inv) return null;
          const fee = Math.min(Math.round(inv.balance * 0.029) + 30, 4_000);
          return {
            ...base,
            kind,
            amount: inv.balance - fee,
            reference: `CARD PAYOUT ${inv.number}`,
            counterpartyName: "STRIPE PAYMENTS",
            counterpartyAccount: null,
            pays: [{ invoiceId: inv.id, amount: inv.balance - fee }],
          };
        }
        case "other_currency": {
          const inv = take();
          if (!inv) return null;
          return {
            ...base,
            kind,
            currency: options.currency === "EUR" ? "USD" : "EUR",
            amount: inv.balance,
            reference: inv.number,
            ...payer(inv, false),
            pays: [],
          };
        }
        case "unrelated":
          return {
            ...base,
            kind,
            amount: 100 + random.int(500_000),
            reference: pick(
              ["INTEREST CREDIT", "REFUND AMZN MKTP", "TRANSFER FROM SAVINGS", "CASH DEPOSIT"],
              random,
            ),
            counterpartyName: pick(["Bank of Nowhere", "Amazon", "Own account", null], random),
            counterpartyAccount: null,
            pays: [],
          };
        case "outgoing":
          return {
            ...base,
            kind,
            amount: -(100 + random.int(300_000)),
            reference: pick(["RENT", "PAYROLL", "AWS"], random),
            counterpartyName: "Supplier",
            counterpartyAccount: null,
            pays: [],
          };
        case "duplicate": {
          if (originals.length === 0) return null;
          const at = originals[random.int(originals.length)] as number;
          return { ...(lines[at] as TruthLine), kind, duplicateOf: at, pays: [] };
        }
      }
    })();
    if (!line) continue;
    if (line.kind !== "duplicate") originals.push(lines.length);
    lines.push(line);
  }
  return { lines, accounts };
}

function pickKinds(mix: Record<LineKind, number>, count: number, random: Random): LineKind[] {
  const total = Object.values(mix).reduce((s, n) => s + n, 0);
  const out: LineKind[] = [];
  for (let i = 0; i < count; i++) {
    let roll = random.int(total);
    for (const kind of LINE_KINDS) {
      roll -= mix[kind];
      if (roll < 0) {
        out.push(kind);
        break;
      }
    }
  }
  return out;
}

/** How payers' banks write a company's name: upper case, cut, legal form dropped or kept. */
function nameVariant(name: string, random: Random): string {
  switch (random.int(4)) {
    case 0:
      return name.toUpperCase();
    case 1:
      return name.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase().slice(0, 30);
    case 2:
      return name.replace(/,?\s+(LLC|Inc\.?|S\.A\. de C\.V\.|SA de CV|GmbH|SL|S\.L\.|Ltd)$/i, "");
    default:
      return name;
  }
}

function pick<T>(items: readonly T[], random: Random): T {
  return items[random.int(items.length)] as T;
}

function shuffle<T>(items: T[], random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}
