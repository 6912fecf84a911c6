/**
 * Frames around a generated phrase: a WhatsApp-style message (lowercase, no accents, typos,
 * emoji), an email with greeting, filler, sign-off and signature, and quoted reminder threads in
 * Gmail and Outlook styles. Frames carry no label: every label gets the same ones.
 */

import { MONTHS } from "../../src/assist/draft/wording.js";
import { addDays, type CalendarDate, dayOfWeek, yearMonth } from "../../src/kernel/dates.js";
import { pick, type Random } from "../../src/kernel/random.js";
import { fixedSlot, type Lang, person } from "./corpus-pools.js";

const greetings: Record<Lang, string[]> = {
  en: [
    "Hi,",
    "Hi {first},",
    "Hello,",
    "Hello {first},",
    "Good morning,",
    "Good afternoon,",
    "Dear Accounts Receivable team,",
    "Hey,",
    "Dear {first},",
  ],
  es: [
    "Hola,",
    "Hola {first},",
    "Buenos días,",
    "Buenas tardes,",
    "Estimados,",
    "Apreciado {first}:",
    "Buen día,",
    "Qué tal {first},",
    "Buenos días:",
  ],
};
const fillers: Record<Lang, string[]> = {
  en: [
    "Thanks for the reminder.",
    "Hope you're doing well.",
    "Sorry for the late reply.",
    "Hope all is well.",
    "Thanks for your email.",
    "Following up on your message.",
  ],
  es: [
    "Gracias por el recordatorio.",
    "Espero que se encuentren bien.",
    "Disculpe la demora en responder.",
    "Gracias por su correo.",
    "Un gusto saludarle.",
    "Respecto a su mensaje.",
  ],
};
const signOffs: Record<Lang, string[]> = {
  en: [
    "Thanks,",
    "Thank you,",
    "Best,",
    "Best regards,",
    "Kind regards,",
    "Regards,",
    "Cheers,",
    "Sincerely,",
  ],
  es: [
    "Saludos,",
    "Saludos cordiales,",
    "Un saludo,",
    "Atentamente,",
    "Gracias,",
    "Quedo atento.",
    "Cordialmente,",
    "Muchas gracias,",
  ],
};
const titles: Record<Lang, string[]> = {
  en: ["Accounts Payable", "Office Manager", "Finance Director", "Owner", "Bookkeeper"],
  es: [
    "Contabilidad",
    "Cuentas por Pagar",
    "Gerente Administrativo",
    "Tesorería",
    "Director General",
  ],
};
const mobile: Record<Lang, string[]> = {
  en: ["Sent from my iPhone", "Sent from Outlook for Android", "Sent from my Galaxy"],
  es: [
    "Enviado desde mi iPhone",
    "Enviado desde mi Samsung Galaxy",
    "Enviado desde Outlook para Android",
  ],
};
const reminders: Record<Lang, string[]> = {
  en: [
    "Hi {first},\nThis is a friendly reminder that invoice {inv} for {amount} was due on {due}.\nYou can pay here: https://pay.acme.example/i/{n}\nIf you have already paid, please ignore this message.",
    "Dear customer,\nInvoice {inv} for {amount} is now {n} days overdue. Please arrange payment at your earliest convenience or reply to this email if you have any questions.\nTo stop receiving these reminders, reply STOP.",
    "Hello,\nPlease find attached invoice {inv} for {amount}, due on {due}.\nThank you for your business!",
    "Hi,\nWe haven't received payment for invoice {inv} ({amount}). If there is a problem with the invoice, or it was sent to the wrong person, let us know.\nBest regards,\nAcme Billing",
  ],
  es: [
    "Hola {first},\nLe recordamos que la factura {inv} por {amount} venció el {due}.\nPuede pagar en: https://pay.acme.example/i/{n}\nSi ya realizó el pago, haga caso omiso de este mensaje.",
    "Estimado cliente:\nLa factura {inv} por {amount} tiene {n} días de atraso. Le pedimos realizar el pago a la brevedad o responder este correo si tiene alguna duda.\nPara dejar de recibir estos avisos responda BAJA.",
    "Buen día,\nAdjuntamos la factura {inv} por {amount} con vencimiento el {due}.\nGracias por su preferencia.",
    "Hola,\nNo hemos recibido el pago de la factura {inv} ({amount}). Si hay algún error en la factura o no es usted la persona indicada, avísenos.\nSaludos,\nCobranza Acme",
  ],
};
const senders = [
  "Acme Billing <billing@acme.example>",
  "Cobranza Acme <cobranza@acme.example>",
  "Lumen Studio <invoices@lumen.example>",
  "Facturación Delta <facturacion@delta.example>",
];
const dayEn = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const dayEs = ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"];
const monEn = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const monEs = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"];

const monthsEn = MONTHS.en;
const monthsEs = MONTHS.es;

function longDate(lang: Lang, d: CalendarDate): string {
  const { year, month } = yearMonth(d);
  const day = Number(d.slice(8, 10));
  return lang === "en"
    ? `${monthsEn[month - 1]} ${day}, ${year}`
    : `${day} de ${monthsEs[month - 1]} de ${year}`;
}

function fill(template: string, lang: Lang, rnd: Random, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (vars[key] !== undefined) return vars[key] as string;
    return fixedSlot(key, lang, rnd) ?? String(2 + rnd.int(40));
  });
}

