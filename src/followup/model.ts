/**
 * Follow-up's types: cadence policies, each invoice's automatic mode, tasks for people and
 * replies. Pure data; the rules that use them are in the files named for what they do.
 */
import type { DraftStep, ReplyLabel } from "../assist/model.js";
import type { CalendarDate, Instant } from "../kernel/dates.js";

export type MessageChannel = "email" | "whatsapp";
export type Tone = "friendly" | "neutral" | "firm";

export type CadenceStep = {
  step: DraftStep;
  /** Days from the due date (the `invoice` step counts from the issue date). */
  offsetDays: number;
  channels: MessageChannel[];
  tone: Tone;
};

export type CadencePolicy = {
  steps: CadenceStep[];
  /** Local sending window in the customer's time zone, "HH:MM". */
  window: { start: string; end: string };
  /** A step whose date is more than this many days ago is skipped (and logged), not sent late. */
  lateStepDaysMax: number;
  /** Days after a promised date before reminders resume when nothing arrived. */
  promiseGraceDays: number;
  /** After the last step the invoice leaves automatic mode and a person takes over. */
  handoverAfterLastStep: boolean;
};

/** How follow-up treats one invoice. */
export type FollowupMode = "auto" | "paused" | "stopped" | "manual";

export type InvoiceFollowup = {
  invoiceId: string;
  mode: FollowupMode;
  reason: string | null;
  pausedUntil: CalendarDate | null;
  promisedOn: CalendarDate | null;
  /** The balance follow-up last saw: a lower one means money arrived. */
  seenBalance: number;
};

export const TASK_KINDS = [
  "handover",
  "partial_payment",
  "paid_claim",
  "dispute",
  "correction_request",
  "wrong_contact",
  "question",
  "unclear_reply",
  "bounced_contact",
  "no_channel",
  "delivery_uncertain",
  "delivery_failed",
  "einvoice_rejected",
  "unconfirmed_claim",
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export type Task = {
  id: string;
  kind: TaskKind;
  title: string;
  summary: string;
  customerId: string | null;
  invoiceId: string | null;
  data: Record<string, unknown>;
  dueOn: CalendarDate;
  status: "open" | "done";
  resolution: string | null;
  createdAt: Instant;
  doneAt: Instant | null;
};

export type StoredReply = {
  id: string;
  channel: MessageChannel;
  from: string;
  subject: string | null;
  customerId: string | null;
  invoiceIds: string[];
  linkedBy: "reply_token" | "thread" | "sender" | "none";
  kind: "reply" | "bounce";
  label: ReplyLabel | null;
  confidence: number | null;
  evidence: string | null;
  action: string;
  receivedAt: Instant;
};
