/**
 * The assist layer's port: models help with words (drafting, classifying, extracting,
 * summarising); they never decide an amount, a date, a tax, a discount, a refund, or whether
 * something was paid. Every input here is a set of facts from the database; every output is
 * words or a proposal that a use case checks before anything changes.
 */
import type { CalendarDate } from "../kernel/dates.js";
import type { CurrencyCode } from "../kernel/money.js";

export type Language = "en" | "es";
export type Channel = "email" | "whatsapp";

/** Where in the follow-up an outgoing message stands. */
export const DRAFT_STEPS = [
  "invoice",
  "before_due",
  "due_today",
  "overdue_3",
  "overdue_7",
] as const;
export type DraftStep = (typeof DRAFT_STEPS)[number];

export type InvoiceFact = {
  number: string;
  currency: CurrencyCode;
  totalMinor: number;
  balanceMinor: number;
  issueDate: CalendarDate;
  dueDate: CalendarDate;
  /** Negative before the due date, 0 on it. */
  daysOverdue: number;
};

/** Everything a message may state: a draft must not state anything else as a fact. */
export type FactSheet = {
  language: Language;
  channel: Channel;
  step: DraftStep;
  /** The date the message is written (for "today", "yesterday" wording), in the customer's zone. */
  today: CalendarDate;
  organisationName: string;
  customerName: string;
  contactName: string | null;
  /** Tone inputs. */
  segment: "corporate" | "small_business" | "individual";
  relationship: "new" | "recurring";
  payerHistory: "punctual" | "late";
  invoices: InvoiceFact[];
  currency: CurrencyCode;
  totalDueMinor: number;
  paymentLink: string | null;
  portalLink: string | null;
  /** What happened before: earlier reminders, replies, promises. */
  history: {
    remindersSent: number;
    lastReplyLabel: ReplyLabel | null;
    promisedOn: CalendarDate | null;
  };
  /** Whether the organisation's policy allows a firm, formal (legal) wording at this step. */
  legalLanguageAllowed: boolean;
};

export type DraftText = { subject: string | null; body: string };

export const REPLY_LABELS = [
  "paid_claim",
  "promise_to_pay",
  "dispute",
  "correction_request",
  "wrong_contact",
  "question",
  "out_of_office",
  "unsubscribe",
  "other",
] as const;
export type ReplyLabel = (typeof REPLY_LABELS)[number];

export type Classification = {
  label: ReplyLabel;
  /** 0..1 */
  confidence: number;
  /** The customer's own words that support the label, quoted from the reply. */
  evidence: string;
  /** promise_to_pay: the date promised, when the reply gives one. */
  promisedOn?: CalendarDate | null;
  /** out_of_office: the return date, when given. */
  returnsOn?: CalendarDate | null;
  /** wrong_contact: the new contact, when given. */
  newContact?: { name: string | null; email: string | null; phone: string | null } | null;
};

export type FieldGuess<T> = { value: T | null; confidence: number };

/** Payment evidence (a receipt's text) read into a claim; a claim never marks anything paid. */
export type EvidenceExtraction = {
  /** Decimal string as written, normalised to "." (e.g. "1200.50"); money is parsed by the caller. */
  amount: FieldGuess<string>;
  currency: FieldGuess<string>;
  date: FieldGuess<CalendarDate>;
  reference: FieldGuess<string>;
  payer: FieldGuess<string>;
  bank: FieldGuess<string>;
};

export interface AssistProvider {
  /** "builtin", "openai:<model>", "anthropic:<model>" */
  readonly name: string;
  draft(facts: FactSheet): Promise<DraftText>;
  classify(input: { text: string; today: CalendarDate }): Promise<Classification>;
  extractEvidence(input: { text: string }): Promise<EvidenceExtraction>;
}
