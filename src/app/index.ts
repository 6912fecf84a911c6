// What the shells (cli, server, worker) may use: the composition root and the use cases.

export { draftMessage } from "../assist/draft-message.js";
export { invoiceFactSheet } from "../assist/fact-sheet.js";
export { DRAFT_STEPS, type DraftStep } from "../assist/model.js";
export { getAssistSettings, setAssistSettings } from "../assist/settings.js";
export { changeContract } from "../billing/change-contract.js";
export { createCreditNote } from "../billing/create-credit-note.js";
export { editDraft, type LineEdit } from "../billing/edit-draft.js";
export { invoiceDocument } from "../billing/invoice-document.js";
export { invoiceFiles, loadInvoiceDocument } from "../billing/invoice-files.js";
export { renderInvoicePdf } from "../billing/invoice-pdf.js";
export { issueInvoices } from "../billing/issue-invoices.js";
export {
  INVOICE_STATUSES,
  type Invoice,
  type InvoiceStatus,
  type InvoiceSummary,
} from "../billing/model.js";
export { rejectDraft } from "../billing/reject-draft.js";
export { runBilling } from "../billing/run-billing.js";
export { parsePolicyChanges, setAlwaysReview, setPolicy } from "../billing/set-policy.js";
export { type Settlement, settlementOf } from "../billing/settlement.js";
export { getInvoice, getPolicy, listInvoices } from "../billing/store.js";
export { toUblXml } from "../billing/ubl-write.js";
export { voidInvoice } from "../billing/void-invoice.js";
export { listOutbox } from "../delivery/outbox-store.js";
export { getDeliverySettings, saveDeliverySettings } from "../delivery/settings.js";
export type { IngestOutcome } from "../followup/ingest-reply.js";
export { TASK_KINDS, type Task } from "../followup/model.js";
export { pauseCustomer, pauseInvoice, resumeCustomer, resumeInvoice } from "../followup/pause.js";
export {
  getCadencePolicy,
  isCadenceSegment,
  setCadencePolicy,
} from "../followup/set-cadence-policy.js";
export { expireStaleClaims, STALE_CLAIM_DAYS } from "../followup/stale-claims.js";
export { switchContact } from "../followup/switch-contact.js";
export { completeTask, getTask, listTasks } from "../followup/tasks.js";
export { listAudit } from "../kernel/audit.js";
export { type CalendarDate, isCalendarDate, todayIn } from "../kernel/dates.js";
export { CashloopError, exitCodeFor, ValidationError } from "../kernel/errors.js";
export { formatMoney, money, parseMoney, toDecimalString } from "../kernel/money.js";
export { type AddEvidenceOutcome, addEvidence } from "../reconcile/add-evidence.js";
export {
  CLAIM_STATUSES,
  type ClaimStatus,
  getClaim,
  listClaims,
  type PaymentClaim,
} from "../reconcile/claim-store.js";
export { confirmClaims } from "../reconcile/confirm-claims.js";
export { getCsvProfile, listCsvProfiles, saveCsvProfile } from "../reconcile/csv-profiles.js";
export { importStatement } from "../reconcile/import-statement.js";
export { ingestStripeEvents, type StripeIngestOutcome } from "../reconcile/ingest-stripe.js";
export { matchPayouts, type PayoutMatchReport } from "../reconcile/match-payouts.js";
export {
  getMatch,
  listMatches,
  type MatchItem,
  matchPolicy,
  saveMatchPolicy,
} from "../reconcile/match-store.js";
export { PAYMENT_METHODS, type PaymentMethod } from "../reconcile/model.js";
export { parseCsvProfile } from "../reconcile/parse/csv-profile.js";
export { parseStatementFile } from "../reconcile/parse/parse-statement-file.js";
export { reconcileLines } from "../reconcile/reconcile-lines.js";
export { recordPayment } from "../reconcile/record-payment.js";
export { confirmMatch, rejectMatch, undoMatch } from "../reconcile/review-match.js";
export { statementJson } from "../reconcile/statement-json.js";
export { listStatementLines } from "../reconcile/statement-store.js";
export { listPayments } from "../reconcile/store.js";
export { readStripeInputs } from "../reconcile/stripe-events.js";
export type { StripeInput } from "../reconcile/stripe-model.js";
export { createOrganisation } from "../sources/create-organisation.js";
export { importSourceFile } from "../sources/import-source-file.js";
export {
  type Organisation,
  type PaymentTerms,
  SOURCE_KINDS,
  type SourceKind,
} from "../sources/model.js";
export {
  listContacts,
  listContracts,
  listCustomers,
  listEvents,
  listProducts,
  listTaxRates,
} from "../sources/store.js";
export { assistProvider } from "./assist-provider.js";
export type { Env } from "./channels.js";
export { createDemoBusiness, type DemoRequest } from "./create-demo-business.js";
export { type CycleReport, cycle } from "./followup.js";
export { type App, type AppOptions, openApp } from "./open-app.js";
export { publicUrl } from "./public-url.js";
export { ingestEmail, ingestInbound } from "./replies.js";
export {
  listenForEmail,
  type ServeConfig,
  type ServeDeps,
  serveConfig,
  serverDeps,
  verifyStripeEvent,
} from "./serve.js";
