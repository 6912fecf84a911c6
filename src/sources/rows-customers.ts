/** customers.csv rows → CustomerInput. Pure. */
import { isValidTimeZone } from "../kernel/dates.js";
import { isCountryCode } from "./countries.js";
import {
  type Address,
  CHANNELS,
  type Channel,
  type CustomerInput,
  PAYER_PROFILES,
  type PaymentTerms,
  SEGMENTS,
} from "./model.js";
import { type RowConverter, RowReader, show } from "./row-fields.js";

export const CUSTOMER_COLUMNS = {
  required: [
    "external_id",
    "legal_name",
    "currency",
    "language",
    "time_zone",
    "payment_terms",
    "segment",
  ],
  optional: [
    "tax_id",
    "address_line1",
    "address_line2",
    "city",
    "region",
    "postal_code",
    "country",
    "preferred_channels",
    "payer_profile",
  ],
} as const;

/** Languages invoices and messages can be written in; a region may follow (es-MX). */
export const CUSTOMER_LANGUAGES = ["en", "es"] as const;

/** Payment terms longer than this many days are refused as typos. */
export const paymentTermsDaysMax = 365;

export const customerFromRow: RowConverter<CustomerInput> = (values, line, file) => {
  const row = new RowReader(values, line, file);
  const externalId = row.required("external_id");
  const legalName = row.required("legal_name");
  const taxId = row.optional("tax_id");
  const billingAddress = readAddress(row);
  const currency = row.currency("currency");
  const language = readLanguage(row);
  const timeZone = readTimeZone(row);
  const paymentTerms = readPaymentTerms(row);
  const segment = row.oneOf("segment", SEGMENTS);
  const preferredChannels = readChannels(row);
  const payerProfile =
    row.text("payer_profile") === "" ? null : row.oneOf("payer_profile", PAYER_PROFILES);
  return row.result(() => ({
    externalId,
    legalName,
    taxId,
    billingAddress,
    currency: currency!,
    language: language!,
    timeZone: timeZone!,
    paymentTerms: paymentTerms!,
    segment: segment!,
    preferredChannels,
    payerProfile,
  }));
};

/** All address columns empty → null; otherwise line 1, city and country are required. */
function readAddress(row: RowReader): Address | null {
  const line1 = row.optional("address_line1");
  const line2 = row.optional("address_line2");
  const city = row.optional("city");
  const region = row.optional("region");
  const postalCode = row.optional("postal_code");
  const countryText = row.optional("country");
  if ([line1, line2, city, region, postalCode, countryText].every((v) => v === null)) return null;
  const missing = "is required when any address column is filled";
  if (line1 === null) row.issue("address_line1", missing);
  if (city === null) row.issue("city", missing);
  if (countryText === null) row.issue("country", missing);
  const country = countryText?.toUpperCase() ?? "";
  if (countryText !== null && !isCountryCode(country)) {
    row.issue(
      "country",
      `country must be an ISO 3166-1 two-letter code like MX or US: ${show(countryText)}`,
    );
  }
  return { line1: line1 ?? "", line2, city: city ?? "", region, postalCode, country };
}

/** "es", "es-MX" (case fixed: "ES-mx" → "es-MX"); the primary subtag must be supported. */
function readLanguage(row: RowReader): string | null {
  const value = row.required("language");
  if (value === "") return null;
  const [primary = "", region, ...rest] = value.split(/[-_]/);
  const language =
    region === undefined
      ? primary.toLowerCase()
      : `${primary.toLowerCase()}-${region.toUpperCase()}`;
  const supported = CUSTOMER_LANGUAGES.some((l) => l === primary.toLowerCase());
  if (rest.length > 0 || !/^[a-z]{2}(-[A-Z]{2})?$/.test(language) || !supported) {
    row.issue(
      "language",
      `language must be ${CUSTOMER_LANGUAGES.join(" or ")}, optionally with a region like es-MX: ${show(value)}`,
    );
    return null;
  }
  return language;
}

function readTimeZone(row: RowReader): string | null {
  const value = row.required("time_zone");
  if (value === "") return null;
  if (isValidTimeZone(value)) return value;
  row.issue(
    "time_zone",
    `unknown time zone ${show(value)}; use an IANA name like America/Mexico_City`,
  );
  return null;
}

function readPaymentTerms(row: RowReader): PaymentTerms | null {
  const value = row.required("payment_terms");
  if (value === "") return null;
  const terms = parsePaymentTerms(value);
  if (typeof terms === "string") {
    row.issue("payment_terms", terms);
    return null;
  }
  return terms;
}

/**
 * "net 30", "net30", "net_30" → net 30 days; "eom", "eom 15", "end_of_month 15" → end of month
 * + N days; "on_receipt", "due on receipt" → on receipt. Returns a reason when it is none of these.
 */
export function parsePaymentTerms(text: string): PaymentTerms | string {
  const s = text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+|(?<=[a-z])-/g, " ");
  if (/^(due )?(up)?on receipt$/.test(s)) return { kind: "on_receipt" };
  const net = /^net ?(\d{1,4})$/.exec(s);
  const eom = /^(?:eom|end of month) ?(\d{1,4})?$/.exec(s);
  const match = net ?? eom;
  if (!match) {
    return `payment terms must be like "net 30", "eom", "eom 15" or "on_receipt": ${show(text)}`;
  }
  const days = Number(match[1] ?? "0");
  if (days > paymentTermsDaysMax) {
    return `payment terms days must be 0 to ${paymentTermsDaysMax}: ${show(text)}`;
  }
  return net ? { kind: "net", days } : { kind: "end_of_month", days };
}

/** "email", "whatsapp", "email|whatsapp"; empty → ["email"]. */
function readChannels(row: RowReader): Channel[] {
  const value = row.text("preferred_channels");
  if (value === "") return ["email"];
  const channels: Channel[] = [];
  for (const part of value.split("|")) {
    const name = part.trim().toLowerCase();
    const channel = CHANNELS.find((c) => c === name);
    if (!channel) {
      row.issue(
        "preferred_channels",
        `unknown channel ${show(part.trim())}; use email, whatsapp or email|whatsapp`,
      );
    } else if (!channels.includes(channel)) {
      channels.push(channel);
    }
  }
  return channels;
}
