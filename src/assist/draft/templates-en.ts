/**
 * English wording for the built-in messages. Corporate customers get a formal register; small
 * businesses and individuals a warmer one. Every figure comes from the message view.
 */
import type { EmailParts, InvoiceView, MessageView } from "./message-view.js";
import { pick } from "./message-view.js";
import { capitalize, joinList } from "./wording.js";

export const days = (n: number): string => (n === 1 ? "1 day" : `${n} days`);
export const invoiceWord = (v: MessageView): string => (v.plural ? "invoices" : "invoice");
const isReminder = (v: MessageView): boolean => v.step !== "invoice";

function what(i: InvoiceView): string {
  return i.partial
    ? `the balance of ${i.amount} on invoice ${i.number} (total ${i.total})`
    : `invoice ${i.number} for ${i.amount}`;
}

export function clause(i: InvoiceView, due: string): string {
  if (i.status === "upcoming") return `${what(i)} is due on ${due}`;
  if (i.status === "today") return `${what(i)} is due today, ${due}`;
  return `${what(i)} was due on ${due} and is now ${days(i.daysOverdue)} past due`;
}

function listLine(i: InvoiceView): string {
  const amount = i.partial ? `${i.amount} (of ${i.total})` : i.amount;
  if (i.status === "upcoming") return `- ${i.number}: ${amount}, due ${i.due}`;
  if (i.status === "today") return `- ${i.number}: ${amount}, due today, ${i.due}`;
  return `- ${i.number}: ${amount}, due ${i.due} (${days(i.daysOverdue)} past due)`;
}

function numbers(v: MessageView): string {
  const list = v.invoices.map((i) => i.number);
  return list.length > 3 ? `${list.length} invoices` : `invoices ${joinList(list, "en")}`;
}

function subject(v: MessageView): string {
  const [first] = v.invoices;
  if (!first) return "";
  if (v.step === "invoice") {
    return v.plural
      ? `${capitalize(numbers(v))} from ${v.org}`
      : `Invoice ${first.number} from ${v.org}`;
  }
  const overdue = v.step === "overdue_3" || v.step === "overdue_7";
  if (v.plural) {
    if (v.legal) return `Formal notice: past-due ${numbers(v)}`;
    return overdue ? `Past-due ${numbers(v)}` : `Reminder: ${numbers(v)}`;
  }
  if (first.status === "upcoming")
    return `Reminder: invoice ${first.number} is due on ${first.due}`;
  if (first.status === "today") return `Invoice ${first.number} is due today`;
  if (v.legal) return `Formal notice: invoice ${first.number} is past due`;
  return v.step === "overdue_7"
    ? `Payment overdue: invoice ${first.number}`
    : `Invoice ${first.number} is past due`;
}

export function leadSingle(v: MessageView, i: InvoiceView, due: string): string {
  if (v.step === "invoice") {
    const intro = v.recurring
      ? "As usual, here is"
      : pick(v, { formal: "We have issued", warm: "Here is" });
    const left = i.partial ? `, with ${i.amount} left to pay` : "";
    return `${intro} invoice ${i.number} for ${i.total}${left}, due on ${due}.`;
  }
  if (v.step === "before_due" || v.step === "due_today") {
    const intro = pick(v, {
      formal: "This is a courtesy reminder that",
      warm: "Just a friendly reminder that",
    });
    return `${intro} ${clause(i, due)}.`;
  }
  return v.formal ? `Our records show that ${clause(i, due)}.` : `${capitalize(clause(i, due))}.`;
}

function leadMany(v: MessageView): string {
  if (v.step === "invoice") {
    if (v.recurring) return "As usual, here are your invoices for this period:";
    return pick(v, {
      formal: "We have issued the following invoices:",
      warm: "Here are your new invoices:",
    });
  }
  if (v.step === "before_due" || v.step === "due_today") {
    return pick(v, {
      formal: "This is a courtesy reminder about the following invoices:",
      warm: "Just a friendly reminder about these invoices:",
    });
  }
  return pick(v, {
    formal: "Our records show the following invoices as open:",
    warm: "Here is what is still open on your account:",
  });
}

