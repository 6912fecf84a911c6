/**
 * A fact sheet turned into what the templates need: the facts already written out (amounts,
 * dates), and the tone decided once. The language files only choose words around these strings,
 * so every figure a template prints comes from here.
 */
import { compareDates } from "../../kernel/dates.js";
import type { Channel, DraftStep, FactSheet, InvoiceFact, Language } from "../model.js";
import { firstName, formatAmount, formatLongDate, formatShortDate } from "./wording.js";

export type InvoiceStatus = "upcoming" | "today" | "overdue";

export type InvoiceView = {
  number: string;
  /** The balance still to pay. */
  amount: string;
  /** The invoice total, shown next to the balance when part of it is paid. */
  total: string;
  /** 0 < balance < total. */
  partial: boolean;
  due: string;
  dueShort: string;
  status: InvoiceStatus;
  /** > 0 when overdue. */
  daysOverdue: number;
};

export type MessageView = {
  language: Language;
  channel: Channel;
  step: DraftStep;
  /** Corporate customers: formal register. */
  formal: boolean;
  /** Spanish "tú" (individuals); everyone else is "usted". */
  familiar: boolean;
  /** Late payers: firmer (still polite) wording. */
  firm: boolean;
  isNew: boolean;
  recurring: boolean;
  org: string;
  /** The name used in the greeting (full name when formal, first name otherwise), or null. */
  greetName: string | null;
  invoices: InvoiceView[];
  plural: boolean;
  total: string;
  /** Whether the total gets its own line (several invoices, or a total unlike the one amount). */
  showTotal: boolean;
  payLink: string | null;
  portalLink: string | null;
  promise: { date: string; dateShort: string; missed: boolean } | null;
  /** Formal (legal) wording: only at overdue_7 and only when the organisation allows it. */
  legal: boolean;
};

function statusOf(daysOverdue: number): InvoiceStatus {
  if (daysOverdue > 0) return "overdue";
  return daysOverdue === 0 ? "today" : "upcoming";
}

function invoiceView(facts: FactSheet, inv: InvoiceFact): InvoiceView {
  const { language, today } = facts;
  const partial = inv.balanceMinor > 0 && inv.balanceMinor < inv.totalMinor;
  return {
    number: inv.number,
    amount: formatAmount(inv.balanceMinor, inv.currency, language),
    total: formatAmount(inv.totalMinor, inv.currency, language),
    partial,
    due: formatLongDate(inv.dueDate, language),
    dueShort: formatShortDate(inv.dueDate, language, today),
    status: statusOf(inv.daysOverdue),
    daysOverdue: inv.daysOverdue,
  };
}

export function messageView(facts: FactSheet): MessageView {
  const [only, ...more] = facts.invoices;
  if (!only) throw new Error("a message needs at least one invoice in its fact sheet");
  const formal = facts.segment === "corporate";
  const contact = facts.contactName?.trim() || null;
  const promisedOn = facts.history.promisedOn;
  const singleMatchesTotal =
    more.length === 0 &&
    only.currency === facts.currency &&
    only.balanceMinor === facts.totalDueMinor;
  return {
    language: facts.language,
    channel: facts.channel,
    step: facts.step,
    formal,
    familiar: facts.segment === "individual",
    firm: facts.payerHistory === "late",
    isNew: facts.relationship === "new",
    recurring: facts.relationship === "recurring",
    org: facts.organisationName.trim(),
    greetName: contact && (formal ? contact : firstName(contact)),
    invoices: facts.invoices.map((inv) => invoiceView(facts, inv)),
    plural: more.length > 0,
    total: formatAmount(facts.totalDueMinor, facts.currency, facts.language),
    showTotal: !singleMatchesTotal,
    payLink: facts.paymentLink?.trim() || null,
    portalLink: facts.portalLink?.trim() || null,
    promise: promisedOn
      ? {
          date: formatLongDate(promisedOn, facts.language),
          dateShort: formatShortDate(promisedOn, facts.language, facts.today),
          missed: compareDates(promisedOn, facts.today) < 0,
        }
      : null,
    legal: facts.legalLanguageAllowed && facts.step === "overdue_7",
  };
}

/** Picks the wording for the register: formal, warm, or (Spanish) familiar "tú". */
export function pick<T>(v: MessageView, forms: { formal: T; warm: T; familiar?: T }): T {
  if (v.familiar && forms.familiar !== undefined) return forms.familiar;
  return v.formal ? forms.formal : forms.warm;
}

/** The pieces of a WhatsApp message, each with shorter variants ("" drops the piece). */
export type ChatParts = {
  opening: string[];
  lead: string[];
  main: string[];
  promise: string[];
  tone: string[];
  closing: string[];
  links: string[];
};

/** The email parts: a subject and paragraphs (greeting first); the sign-off is two lines. */
export type EmailParts = {
  subject: string;
  paragraphs: string[];
  signOff: string;
};
