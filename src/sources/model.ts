import type { CalendarDate, Instant } from "../kernel/dates.js";
import type { CurrencyCode } from "../kernel/money.js";

/** Postal address; `country` is ISO 3166-1 alpha-2. */
export type Address = {
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  country: string;
};

/** How long a customer has to pay: net N days, end of month + N days, or on receipt. */
export type PaymentTerms =
  | { kind: "net"; days: number }
  | { kind: "end_of_month"; days: number }
  | { kind: "on_receipt" };

export type BankDetails = {
  accountName: string;
  iban: string | null;
  bic: string | null;
  accountNumber: string | null;
  routingNumber: string | null;
  bankName: string | null;
};

export const SEGMENTS = ["corporate", "small_business", "individual"] as const;
export type Segment = (typeof SEGMENTS)[number];

export const CHANNELS = ["email", "whatsapp"] as const;
export type Channel = (typeof CHANNELS)[number];

export const CONTACT_ROLES = ["billing", "primary", "other"] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** How a customer pays: data the later issues simulate payments and replies from. */
export const PAYER_PROFILES = [
  "punctual",
  "few_days_late",
  "chronically_late",
  "partial_payer",
  "disputer",
  "bank_transfer_messy_reference",
  "card_payer",
] as const;
export type PayerProfile = (typeof PAYER_PROFILES)[number];

export const CONTRACT_TIMINGS = ["advance", "arrears"] as const;
export type ContractTiming = (typeof CONTRACT_TIMINGS)[number];

export const EVENT_KINDS = [
  "job_completed",
  "quote_approved",
  "milestone_reached",
  "usage_reported",
  "manual",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const SOURCE_KINDS = [
  "customers",
  "contacts",
  "products",
  "tax-rates",
  "contracts",
  "events",
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export type Organisation = {
  id: string;
  slug: string;
  name: string;
  legalName: string;
  taxId: string | null;
  address: Address | null;
  baseCurrency: CurrencyCode;
  timeZone: string;
  locale: string;
  paymentTerms: PaymentTerms;
  bankDetails: BankDetails | null;
  weekendDays: number[];
  requireTaxId: boolean;
  createdAt: Instant;
};

// ---- Inputs: what an import file or the demo generator hands in, keyed by external ids. ----

export type CustomerInput = {
  externalId: string;
  legalName: string;
  taxId: string | null;
  billingAddress: Address | null;
  currency: CurrencyCode;
  language: string;
  timeZone: string;
  paymentTerms: PaymentTerms;
  segment: Segment;
  preferredChannels: Channel[];
  payerProfile: PayerProfile | null;
};

export type ContactInput = {
  externalId: string;
  customerExternalId: string;
  name: string;
  role: ContactRole;
  email: string | null;
  /** E.164, e.g. +525512345678 */
  phone: string | null;
  whatsappOptIn: boolean;
};

export type ProductInput = {
  code: string;
  name: string;
  unit: string;
  unitPriceMinor: number;
  currency: CurrencyCode;
  taxCode: string;
};

export type TaxRateInput = {
  code: string;
  name: string;
  rateBps: number;
  inclusive: boolean;
  exempt: boolean;
  zeroRated: boolean;
};

/** A contract or event line; quantity is a decimal string ("1", "7.5"). */
export type LineInput = {
  productCode: string;
  quantity: string;
  /** A price override in the contract's or customer's currency; null means the list price. */
  unitPriceMinor: number | null;
  description: string | null;
};

/** One usage price tier: units up to `upToQuantity` (cumulative, counted from 0) cost `unitPriceMinor`. */
export type UsageTier = {
  /** A decimal string; null means no upper bound (only the last tier). */
  upToQuantity: string | null;
  /** In the contract's currency. */
  unitPriceMinor: number;
};

/** The most price tiers one contract's usage pricing may have. */
export const usageTiersMax = 50;

export const USAGE_MODES = ["graduated", "volume"] as const;
/** graduated: each tier prices its slice; volume: the tier the total falls in prices every billable unit. */
export type UsageMode = (typeof USAGE_MODES)[number];

/** How a contract prices the usage its events report, per contract period. */
export type ContractUsage = {
  /** The usage product: usage events report quantities of it. */
  productCode: string;
  /** A decimal ≥ 0: free in each period. */
  includedQuantity: string;
  /**
   * Ascending `upToQuantity`, counted from 0 including the included quantity; the last one null.
   * Units inside the included quantity are free whatever tier they fall in.
   */
  tiers: UsageTier[];
  mode: UsageMode;
  /** When the period's usage so far passes this, what is used is billed now (a supplemental draft). */
  thresholdQuantity: string | null;
};

export type ContractInput = {
  externalId: string;
  customerExternalId: string;
  /** See `parseSchedule` in ./schedule.ts: monthly, monthly:day-15, weekly:mon, quarterly, yearly, rrule:… */
  schedule: string;
  startOn: CalendarDate;
  endOn: CalendarDate | null;
  timing: ContractTiming;
  currency: CurrencyCode;
  lines: LineInput[];
  /** Usage pricing; null when the contract bills no usage this way. */
  usage: ContractUsage | null;
};

export type EventInput = {
  externalId: string;
  kind: EventKind;
  customerExternalId: string;
  contractExternalId: string | null;
  occurredAt: Instant;
  notes: string | null;
  lines: LineInput[];
};

export type SourceInputs = {
  customers: CustomerInput;
  contacts: ContactInput;
  products: ProductInput;
  "tax-rates": TaxRateInput;
  contracts: ContractInput;
  events: EventInput;
};

/** One input record and where it came from (the first line of the file that holds it). */
export type SourceRow<K extends SourceKind> = { line: number; record: SourceInputs[K] };

// ---- Stored records, as list commands print them. ----

export type Customer = CustomerInput & { id: string; createdAt: Instant; updatedAt: Instant };
export type Contact = Omit<ContactInput, "customerExternalId"> & {
  id: string;
  customerId: string;
};
export type Product = ProductInput & { id: string };
export type TaxRate = TaxRateInput & { id: string };
export type ContractLine = LineInput;
export type Contract = Omit<ContractInput, "customerExternalId"> & {
  id: string;
  customerId: string;
  customerName: string;
};
export type BillableEvent = Omit<EventInput, "customerExternalId" | "contractExternalId"> & {
  id: string;
  customerId: string;
  customerName: string;
  contractId: string | null;
};