function signature(lang: Lang, rnd: Random): string {
  const p = person(lang, rnd);
  const company = fixedSlot("company", lang, rnd) as string;
  const phone =
    lang === "en"
      ? `(312) 555-0${100 + rnd.int(899)}`
      : `55 5${100 + rnd.int(899)} 0${100 + rnd.int(899)}`;
  return pick(rnd, [
    p.first,
    `${p.first} ${p.last}\n${pick(rnd, titles[lang])}\n${company}`,
    `${p.first} ${p.last} | ${company} | ${phone}`,
    `-- \n${p.first} ${p.last}\n${pick(rnd, titles[lang])}, ${company}\nTel: ${phone}`,
  ]);
}

function quoteHeader(lang: Lang, sent: CalendarDate, rnd: Random, sender: string): string {
  const { year, month } = yearMonth(sent);
  const day = Number(sent.slice(8, 10));
  const hour = 8 + rnd.int(9);
  if (lang === "en") {
    const h12 = hour > 12 ? hour - 12 : hour;
    const time = `${h12}:${String(rnd.int(60)).padStart(2, "0")} ${hour >= 12 ? "PM" : "AM"}`;
    return `On ${dayEn[dayOfWeek(sent)]}, ${monEn[month - 1]} ${day}, ${year} at ${time} ${sender} wrote:`;
  }
  const time = `${hour}:${String(rnd.int(60)).padStart(2, "0")}`;
  return `El ${dayEs[dayOfWeek(sent)]}., ${day} ${monEs[month - 1]}. ${year} a las ${time}, ${sender} escribió:`;
}

/** The reminder the customer answered, quoted below the reply. */
export function quotedThread(lang: Lang, receivedOn: CalendarDate, rnd: Random): string {
  const sent = addDays(receivedOn, -(1 + rnd.int(6)));
  const sender = pick(rnd, senders);
  const due = addDays(sent, -rnd.int(10));
  const inv = lang === "en" ? `INV-2026-000${100 + rnd.int(899)}` : `FAC-${1000 + rnd.int(8999)}`;
  const vars = {
    first: person(lang, rnd).first,
    due: longDate(lang, due),
    n: String(3 + rnd.int(30)),
    inv,
  };
  const body = fill(pick(rnd, reminders[lang]), lang, rnd, vars);
  if (rnd.int(3) > 0) {
    const quoted = body
      .split("\n")
      .map((line) => `> ${line}`)
      .join("\n");
    return `${quoteHeader(lang, sent, rnd, sender)}\n${quoted}`;
  }
  const head =
    lang === "en"
      ? `From: ${sender}\nSent: ${longDate(lang, sent)}\nTo: customer@client.example\nSubject: Invoice reminder`
      : `De: ${sender}\nEnviado: ${longDate(lang, sent)}\nPara: cliente@cliente.example\nAsunto: Recordatorio de factura`;
  const rule = pick(rnd, [
    "-----Original Message-----",
    "________________________________",
    "-----Mensaje original-----",
  ]);
  return `${rule}\n${head}\n\n${body}`;
}

export function email(body: string, lang: Lang, rnd: Random, withGreeting: boolean): string {
  const parts: string[] = [];
  if (withGreeting)
    parts.push(fill(pick(rnd, greetings[lang]), lang, rnd, { first: person(lang, rnd).first }));
  const lines = [body];
  const filler = pick(rnd, fillers[lang]);
  if (rnd.int(3) === 0) lines.unshift(filler);
  else if (rnd.int(4) === 0) lines.push(filler);
  parts.push(lines.join(rnd.int(2) === 0 ? " " : "\n\n"));
  const closing =
    rnd.int(4) === 0
      ? signature(lang, rnd)
      : `${pick(rnd, signOffs[lang])}\n${signature(lang, rnd)}`;
  parts.push(closing);
  if (rnd.int(6) === 0) parts.push(pick(rnd, mobile[lang]));
  return parts.join("\n\n");
}

function typo(word: string, rnd: Random): string {
  const i = 1 + rnd.int(word.length - 2);
  const kind = rnd.int(3);
  if (kind === 0) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  if (kind === 1) return word.slice(0, i) + word.slice(i + 1);
  return word.slice(0, i) + word[i] + word.slice(i);
}

function stripAccents(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0301\u0308]/g, "")
    .normalize("NFC");
}

/** WhatsApp style. `protect` lists slot values (dates, names, emails) that must stay readable. */
export function whatsapp(
  body: string,
  lang: Lang,
  rnd: Random,
  protect: string[],
  plainCase: boolean,
): string {
  let text = body;
  if (rnd.int(7) === 0)
    text = `${pick(rnd, lang === "en" ? ["hi", "hey", "hello"] : ["hola", "buenas", "buen dia"])} ${text}`;
  if (!plainCase && rnd.int(2) === 0) text = text.toLowerCase();
  if (rnd.int(5) < 3) text = text.replace(/[.]$/, "");
  if (lang === "es" && !plainCase && rnd.int(2) === 0) text = stripAccents(text);
  if (lang === "en" && rnd.int(5) === 0)
    text = text.replace(/\bplease\b/i, "pls").replace(/\byou\b/, "u");
  if (lang === "es" && rnd.int(6) === 0) text = text.replace(/\bpor favor\b/i, "porfa");
  if (rnd.int(3) === 0) {
    const shielded = stripAccents(protect.join(" ")).toLowerCase();
    const words = [...text.matchAll(/\p{L}{5,}/gu)].filter(
      (m) => !shielded.includes(stripAccents(m[0]).toLowerCase()),
    );
    const target = words.length > 0 ? pick(rnd, words) : undefined;
    if (target?.index !== undefined) {
      text =
        text.slice(0, target.index) +
        typo(target[0], rnd) +
        text.slice(target.index + target[0].length);
    }
  }
  if (rnd.int(7) === 0) text = `${text} ${pick(rnd, ["🙏", "🙂", "😊"])}`;
  return text;
}
