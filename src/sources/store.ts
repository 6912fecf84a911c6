import type { Queryable } from "../kernel/db.js";
import type {
  BillableEvent,
  Contact,
  Contract,
  Customer,
  Organisation,
  Product,
  TaxRate,
} from "./model.js";

const ORG_COLUMNS = `id, slug, name, legal_name AS "legalName", tax_id AS "taxId", address,
  base_currency AS "baseCurrency", time_zone AS "timeZone", locale, payment_terms AS "paymentTerms",
  bank_details AS "bankDetails", weekend_days AS "weekendDays", require_tax_id AS "requireTaxId",
  created_at AS "createdAt"`;

export async function insertOrganisation(tx: Queryable, org: Organisation): Promise<void> {
  await tx.query(
    `INSERT INTO organisations (id, slug, name, legal_name, tax_id, address, base_currency, time_zone,
       locale, payment_terms, bank_details, weekend_days, require_tax_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9, $10::text::jsonb, $11::text::jsonb,
       $12::smallint[], $13, $14)`,
    [
      org.id,
      org.slug,
      org.name,
      org.legalName,
      org.taxId,
      JSON.stringify(org.address),
      org.baseCurrency,
      org.timeZone,
      org.locale,
      JSON.stringify(org.paymentTerms),
      JSON.stringify(org.bankDetails),
      org.weekendDays,
      org.requireTaxId,
      org.createdAt,
    ],
  );
}

export async function listOrganisations(db: Queryable): Promise<Organisation[]> {
  return db.query<Organisation>(`SELECT ${ORG_COLUMNS} FROM organisations ORDER BY slug`);
}

export async function listHolidays(db: Queryable, orgId: string): Promise<string[]> {
  const rows = await db.query<{ on: string }>(
    `SELECT holiday_on AS "on" FROM org_holidays WHERE org_id = $1 ORDER BY holiday_on`,
    [orgId],
  );
  return rows.map((r) => r.on);
}

/** Customers by legal name (byte order, the same on every engine), then id. */
export async function listCustomers(db: Queryable, orgId: string): Promise<Customer[]> {
  return db.query<Customer>(
    `SELECT id, external_id AS "externalId", legal_name AS "legalName", tax_id AS "taxId",
            billing_address AS "billingAddress", currency, language, time_zone AS "timeZone",
            payment_terms AS "paymentTerms", segment, preferred_channels AS "preferredChannels",
            payer_profile AS "payerProfile", created_at AS "createdAt", updated_at AS "updatedAt"
       FROM customers WHERE org_id = $1
      ORDER BY legal_name COLLATE "C", id`,
    [orgId],
  );
}

export async function listContacts(db: Queryable, orgId: string): Promise<Contact[]> {
  return db.query<Contact>(
    `SELECT id, external_id AS "externalId", customer_id AS "customerId", name, role, email, phone,
            whatsapp_opt_in AS "whatsappOptIn"
       FROM contacts WHERE org_id = $1 ORDER BY external_id COLLATE "C"`,
    [orgId],
  );
}

export async function listProducts(db: Queryable, orgId: string): Promise<Product[]> {
  return db.query<Product>(
    `SELECT id, code, name, unit, unit_price_minor AS "unitPriceMinor", currency, tax_code AS "taxCode"
       FROM products WHERE org_id = $1 ORDER BY code COLLATE "C"`,
    [orgId],
  );
}

export async function listTaxRates(db: Queryable, orgId: string): Promise<TaxRate[]> {
  return db.query<TaxRate>(
    `SELECT id, code, name, rate_bps AS "rateBps", inclusive, exempt, zero_rated AS "zeroRated"
       FROM tax_rates WHERE org_id = $1 ORDER BY code COLLATE "C"`,
    [orgId],
  );
}

/** Contracts by external id. */
export async function listContracts(db: Queryable, orgId: string): Promise<Contract[]> {
  return db.query<Contract>(
    `SELECT k.id, k.external_id AS "externalId", k.customer_id AS "customerId",
            c.legal_name AS "customerName", k.schedule, k.start_on AS "startOn", k.end_on AS "endOn",
            k.timing, k.currency, k.lines, k.usage
       FROM contracts k JOIN customers c ON c.org_id = k.org_id AND c.id = k.customer_id
      WHERE k.org_id = $1 ORDER BY k.external_id COLLATE "C"`,
    [orgId],
  );
}

/** Billable events by when they occurred, then external id. */
export async function listEvents(db: Queryable, orgId: string): Promise<BillableEvent[]> {
  return db.query<BillableEvent>(
    `SELECT e.id, e.external_id AS "externalId", e.kind, e.customer_id AS "customerId",
            c.legal_name AS "customerName", e.contract_id AS "contractId",
            e.occurred_at AS "occurredAt", e.notes, e.lines
       FROM billable_events e JOIN customers c ON c.org_id = e.org_id AND c.id = e.customer_id
      WHERE e.org_id = $1 ORDER BY e.occurred_at, e.external_id COLLATE "C"`,
    [orgId],
  );
}
