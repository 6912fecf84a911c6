/**
 * The escalation summary: an invoice's history in a few plain sentences for the person who
 * takes over — what is owed and since when, what was sent, what the customer said, payments and
 * promises, and a next step in words. Every figure comes from the facts, written by
 * `draft/wording.ts`; `checkSummaryFacts` holds any summary (this one or a model's) to them. Pure.
 */
import { type CalendarDate, compareDates, daysBetween } from "../../kernel/dates.js";
import { formatAmount, formatShortDate } from "../draft/wording.js";
import type { DraftStep, InvoiceFact, Language, ReplyLabel } from "../model.js";
import { LABELS, NEXT, type Next, STEPS } from "./escalation-words.js";
import { checkSummaryText, type FactCheck, type SummaryFactSet } from "./summary-check.js";

export type EscalationEvent =
  | { kind: "message_sent"; on: CalendarDate; channel: "email" | "whatsapp"; step: DraftStep }
  | { kind: "reply"; on: CalendarDate; label: ReplyLabel; evidence: string }
  | { kind: "payment"; on: CalendarDate; amountMinor: number }
  | { kind: "promise"; on: CalendarDate; promisedOn: CalendarDate; kept: boolean | null };

export type EscalationFacts = {
  language: Language;
  today: CalendarDate;
  customerName: string;
  invoice: InvoiceFact;
  events: EscalationEvent[];
};

/** The customer's words are quoted up to this many characters, cut at a word. */
export const quoteCharsMax = 80;

/** "  The amount is   wrong…" → "The amount is wrong…", shortened at a word with "…". */
export function briefQuote(evidence: string): string {
  const text = evidence.replace(/\s+/g, " ").trim();
  if (text.length <= quoteCharsMax) return text;
  const cut = text.slice(0, quoteCharsMax).replace(/\s+\S*$/, "");
  return `${cut.replace(/[\s,;:.]+$/, "")}…`;
}

type Of<K extends EscalationEvent["kind"]> = Extract<EscalationEvent, { kind: K }>;

/** The events of one kind, oldest first (stable for equal dates). */
function eventsOf<K extends EscalationEvent["kind"]>(facts: EscalationFacts, kind: K): Of<K>[] {
  return facts.events
    .filter((e): e is Of<K> => e.kind === kind)
    .map((e, i) => [e, i] as const)
    .sort(([a, i], [b, j]) => compareDates(a.on, b.on) || i - j)
    .map(([e]) => e);
}

