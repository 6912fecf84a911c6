/**
 * Spanish wording for the built-in messages. "Usted" for corporate and small-business customers
 * (formal register for corporate, warmer for small business); "tú" for individuals, throughout.
 * Greetings avoid gendered forms ("Estimado/a"); email greetings end with a colon, as Spanish
 * letters do. Every figure comes from the message view.
 */
import type { EmailParts, InvoiceView, MessageView } from "./message-view.js";
import { pick } from "./message-view.js";
import { capitalize, joinList } from "./wording.js";

const dias = (n: number): string => (n === 1 ? "1 día" : `${n} días`);
/** usted / tú. */
export const u = (v: MessageView, usted: string, tu: string): string => (v.familiar ? tu : usted);
export const laFactura = (v: MessageView): string => (v.plural ? "las facturas" : "la factura");

function what(i: InvoiceView): string {
  return i.partial
    ? `el saldo de ${i.amount} de la factura ${i.number} (total ${i.total})`
    : `la factura ${i.number} por ${i.amount}`;
}

export function clause(i: InvoiceView, due: string): string {
  if (i.status === "upcoming") return `${what(i)} vence el ${due}`;
  if (i.status === "today") return `${what(i)} vence hoy, ${due}`;
  return `${what(i)} venció el ${due} y tiene ${dias(i.daysOverdue)} de atraso`;
}

function listLine(i: InvoiceView): string {
  const amount = i.partial ? `${i.amount} (de ${i.total})` : i.amount;
  if (i.status === "upcoming") return `- ${i.number}: ${amount}, vence el ${i.due}`;
  if (i.status === "today") return `- ${i.number}: ${amount}, vence hoy, ${i.due}`;
  return `- ${i.number}: ${amount}, venció el ${i.due} (${dias(i.daysOverdue)} de atraso)`;
}

function numbers(v: MessageView): string {
  const list = v.invoices.map((i) => i.number);
  return list.length > 3 ? `${list.length} facturas` : `facturas ${joinList(list, "es")}`;
}

function subject(v: MessageView): string {
  const [first] = v.invoices;
  if (!first) return "";
  if (v.step === "invoice") {
    return v.plural
      ? `${capitalize(numbers(v))} de ${v.org}`
      : `Factura ${first.number} de ${v.org}`;
  }
  const overdue = v.step === "overdue_3" || v.step === "overdue_7";
  if (v.plural) {
    if (v.legal) return `Aviso formal: ${numbers(v)} pendientes`;
    return overdue ? `Pendientes de pago: ${numbers(v)}` : `Recordatorio: ${numbers(v)}`;
  }
  if (first.status === "upcoming")
    return `Recordatorio: la factura ${first.number} vence el ${first.due}`;
  if (first.status === "today") return `La factura ${first.number} vence hoy`;
  if (v.legal) return `Aviso formal: factura ${first.number} vencida`;
  return v.step === "overdue_7"
    ? `Pago pendiente: factura ${first.number}`
    : `Factura ${first.number} vencida`;
}

export function leadSingle(v: MessageView, i: InvoiceView, due: string): string {
  if (v.step === "invoice") {
    const share = u(v, "le compartimos", "te compartimos");
    const intro = v.recurring ? `Como de costumbre, ${share}` : capitalize(share);
    const left = i.partial ? `, con un saldo pendiente de ${i.amount}` : "";
    return `${intro} la factura ${i.number} por ${i.total}${left}, con vencimiento el ${due}.`;
  }
  if (v.step === "before_due" || v.step === "due_today") {
    const intro = pick(v, {
      formal: "Le recordamos que",
      warm: "Le recordamos amablemente que",
      familiar: "Te recordamos que",
    });
    return `${intro} ${clause(i, due)}.`;
  }
  return v.formal
    ? `Según nuestros registros, ${clause(i, due)}.`
    : `${capitalize(clause(i, due))}.`;
}

function leadMany(v: MessageView): string {
  if (v.step === "invoice") {
    const share = u(v, "le compartimos", "te compartimos");
    return v.recurring
      ? `Como de costumbre, ${share} las facturas de este periodo:`
      : `${capitalize(share)} las siguientes facturas:`;
  }
  if (v.step === "before_due" || v.step === "due_today") {
    return u(
      v,
      "Le compartimos un recordatorio de las siguientes facturas:",
      "Te compartimos un recordatorio de estas facturas:",
    );
  }
  return pick(v, {
    formal: "Según nuestros registros, las siguientes facturas siguen pendientes:",
    warm: "Estas facturas siguen pendientes en su cuenta:",
    familiar: "Estas facturas siguen pendientes en tu cuenta:",
  });
}

export function welcome(v: MessageView): string | null {
  if (v.step !== "invoice" || !v.isNew) return null;
  return pick(v, {
    formal: `Gracias por elegir a ${v.org}; nos da mucho gusto trabajar con usted.`,
    warm: `Le damos la bienvenida a ${v.org} y le agradecemos su confianza.`,
    familiar: `¡Te damos la bienvenida a ${v.org}! Gracias por tu confianza.`,
  });
}

