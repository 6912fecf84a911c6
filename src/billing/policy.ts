import { z } from "zod";
import { CashloopError } from "../kernel/errors.js";

/**
 * An organisation's billing policy: when a draft needs a person, how invoices are numbered and
 * when they fall due. Stored as JSON per organisation, validated on every read and write.
 */
export const billingPolicySchema = z
  .object({
    /** Drafts with no review reason are issued without a person when on; else they wait as routine. */
    autoIssue: z.boolean().default(false),
    /** A draft whose total is above this (in minor units of its currency) is `high_value`. */
    highValueMinor: z.number().int().nonnegative().default(500_000),
    /** A customer without a tax id cannot be invoiced automatically. */
    requireTaxId: z.boolean().default(false),
    /** A due date on a weekend or holiday moves to the next business day. */
    dueOnBusinessDay: z.boolean().default(true),
    /** Several events of one customer on one day become one draft. */
    groupEventsByDay: z.boolean().default(true),
    /**
     * Same customer and total is a duplicate suspect when the periods overlap, the same event is
     * billed, or (for drafts without a period) they were made within this many days.
     */
    duplicateWindowDays: z.number().int().min(0).max(366).default(14),
    /** How many of the customer's latest invoices the anomaly rule compares with. */
    anomalyHistoryCount: z.number().int().min(1).max(50).default(6),
    /** The anomaly rule needs at least this many earlier invoices to say anything. */
    anomalyHistoryMin: z.number().int().min(1).max(50).default(3),
    /** A total above median × this percentage, or below median ÷ it, is an anomaly (300 = 3×). */
    anomalyFactorPct: z.number().int().min(101).max(10_000).default(300),
    /** Tokens: {YYYY}, {YY}, {SEQ:n} (sequence zero-padded to n digits). */
    invoiceNumberFormat: z.string().min(1).default("INV-{YYYY}-{SEQ:6}"),
    creditNoteNumberFormat: z.string().min(1).default("CN-{YYYY}-{SEQ:6}"),
    /** Start each series again at 1 every calendar year (the format must then hold the year). */
    yearlyReset: z.boolean().default(true),
  })
  .strict();

export type BillingPolicy = z.infer<typeof billingPolicySchema>;

export const DEFAULT_POLICY: BillingPolicy = billingPolicySchema.parse({});

const SEQ_TOKEN = /\{SEQ(?::(\d{1,2}))?\}/;

/** Validates a policy (from the database or an edit), naming the field that is wrong. */
export function parsePolicy(value: unknown): BillingPolicy {
  const parsed = billingPolicySchema.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const unknown = issue?.code === "unrecognized_keys" ? issue.keys.join(", ") : "";
    const field = issue?.path.join(".") || unknown || "policy";
    throw new CashloopError("policy_invalid", `policy ${field}: ${issue?.message ?? "invalid"}`, {
      field,
    });
  }
  const policy = parsed.data;
  if (policy.anomalyHistoryMin > policy.anomalyHistoryCount) {
    throw new CashloopError(
      "policy_invalid",
      `policy anomalyHistoryMin: ${policy.anomalyHistoryMin} is more than anomalyHistoryCount ${policy.anomalyHistoryCount}, so the anomaly rule could never apply`,
      { field: "anomalyHistoryMin" },
    );
  }
  for (const field of ["invoiceNumberFormat", "creditNoteNumberFormat"] as const) {
    const format = policy[field];
    if (!SEQ_TOKEN.test(format)) {
      throw new CashloopError(
        "policy_invalid",
        `policy ${field}: "${format}" needs a {SEQ} token`,
        {
          field,
        },
      );
    }
    if (policy.yearlyReset && !/\{YYYY\}|\{YY\}/.test(format)) {
      throw new CashloopError(
        "policy_invalid",
        `policy ${field}: "${format}" resets every year, so it needs {YYYY} or {YY}`,
        { field },
      );
    }
  }
  return policy;
}

/** "INV-{YYYY}-{SEQ:6}", 2026, 123 → "INV-2026-000123". */
export function formatNumber(format: string, year: number, seq: number): string {
  return format
    .replaceAll("{YYYY}", String(year).padStart(4, "0"))
    .replaceAll("{YY}", String(year % 100).padStart(2, "0"))
    .replace(new RegExp(SEQ_TOKEN.source, "g"), (_m, width: string | undefined) =>
      String(seq).padStart(Number(width ?? 1), "0"),
    );
}
