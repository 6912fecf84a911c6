/**
 * The escalation summary's fixed wording in English and Spanish: the follow-up steps, the reply
 * labels and the suggested next steps. No figures: every number is added by `escalation.ts`.
 */
import type { DraftStep, Language, ReplyLabel } from "../model.js";

export const STEPS: Record<Language, Record<DraftStep, string>> = {
  en: {
    invoice: "the invoice",
    before_due: "a reminder before the due date",
    due_today: "a due-date reminder",
    overdue_3: "a first overdue reminder",
    overdue_7: "a second overdue reminder",
  },
  es: {
    invoice: "la factura",
    before_due: "un recordatorio antes del vencimiento",
    due_today: "un recordatorio el día del vencimiento",
    overdue_3: "un primer recordatorio de atraso",
    overdue_7: "un segundo recordatorio de atraso",
  },
};

export const LABELS: Record<Language, Record<ReplyLabel, string>> = {
  en: {
    paid_claim: " saying they have paid",
    promise_to_pay: " with a promise to pay",
    dispute: " disputing the invoice",
    correction_request: " asking for a correction",
    wrong_contact: " saying we have the wrong contact",
    question: " with a question",
    out_of_office: " with an out-of-office reply",
    unsubscribe: " asking us to stop messaging",
    other: "",
  },
  es: {
    paid_claim: " diciendo que ya pagó",
    promise_to_pay: " con una promesa de pago",
    dispute: " disputando la factura",
    correction_request: " pidiendo una corrección",
    wrong_contact: " diciendo que no es el contacto correcto",
    question: " con una pregunta",
    out_of_office: " con una respuesta automática de ausencia",
    unsubscribe: " pidiendo que no le escribamos más",
    other: "",
  },
};

export type Next =
  | "close"
  | "objection"
  | "unsubscribe"
  | "contact"
  | "paidClaim"
  | "waitPromise"
  | "brokenPromise"
  | "question"
  | "notDue"
  | "noAnswer"
  | "agreeDate";

export const NEXT: Record<Language, Record<Next, string>> = {
  en: {
    close: "nothing is left to collect; close the case.",
    objection:
      "review the customer's objection and correct or confirm the invoice before any further reminder.",
    unsubscribe: "stop the automated messages and contact the customer personally.",
    contact: "find the right contact before sending anything else.",
    paidClaim: "look for the payment in the bank and ask for a receipt if it is not there.",
    waitPromise: "hold the reminders and check for the payment on the promised date.",
    brokenPromise: "call the customer about the broken promise and ask for a firm date.",
    question: "answer the customer's question, then ask when they will pay.",
    notDue: "no action is needed before the due date.",
    noAnswer: "call the customer; the written reminders have had no answer.",
    agreeDate: "contact the customer and agree a payment date.",
  },
  es: {
    close: "no queda nada por cobrar; cerrar el caso.",
    objection:
      "revisar la objeción del cliente y corregir o confirmar la factura antes de otro recordatorio.",
    unsubscribe: "detener los mensajes automáticos y contactar al cliente personalmente.",
    contact: "encontrar el contacto correcto antes de enviar algo más.",
    paidClaim: "buscar el pago en el banco y pedir el comprobante si no aparece.",
    waitPromise: "pausar los recordatorios y revisar el pago en la fecha prometida.",
    brokenPromise: "llamar al cliente por la promesa incumplida y pedir una fecha firme.",
    question: "responder la pregunta del cliente y preguntar cuándo pagará.",
    notDue: "no hace falta hacer nada antes del vencimiento.",
    noAnswer: "llamar al cliente; los recordatorios por escrito no han tenido respuesta.",
    agreeDate: "contactar al cliente y acordar una fecha de pago.",
  },
};
