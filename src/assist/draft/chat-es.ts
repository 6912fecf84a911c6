/**
 * Spanish WhatsApp wording ("usted" / "tú" as in templates-es.ts): one short paragraph in pieces
 * (greeting, facts, promise, tone, thanks, links), each with shorter variants for the limit.
 */
import type { ChatParts, MessageView } from "./message-view.js";
import { pick } from "./message-view.js";
import { clause, laFactura, leadSingle, u, welcome } from "./templates-es.js";
import { capitalize, joinList } from "./wording.js";

function chatMain(v: MessageView): string[] {
  const [first] = v.invoices;
  if (!first) return [""];
  if (!v.plural) {
    const total = v.showTotal ? ` Total pendiente: ${v.total}.` : "";
    const overdue = v.step === "overdue_3" || v.step === "overdue_7";
    if (overdue) return [`${capitalize(clause(first, first.dueShort))}.${total}`];
    return [`${leadSingle(v, first, first.dueShort)}${total}`];
  }
  const items = (level: number) =>
    joinList(
      v.invoices.map((i) => {
        const verb = i.status === "overdue" ? "venció" : "vence";
        const amount = level === 0 && i.partial ? `${i.amount} de ${i.total}` : i.amount;
        return `${i.number} (${amount}${level < 2 ? `, ${verb} el ${i.dueShort}` : ""})`;
      }),
      "es",
    );
  const sentence = (level: number): string => {
    const share = u(v, "Le", "Te");
    if (v.step === "invoice")
      return `${share} compartimos las facturas ${items(level)}; total ${v.total}.`;
    if (v.step === "before_due" || v.step === "due_today") {
      return `${share} recordamos las facturas ${items(level)}; total ${v.total}.`;
    }
    return `Las facturas ${items(level)} siguen pendientes; total ${v.total}.`;
  };
  return [sentence(0), sentence(1), sentence(2)];
}

function chatTone(v: MessageView): string {
  const ask = u(v, "Le pedimos", "Te pedimos");
  const short: Partial<Record<MessageView["step"], string>> = v.firm
    ? {
        before_due: `${ask} pagar a más tardar en esa fecha.`,
        due_today: `${ask} realizar el pago hoy mismo.`,
        overdue_3: `${ask} pagar ${u(v, "a la brevedad", "lo antes posible")}.`,
        overdue_7: u(
          v,
          "Le pedimos liquidar el saldo a la brevedad o indicarnos cuándo pagará.",
          "Te pedimos liquidar el saldo lo antes posible o decirnos cuándo pagarás.",
        ),
      }
    : {
        before_due: u(
          v,
          "Si ya programó el pago, no necesita hacer nada más.",
          "Si ya programaste el pago, no tienes que hacer nada más.",
        ),
        due_today: u(
          v,
          "Si ya pagó, por favor ignore este mensaje.",
          "Si ya pagaste, ignora este mensaje.",
        ),
        overdue_3: pick(v, {
          formal: "Entendemos que puede ser un descuido.",
          warm: "Seguramente fue un descuido.",
          familiar: "Seguro fue solo un descuido.",
        }),
        overdue_7: u(
          v,
          "Como no es habitual, queremos confirmar que le llegó.",
          "Como no es lo habitual, queremos confirmar que te llegó.",
        ),
      };
  const legal = v.legal
    ? ` ${u(v, "Considere", "Considera")} este mensaje un aviso formal: los saldos pendientes pueden turnarse a una agencia de cobranza.`
    : "";
  return `${v.promise ? "" : (short[v.step] ?? "")}${legal}`.trim();
}

export function whatsappEs(v: MessageView): ChatParts {
  const name = v.greetName;
  const hello = name ? pick(v, { formal: "Buen día", warm: "Hola" }) : "Hola";
  const write = u(v, "le escribimos", "te escribimos");
  const date = v.promise?.dateShort ?? "";
  const promise = v.promise
    ? v.promise.missed
      ? u(
          v,
          `Nos indicó que pagaría el ${date} y aún no lo hemos recibido.`,
          `Nos dijiste que pagarías el ${date} y aún no lo hemos recibido.`,
        )
      : u(
          v,
          `Gracias por avisarnos que pagará el ${date}.`,
          `Gracias por avisarnos que pagarás el ${date}.`,
        )
    : "";
  const can = u(v, "Puede", "Puedes");
  const pay = v.payLink ? `${can} pagar aquí: ${v.payLink}` : "";
  const see = v.portalLink ? `ver ${laFactura(v)} aquí: ${v.portalLink}` : "";
  const linkVariants =
    pay && see ? [`${pay} o ${see}`, pay] : pay ? [pay] : see ? [`${can} ${see}`] : [];
  const noLink = u(
    v,
    "Si necesita nuestros datos de pago, responda a este mensaje.",
    "Si necesitas nuestros datos de pago, responde a este mensaje.",
  );
  const thanks =
    v.recurring && !v.legal
      ? u(v, "¡Gracias por su preferencia!", "¡Gracias por tu preferencia!")
      : pick(v, { formal: "Gracias.", warm: "¡Gracias!" });
  const welcomeShort = pick(v, {
    formal: "Gracias por elegirnos.",
    warm: "¡Le damos la bienvenida!",
    familiar: "¡Te damos la bienvenida!",
  });
  return {
    opening: name
      ? [`${hello}, ${name}. ${capitalize(write)} de ${v.org}.`, `${hello}, ${name}.`, "Hola."]
      : [`${hello}, ${write} de ${v.org}.`, `${hello}.`],
    lead: [welcome(v) ? welcomeShort : "", ""],
    main: chatMain(v),
    promise: [promise, ""],
    tone: [chatTone(v), ""],
    closing: [thanks, ""],
    links: linkVariants.length > 0 ? linkVariants : [noLink, ""],
  };
}