function nextStep(facts: EscalationFacts): Next {
  const reply = eventsOf(facts, "reply").at(-1);
  const promise = eventsOf(facts, "promise").at(-1);
  if (facts.invoice.balanceMinor <= 0) return "close";
  if (reply?.label === "dispute" || reply?.label === "correction_request") return "objection";
  if (reply?.label === "unsubscribe") return "unsubscribe";
  if (reply?.label === "wrong_contact") return "contact";
  if (reply?.label === "paid_claim") return "paidClaim";
  if (promise && promise.kept === null && compareDates(promise.promisedOn, facts.today) >= 0)
    return "waitPromise";
  if (promise && promise.kept !== true) return "brokenPromise";
  if (reply?.label === "question") return "question";
  if (facts.invoice.daysOverdue < 0) return "notDue";
  return eventsOf(facts, "message_sent").length > 0 && !reply ? "noAnswer" : "agreeDate";
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function owedSentence(f: EscalationFacts, en: boolean): string {
  const { invoice: inv, language: lang, today } = f;
  const amt = (minor: number) => formatAmount(minor, inv.currency, lang);
  const date = (d: CalendarDate) => formatShortDate(d, lang, today);
  if (inv.balanceMinor <= 0) {
    return en
      ? `${f.customerName} has paid invoice ${inv.number} (${amt(inv.totalMinor)}) in full.`
      : `${f.customerName} pagó completa la factura ${inv.number} (${amt(inv.totalMinor)}).`;
  }
  const part = inv.balanceMinor < inv.totalMinor;
  const owed = part
    ? `${amt(inv.balanceMinor)} ${en ? "of" : "de"} ${amt(inv.totalMinor)}`
    : amt(inv.balanceMinor);
  const days = Math.abs(inv.daysOverdue);
  const due = en
    ? inv.daysOverdue > 0
      ? `due ${date(inv.dueDate)} and ${plural(days, "day", "days")} overdue`
      : inv.daysOverdue === 0
        ? `due today, ${date(inv.dueDate)}`
        : `due ${date(inv.dueDate)}, in ${plural(days, "day", "days")}`
    : inv.daysOverdue > 0
      ? `vencida el ${date(inv.dueDate)}, con ${plural(days, "día", "días")} de atraso`
      : inv.daysOverdue === 0
        ? `que vence hoy, ${date(inv.dueDate)}`
        : `que vence el ${date(inv.dueDate)}, en ${plural(days, "día", "días")}`;
  return en
    ? `${f.customerName} owes ${owed} on invoice ${inv.number} (issued ${date(inv.issueDate)}), ${due}.`
    : `${f.customerName} debe ${owed} de la factura ${inv.number} (emitida el ${date(inv.issueDate)}), ${due}.`;
}

/** 4–6 plain sentences a person can act on; only facts, dates as words. */
export function escalationSummary(facts: EscalationFacts): string {
  const { language: lang, today, invoice: inv } = facts;
  const en = lang === "en";
  const date = (d: CalendarDate) => formatShortDate(d, lang, today);
  const amt = (minor: number) => formatAmount(minor, inv.currency, lang);
  const sent = eventsOf(facts, "message_sent");
  const replies = eventsOf(facts, "reply");
  const payments = eventsOf(facts, "payment");
  const promises = eventsOf(facts, "promise");
  const out = [owedSentence(facts, en)];

  const last = sent.at(-1);
  if (!last)
    out.push(en ? "No messages have been sent yet." : "Aún no se ha enviado ningún mensaje.");
  else {
    const what = `${STEPS[lang][last.step]} ${en ? "by" : "por"} ${last.channel === "email" ? (en ? "email" : "correo") : "WhatsApp"} ${en ? "on" : "el"} ${date(last.on)}`;
    if (sent.length === 1)
      out.push(en ? `We sent one message: ${what}.` : `Enviamos un mensaje: ${what}.`);
    else
      out.push(
        en
          ? `We sent ${sent.length} messages; the last was ${what}.`
          : `Enviamos ${sent.length} mensajes; el último fue ${what}.`,
      );
  }

  const reply = replies.at(-1);
  if (!reply) out.push(en ? "The customer has not replied." : "El cliente no ha respondido.");
  else {
    const quote = briefQuote(reply.evidence);
    // en closes inside the quotes ("…us.”"), es after them ("…us».")
    const bare = quote.replace(/\.$/, "");
    const said =
      quote === "" ? "." : en ? `: “${quote}”${bare === quote ? "." : ""}` : `: «${bare}».`;
    const when =
      replies.length === 1
        ? ""
        : en
          ? `${replies.length} times, last `
          : `${replies.length} veces, la última `;
    out.push(
      en
        ? `The customer replied ${when}on ${date(reply.on)}${LABELS.en[reply.label]}${said}`
        : `El cliente respondió ${when}el ${date(reply.on)}${LABELS.es[reply.label]}${said}`,
    );
  }

  const paid = payments.reduce((sum, p) => sum + p.amountMinor, 0);
  const lastPay = payments.at(-1);
  if (lastPay && payments.length === 1)
    out.push(
      en
        ? `They paid ${amt(paid)} on ${date(lastPay.on)}.`
        : `Pagó ${amt(paid)} el ${date(lastPay.on)}.`,
    );
  else if (lastPay)
    out.push(
      en
        ? `They made ${payments.length} payments totalling ${amt(paid)}, the last on ${date(lastPay.on)}.`
        : `Hizo ${payments.length} pagos por ${amt(paid)} en total, el último el ${date(lastPay.on)}.`,
    );
  else if (inv.balanceMinor > 0 && promises.length === 0)
    out.push(en ? "No payment has been received." : "No se ha recibido ningún pago.");

  const promise = promises.at(-1);
  if (promise) {
    const status =
      promise.kept === true
        ? en
          ? "they kept it"
          : "la cumplió"
        : promise.kept === false
          ? en
            ? "the promise was broken"
            : "no la cumplió"
          : compareDates(promise.promisedOn, today) >= 0
            ? en
              ? "that date has not come yet"
              : "esa fecha aún no llega"
            : en
              ? "no payment is confirmed yet"
              : "aún no se confirma el pago";
    const broken = promises.slice(0, -1).filter((p) => p.kept === false).length;
    const earlier =
      broken === 0
        ? ""
        : en
          ? `; ${plural(broken, "earlier promise was", "earlier promises were")} broken`
          : `; ${plural(broken, "promesa anterior quedó incumplida", "promesas anteriores quedaron incumplidas")}`;
    out.push(
      en
        ? `On ${date(promise.on)} they promised to pay by ${date(promise.promisedOn)}: ${status}${earlier}.`
        : `El ${date(promise.on)} prometió pagar a más tardar el ${date(promise.promisedOn)}: ${status}${earlier}.`,
    );
  }

  out.push(`${en ? "Next step" : "Siguiente paso"}: ${NEXT[lang][nextStep(facts)]}`);
  return out.join(" ");
}

/** The facts an escalation summary may state (for its own check and a model's). */
export function escalationFactSet(facts: EscalationFacts): SummaryFactSet {
  const inv = facts.invoice;
  const payments = eventsOf(facts, "payment").map((p) => p.amountMinor);
  const dates = [facts.today, inv.issueDate, inv.dueDate, ...facts.events.map((e) => e.on)];
  for (const p of eventsOf(facts, "promise")) dates.push(p.promisedOn);
  const kinds = ["message_sent", "reply", "payment", "promise"] as const;
  const minors = [inv.totalMinor, inv.balanceMinor, inv.totalMinor - inv.balanceMinor, ...payments];
  minors.push(payments.reduce((a, b) => a + b, 0));
  return {
    language: facts.language,
    literals: [
      facts.customerName,
      inv.number,
      ...eventsOf(facts, "reply").map((r) => briefQuote(r.evidence).replace(/\.$/, "")),
    ],
    dates,
    amounts: minors.map((minor) => ({ currency: inv.currency, minor })),
    counts: [
      Math.abs(inv.daysOverdue),
      ...kinds.map((k) => eventsOf(facts, k).length),
      eventsOf(facts, "promise").filter((p) => p.kept === false).length,
      eventsOf(facts, "promise")
        .slice(0, -1)
        .filter((p) => p.kept === false).length,
      ...dates.map((d) => Math.abs(daysBetween(facts.today, d))),
    ],
    percents: [],
  };
}

/** Every amount, date and number in `text` must be one of the escalation facts. */
export function checkSummaryFacts(text: string, facts: EscalationFacts): FactCheck {
  return checkSummaryText(text, escalationFactSet(facts));
}
