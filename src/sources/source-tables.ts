import type { Column } from "../kernel/bulk.js";
import type { IdPrefix } from "../kernel/ids.js";
import type { SourceInputs, SourceKind } from "./model.js";

/** Internal ids of the records a row refers to, resolved before writing. */
export type Refs = {
  customerId: (externalId: string) => string;
  contractId: (externalId: string | null) => string | null;
};

/** How one kind of source record is stored: its table, its key, and its columns. */
export type SourceTable<K extends SourceKind> = {
  table: string;
  idPrefix: IdPrefix;
  /** The column that holds the record's own key in the file (external id or code). */
  keyColumn: "external_id" | "code";
  key: (record: SourceInputs[K]) => string;
  /** Columns written from the record; compared to decide whether an import changes anything. */
  columns: Column[];
  toRow: (record: SourceInputs[K], refs: Refs) => Record<string, unknown>;
};

const text = (name: string): Column => ({ name, type: "text" });
const col = (name: string, type: string): Column => ({ name, type });

export const SOURCE_TABLES: { [K in SourceKind]: SourceTable<K> } = {
  customers: {
    table: "customers",
    idPrefix: "cus",
    keyColumn: "external_id",
    key: (r) => r.externalId,
    columns: [
      text("legal_name"),
      text("tax_id"),
      col("billing_address", "jsonb"),
      text("currency"),
      text("language"),
      text("time_zone"),
      col("payment_terms", "jsonb"),
      text("segment"),
      col("preferred_channels", "text[]"),
      text("payer_profile"),
    ],
    toRow: (r) => ({
      legal_name: r.legalName,
      tax_id: r.taxId,
      billing_address: r.billingAddress,
      currency: r.currency,
      language: r.language,
      time_zone: r.timeZone,
      payment_terms: r.paymentTerms,
      segment: r.segment,
      preferred_channels: r.preferredChannels,
      payer_profile: r.payerProfile,
    }),
  },
  contacts: {
    table: "contacts",
    idPrefix: "con",
    keyColumn: "external_id",
    key: (r) => r.externalId,
    columns: [
      text("customer_id"),
      text("name"),
      text("role"),
      text("email"),
      text("phone"),
      col("whatsapp_opt_in", "boolean"),
    ],
    toRow: (r, refs) => ({
      customer_id: refs.customerId(r.customerExternalId),
      name: r.name,
      role: r.role,
      email: r.email,
      phone: r.phone,
      whatsapp_opt_in: r.whatsappOptIn,
    }),
  },
  products: {
    table: "products",
    idPrefix: "prd",
    keyColumn: "code",
    key: (r) => r.code,
    columns: [
      text("name"),
      text("unit"),
      col("unit_price_minor", "bigint"),
      text("currency"),
      text("tax_code"),
    ],
    toRow: (r) => ({
      name: r.name,
      unit: r.unit,
      unit_price_minor: r.unitPriceMinor,
      currency: r.currency,
      tax_code: r.taxCode,
    }),
  },
  "tax-rates": {
    table: "tax_rates",
    idPrefix: "tax",
    keyColumn: "code",
    key: (r) => r.code,
    columns: [
      text("name"),
      col("rate_bps", "integer"),
      col("inclusive", "boolean"),
      col("exempt", "boolean"),
      col("zero_rated", "boolean"),
    ],
    toRow: (r) => ({
      name: r.name,
      rate_bps: r.rateBps,
      inclusive: r.inclusive,
      exempt: r.exempt,
      zero_rated: r.zeroRated,
    }),
  },
  contracts: {
    table: "contracts",
    idPrefix: "ctr",
    keyColumn: "external_id",
    key: (r) => r.externalId,
    columns: [
      text("customer_id"),
      text("schedule"),
      col("start_on", "date"),
      col("end_on", "date"),
      text("timing"),
      text("currency"),
      col("lines", "jsonb"),
      col("usage", "jsonb"),
    ],
    toRow: (r, refs) => ({
      customer_id: refs.customerId(r.customerExternalId),
      schedule: r.schedule,
      start_on: r.startOn,
      end_on: r.endOn,
      timing: r.timing,
      currency: r.currency,
      lines: r.lines,
      usage: r.usage,
    }),
  },
  events: {
    table: "billable_events",
    idPrefix: "evt",
    keyColumn: "external_id",
    key: (r) => r.externalId,
    columns: [
      text("kind"),
      text("customer_id"),
      text("contract_id"),
      col("occurred_at", "timestamptz"),
      text("notes"),
      col("lines", "jsonb"),
    ],
    toRow: (r, refs) => ({
      kind: r.kind,
      customer_id: refs.customerId(r.customerExternalId),
      contract_id: refs.contractId(r.contractExternalId),
      occurred_at: r.occurredAt,
      notes: r.notes,
      lines: r.lines,
    }),
  },
};
