/**
 * The columns of each import kind and the converters from a CSV row to its input record.
 * Each converter collects every problem of a row, not just the first. Pure.
 */
import type { SourceKind } from "./model.js";
import { CONTACT_COLUMNS, contactFromRow } from "./rows-contacts.js";
import { CONTRACT_COLUMNS, contractLineFromRow, groupContracts } from "./rows-contracts.js";
import { CUSTOMER_COLUMNS, customerFromRow, parsePaymentTerms } from "./rows-customers.js";
import { EVENT_COLUMNS, eventLineFromRow, groupEvents } from "./rows-events.js";
import { PRODUCT_COLUMNS, productFromRow } from "./rows-products.js";
import { TAX_RATE_COLUMNS, taxRateFromRow } from "./rows-tax-rates.js";

export type ColumnSet = {
  readonly required: readonly string[];
  readonly optional: readonly string[];
};

/** Header names (snake_case; matched case-insensitively) per kind. */
export const SOURCE_COLUMNS: Readonly<Record<SourceKind, ColumnSet>> = {
  customers: CUSTOMER_COLUMNS,
  contacts: CONTACT_COLUMNS,
  products: PRODUCT_COLUMNS,
  "tax-rates": TAX_RATE_COLUMNS,
  contracts: CONTRACT_COLUMNS,
  events: EVENT_COLUMNS,
};

/** The column that identifies a record within its file (and in the database). */
export const SOURCE_KEY_COLUMNS: Readonly<Record<SourceKind, "external_id" | "code">> = {
  customers: "external_id",
  contacts: "external_id",
  products: "code",
  "tax-rates": "code",
  contracts: "external_id",
  events: "external_id",
};

export type { RowConverter, RowDefaults, RowResult } from "./row-fields.js";
export type { ContractHead } from "./rows-contracts.js";
export type { EventHead } from "./rows-events.js";
export type { LineRow } from "./rows-lines.js";
export {
  contactFromRow,
  contractLineFromRow,
  customerFromRow,
  eventLineFromRow,
  groupContracts,
  groupEvents,
  parsePaymentTerms,
  productFromRow,
  taxRateFromRow,
};
