/**
 * What a classified reply does to follow-up. Pure: the label, the confidence and the dates in,
 * a decision out; `ingest-reply.ts` applies it.
 */
import type { Classification } from "../assist/model.js";
import { addDays, type CalendarDate } from "../kernel/dates.js";
import type { TaskKind } from "./model.js";

export type ReplyDecision = {
  /** What happens to the invoices' automatic mode. */
  mode: "paused" | "stopped" | "unchanged";
  /** Reminders resume by themselves on this date (promise + grace, return from leave). */
  pausedUntil: CalendarDate | null;
  promisedOn: CalendarDate | null;
  task: TaskKind | null;
  /** Stop this channel for the sender's contact. */
  blockChannel: "unsubscribed" | null;
  /** A sentence for the log and the reply's `action` column. */
  action: string;
};

export function decideReply(
  c: Classification,
  options: { confidenceBar: number; promiseGraceDays: number },
): ReplyDecision {
  const none = { pausedUntil: null, promisedOn: null, blockChannel: null } as const;
  if (c.confidence < options.confidenceBar) {
    return {
      ...none,
      mode: "paused",
      task: "unclear_reply",
      action: `paused: the reply could not be read with confidence (${c.label} at ${c.confidence.toFixed(2)}); a person reads it`,
    };
  }
  switch (c.label) {
    case "paid_claim":
      return {
        ...none,
        mode: "paused",
        task: "paid_claim",
        action: "paused: the customer says it is paid; a person checks the payment",
      };
    case "promise_to_pay":
      if (c.promisedOn) {
        const until = addDays(c.promisedOn, options.promiseGraceDays);
        return {
          ...none,
          mode: "paused",
          pausedUntil: until,
          promisedOn: c.promisedOn,
          task: null,
          action: `paused until ${until}: payment promised for ${c.promisedOn}`,
        };
      }
      return {
        ...none,
        mode: "paused",
        task: "question",
        action: "paused: a promise without a date; a person agrees one",
      };
    case "dispute":
      return {
        ...none,
        mode: "stopped",
        task: "dispute",
        action: "stopped: the customer disputes the invoice",
      };
    case "correction_request":
      return {
        ...none,
        mode: "stopped",
        task: "correction_request",
        action: "stopped: the customer asks for a correction",
      };
    case "wrong_contact":
      return {
        ...none,
        mode: "paused",
        task: "wrong_contact",
        action: c.newContact
          ? "paused: the customer names another contact; a person confirms the switch"
          : "paused: the message reached the wrong person; a person finds the right contact",
      };
    case "out_of_office":
      return c.returnsOn
        ? {
            ...none,
            mode: "paused",
            pausedUntil: c.returnsOn,
            task: null,
            action: `delayed until ${c.returnsOn}: the contact is away`,
          }
        : { ...none, mode: "unchanged", task: null, action: "noted: an automatic reply" };
    case "unsubscribe":
      return {
        ...none,
        mode: "unchanged",
        blockChannel: "unsubscribed",
        task: null,
        action: "this channel stopped for this contact",
      };
    case "question":
      return {
        ...none,
        mode: "paused",
        task: "question",
        action: "paused: the customer asks a question; a person answers",
      };
    default:
      return {
        ...none,
        mode: "paused",
        task: "unclear_reply",
        action: "paused: a reply that needs a person",
      };
  }
}