function promiseLine(v: MessageView, date: string): string | null {
  if (!v.promise) return null;
  return v.promise.missed
    ? u(
        v,
        `Nos indicó que realizaría el pago el ${date} y aún no lo hemos recibido.`,
        `Nos dijiste que pagarías el ${date} y aún no lo hemos recibido.`,
      )
    : u(
        v,
        `Gracias por avisarnos que realizará el pago el ${date}.`,
        `Gracias por avisarnos que pagarás el ${date}.`,
      );
}

function payerLine(v: MessageView): string | null {
  const paid = u(
    v,
    "Si ya realizó el pago, se lo agradecemos; por favor ignore este mensaje.",
    "Si ya pagaste, gracias; por favor ignora este mensaje.",
  );
  const ask = u(v, "Le pedimos", "Te pedimos");
  if (v.firm) {
    if (v.step === "before_due")
      return `${ask} realizar el pago a más tardar en la fecha de vencimiento.`;
    if (v.step === "due_today") return `${ask} realizar el pago hoy mismo.`;
    if (v.step === "overdue_3")
      return `${ask} realizar el pago ${u(v, "a la brevedad", "lo antes posible")}.`;
    if (v.step === "overdue_7") {
      return u(
        v,
        "Le pedimos liquidar este saldo a la brevedad o indicarnos cuándo podemos esperar el pago.",
        "Te pedimos liquidar este saldo lo antes posible o decirnos cuándo podemos esperar el pago.",
      );
    }
    return null;
  }
  if (v.step === "before_due")
    return u(
      v,
      "Si ya programó el pago, no necesita hacer nada más.",
      "Si ya programaste el pago, no tienes que hacer nada más.",
    );
  if (v.step === "due_today") return paid;
  if (v.step === "overdue_3") {
    const oversight = pick(v, {
      formal: "Entendemos que puede tratarse de un descuido.",
      warm: "Seguramente se trata de un descuido.",
      familiar: "Seguro fue solo un descuido.",
    });
    return `${oversight} ${paid}`;
  }
  if (v.step !== "overdue_7") return null;
  const arrived = v.plural
    ? u(v, "las facturas le hayan llegado", "las facturas te hayan llegado")
    : u(v, "la factura le haya llegado", "la factura te haya llegado");
  return u(
    v,
    `Como no es habitual en su cuenta, queremos asegurarnos de que ${arrived}. Si algo impide el pago, por favor avísenos.`,
    `Como no es lo habitual, queremos asegurarnos de que ${arrived}. Si algo impide el pago, avísanos.`,
  );
}

const LEGAL_EMAIL =
  "Este mensaje constituye un aviso formal: si el saldo sigue pendiente, podríamos turnar el asunto a una agencia de cobranza, conforme a nuestros términos y condiciones.";

function links(v: MessageView): string[] {
  const lines: string[] = [];
  if (v.payLink) lines.push(`${u(v, "Puede", "Puedes")} pagar en línea aquí: ${v.payLink}`);
  if (v.portalLink) {
    lines.push(
      `${u(v, "Puede", "Puedes")} consultar y descargar ${laFactura(v)} aquí: ${v.portalLink}`,
    );
  }
  return lines;
}

function closing(v: MessageView): string {
  const thanks =
    v.step !== "invoice" && v.recurring && !v.legal
      ? `${u(v, "Gracias por su preferencia.", "Gracias por tu preferencia.")} `
      : "";
  const ask = v.payLink
    ? u(v, "Si tiene alguna pregunta", "Si tienes alguna pregunta")
    : u(
        v,
        "Si necesita nuestros datos de pago o tiene alguna pregunta",
        "Si necesitas nuestros datos de pago o tienes alguna pregunta",
      );
  return `${thanks}${ask}, ${u(v, "basta con responder", "solo responde")} a este correo.`;
}

export function emailEs(v: MessageView): EmailParts {
  const [first] = v.invoices;
  if (!first) throw new Error("a message needs at least one invoice");
  const greeting = v.greetName
    ? pick(v, { formal: `Buen día, ${v.greetName}:`, warm: `Hola, ${v.greetName}:` })
    : "Hola:";
  const totalLabel = v.step === "invoice" ? "Total" : "Total pendiente";
  const details = v.plural
    ? [leadMany(v), ...v.invoices.map(listLine)].join("\n")
    : leadSingle(v, first, first.due);
  const body = v.showTotal ? `${details}\n${totalLabel}: ${v.total}` : details;
  const promise = promiseLine(v, v.promise?.date ?? "");
  const tone = [promise ?? payerLine(v), v.legal ? LEGAL_EMAIL : null].filter(Boolean).join(" ");
  return {
    subject: subject(v),
    paragraphs: [greeting, welcome(v) ?? "", body, tone, links(v).join("\n"), closing(v)].filter(
      (p) => p !== "",
    ),
    signOff: pick(v, { formal: "Atentamente,", warm: "Saludos cordiales,", familiar: "Saludos," }),
  };
}
