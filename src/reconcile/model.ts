/** Reconcile's types: money received and where it went. */
import type { CalendarDate, Instant } from "../kernel/dates.js";

export const PAYMENT_METHODS = ["bank_transfer", "card", "cash", "check", "other"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export type PaymentStatus = "pending" | "settled";

export type Payment = {
  id: string;
  customerId: string | null;
  currency: string;
  amount: number;
  receivedOn: CalendarDate;
  method: PaymentMethod;
  reference: string | null;
  source: "manual" | "bank" | "processor" | "evidence";
  status: PaymentStatus;
  forInvoiceId: string | null;
  createdAt: Instant;
  allocations: { invoiceId: string; invoiceNumber: string; amount: number }[];
};
