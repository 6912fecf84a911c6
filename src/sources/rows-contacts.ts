/** contacts.csv rows → ContactInput. Pure. */
import { CONTACT_ROLES, type ContactInput } from "./model.js";
import { type RowConverter, RowReader, show } from "./row-fields.js";

export const CONTACT_COLUMNS = {
  required: ["external_id", "customer_external_id", "name"],
  optional: ["role", "email", "phone", "whatsapp_opt_in"],
} as const;

/** local@domain.tld: one @, no spaces, a dot in the domain, a top-level part of 2+ characters. */
const emailPattern = /^[^\s@]+@(?:[^\s@.]+\.)+[^\s@.]{2,}$/;
/** The longest address SMTP carries (RFC 5321). */
export const emailLengthMax = 254;

/** E.164: "+", a country code not starting with 0, 7 to 15 digits in all. */
const e164Pattern = /^\+[1-9]\d{6,14}$/;

export function isEmailAddress(s: string): boolean {
  return s.length <= emailLengthMax && emailPattern.test(s);
}

/**
 * A phone in E.164 form. Spaces, dashes, dots and parentheses between digits are dropped first,
 * so "+52 55 1234-5678" is read as "+525512345678"; without the leading "+" it is refused.
 */
export function normalisePhone(s: string): string | null {
  const compact = s.replace(/[\s\-.()]/g, "");
  return e164Pattern.test(compact) ? compact : null;
}

export const contactFromRow: RowConverter<ContactInput> = (values, line, file) => {
  const row = new RowReader(values, line, file);
  const externalId = row.required("external_id");
  const customerExternalId = row.required("customer_external_id");
  const name = row.required("name");
  const role = row.oneOf("role", CONTACT_ROLES, "billing");
  const email = readEmail(row);
  const phone = readPhone(row);
  const whatsappOptIn = row.bool("whatsapp_opt_in", false);
  if (row.text("email") === "" && row.text("phone") === "") {
    row.issue("email", "a contact needs an email or a phone; both are empty");
  }
  if (whatsappOptIn && row.text("phone") === "") {
    row.issue("whatsapp_opt_in", "is true but the contact has no phone to message");
  }
  return row.result(() => ({
    externalId,
    customerExternalId,
    name,
    role: role!,
    email,
    phone,
    whatsappOptIn,
  }));
};

function readEmail(row: RowReader): string | null {
  const value = row.optional("email");
  if (value === null) return null;
  if (isEmailAddress(value)) return value;
  row.issue("email", `not a valid email address: ${show(value)}`);
  return null;
}

function readPhone(row: RowReader): string | null {
  const value = row.optional("phone");
  if (value === null) return null;
  const phone = normalisePhone(value);
  if (phone === null) {
    row.issue("phone", `phone must be in E.164 form like +14155550123: ${show(value)}`);
  }
  return phone;
}
