/**
 * English WhatsApp wording: one short paragraph in pieces (greeting, facts, promise, tone,
 * thanks, links), each with shorter variants so the message fits the channel's limit.
 */
import type { ChatParts, MessageView } from "./message-view.js";
import { pick } from "./message-view.js";
import { clause, invoiceWord, leadSingle, welcome } from "./templates-en.js";
import { capitalize, joinList } from "./wording.js";

function chatMain(v: MessageView): string[] {
  const [first] = v.invoices;
  if (!first) return [""];
  if (!v.plural) {
    const total = v.showTotal ? ` Total due: ${v.total}.` : "";
    if (v.step === "invoice") return [`${leadSingle(v, first, first.dueShort)}${total}`];
    if (v.step === "overdue_3" || v.step === "overdue_7") {
      return [`${capitalize(clause(first, first.dueShort))}.${total}`];
    }
    const intro = pick(v, { formal: "This is a reminder that", warm: "Friendly reminder:" });
    return [`${intro} ${clause(first, first.dueShort)}.${total}`];
  }
  const items = (level: number) =>
    joinList(
      v.invoices.map((i) => {
        const amount = level === 0 && i.partial ? `${i.amount} of ${i.total}` : i.amount;
        return `${i.number} (${amount}${level < 2 ? `, due ${i.dueShort}` : ""})`;
      }),
      "en",
    );
  const sentence = (level: number): string => {
    if (v.step === "invoice") return `Here are your invoices ${items(level)}, total ${v.total}.`;
    if (v.step === "before_due" || v.step === "due_today") {
      return `Friendly reminder about invoices ${items(level)}, total ${v.total}.`;
    }
    return `Invoices ${items(level)} are still open, total ${v.total}.`;
  };
  return [sentence(0), sentence(1), sentence(2)];
}

function chatTone(v: MessageView): string {
  const short: Partial<Record<MessageView["step"], string>> = v.firm
    ? {
        before_due: "Please pay by the due date.",
        due_today: "Please make sure it is paid today.",
        overdue_3: "Please arrange payment as soon as possible.",
        overdue_7: "Please settle it as soon as possible or tell us when to expect payment.",
      }
    : {
        before_due: pick(v, {
          formal: "If payment is already scheduled, no action is needed.",
          warm: "If payment is already scheduled, you're all set.",
        }),
        due_today: "If you have already paid, please disregard this message.",
        overdue_3: pick(v, {
          formal: "We assume this is an oversight.",
          warm: "Probably just an oversight!",
        }),
        overdue_7: pick(v, {
          formal: "As this is unusual, we want to make sure it reached you.",
          warm: "This isn't like you, so we wanted to check it reached you.",
        }),
      };
  const legal = v.legal
    ? " Please treat this as a formal notice: unpaid balances may be referred to a collections agency."
    : "";
  return `${v.promise ? "" : (short[v.step] ?? "")}${legal}`.trim();
}

export function whatsappEn(v: MessageView): ChatParts {
  const name = v.greetName;
  const hello = name ? pick(v, { formal: `Hello ${name}`, warm: `Hi ${name}` }) : "Hello";
  const date = v.promise?.dateShort ?? "";
  const promise = v.promise
    ? v.promise.missed
      ? `You mentioned paying on ${date}; we haven't received it yet.`
      : `Thanks for letting us know you'll pay on ${date}.`
    : "";
  const pay = v.payLink ? `You can pay at ${v.payLink}` : "";
  const see = v.portalLink ? `see the ${invoiceWord(v)} at ${v.portalLink}` : "";
  const linkVariants =
    pay && see ? [`${pay} or ${see}`, pay] : pay ? [pay] : see ? [`You can ${see}`] : [];
  const thanks =
    v.recurring && !v.legal
      ? "Thanks for your continued business!"
      : pick(v, { formal: "Thank you.", warm: "Thank you!" });
  return {
    opening: [`${hello}, this is ${v.org}.`, `${hello}!`, "Hello!"],
    lead: [
      welcome(v) ? pick(v, { formal: "Thank you for choosing us.", warm: "Welcome aboard!" }) : "",
      "",
    ],
    main: chatMain(v),
    promise: [promise, ""],
    tone: [chatTone(v), ""],
    closing: [thanks, ""],
    links:
      linkVariants.length > 0 ? linkVariants : ["Reply here if you need our payment details.", ""],
  };
}