export function welcome(v: MessageView): string | null {
  if (v.step !== "invoice" || !v.isNew) return null;
  return pick(v, {
    formal: `Thank you for choosing ${v.org}; we are glad to be working with you.`,
    warm: `Welcome, and thank you for choosing ${v.org}!`,
  });
}

function promiseLine(v: MessageView, date: string): string | null {
  if (!v.promise) return null;
  return v.promise.missed
    ? `You let us know you planned to pay on ${date}, and we have not received the payment yet.`
    : `Thank you for letting us know you plan to pay on ${date}.`;
}

const PAID_ALREADY = "If you have already paid, thank you, and please disregard this message.";

function payerLine(v: MessageView): string | null {
  const it = v.plural ? "the invoices" : "the invoice";
  if (v.firm) {
    if (v.step === "before_due") return "Please make sure payment is made by the due date.";
    if (v.step === "due_today") return "Please make sure payment is made today.";
    if (v.step === "overdue_3") {
      return pick(v, {
        formal: "We kindly ask you to arrange payment as soon as possible.",
        warm: "Please arrange payment as soon as you can.",
      });
    }
  } else {
    if (v.step === "before_due") {
      return pick(v, {
        formal: "If payment is already scheduled, no further action is needed.",
        warm: "If you've already scheduled it, you're all set.",
      });
    }
    if (v.step === "due_today") return PAID_ALREADY;
    if (v.step === "overdue_3") {
      const oversight = pick(v, {
        formal: "We understand this may simply be an oversight.",
        warm: "We're sure it simply slipped through the cracks.",
      });
      return `${oversight} ${PAID_ALREADY}`;
    }
  }
  if (v.step !== "overdue_7") return null;
  if (v.firm) {
    const ask = pick(v, { formal: "We ask that you settle", warm: "Please settle" });
    return `${ask} this balance promptly, or let us know when we can expect payment.`;
  }
  return pick(v, {
    formal: `As this is unusual for your account, we want to make sure ${it} reached the right person. If something is holding up payment, please let us know.`,
    warm: `This isn't like you, so we wanted to make sure ${it} reached you. If something is holding up payment, just let us know.`,
  });
}

const LEGAL_EMAIL =
  "This message is a formal notice: if the balance remains unpaid, we may refer the matter to a collections agency, as our terms allow.";

function links(v: MessageView): string[] {
  const lines: string[] = [];
  if (v.payLink) lines.push(`You can pay online here: ${v.payLink}`);
  if (v.portalLink)
    lines.push(`You can view and download the ${invoiceWord(v)} here: ${v.portalLink}`);
  return lines;
}

function closing(v: MessageView): string {
  const reply = pick(v, { formal: "please reply to this email", warm: "just reply to this email" });
  const ask = v.payLink ? "have any questions" : "need our payment details or have any questions";
  const lead = pick(v, { formal: "Should you", warm: "If you" });
  const thanks =
    isReminder(v) && v.recurring && !v.legal ? "Thank you for your continued business. " : "";
  return `${thanks}${lead} ${ask}, ${reply}.`;
}

export function emailEn(v: MessageView): EmailParts {
  const [first] = v.invoices;
  if (!first) throw new Error("a message needs at least one invoice");
  const greeting = v.greetName
    ? pick(v, { formal: `Dear ${v.greetName},`, warm: `Hi ${v.greetName},` })
    : "Hello,";
  const totalLabel = v.step === "invoice" ? "Total" : "Total due";
  const details = v.plural
    ? [leadMany(v), ...v.invoices.map(listLine)].join("\n")
    : leadSingle(v, first, first.due);
  const body = v.showTotal ? `${details}\n${totalLabel}: ${v.total}` : details;
  const promise = promiseLine(v, v.promise?.date ?? "");
  const tone = [promise ?? payerLine(v), v.legal ? LEGAL_EMAIL : null].filter(Boolean).join(" ");
  const linkLines = links(v).join("\n");
  return {
    subject: subject(v),
    paragraphs: [greeting, welcome(v) ?? "", body, tone, linkLines, closing(v)].filter(
      (p) => p !== "",
    ),
    signOff: pick(v, { formal: "Kind regards,", warm: "Best," }),
  };
}
