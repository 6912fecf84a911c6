-- Billing: drafts and issued invoices, their lines, what they bill (exactly once), number series,
-- and each organisation's review policy.
ALTER TABLE customers ADD COLUMN always_review boolean NOT NULL DEFAULT false;
ALTER TABLE contracts ADD COLUMN always_review boolean NOT NULL DEFAULT false;

CREATE TABLE billing_policies (
  org_id text PRIMARY KEY REFERENCES organisations (id),
  policy jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE invoices (
  org_id text NOT NULL,
  id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  status text NOT NULL CHECK (status IN ('draft', 'review', 'rejected', 'issued', 'void')),
  series text NOT NULL,
  number text,
  number_seq bigint,
  customer_id text NOT NULL,
  currency char(3) NOT NULL,
  issue_on date,
  due_on date,
  period_start date,
  period_end date,
  subtotal_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  total_minor bigint NOT NULL,
  balance_minor bigint NOT NULL,
  review_reasons jsonb NOT NULL,
  source text NOT NULL CHECK (source IN ('contract', 'events', 'usage', 'manual', 'credit_note')),
  credited_invoice_id text,
  customer_snapshot jsonb,
  seller_snapshot jsonb,
  status_reason text,
  notes text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  issued_at timestamptz,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, series, number),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id),
  CHECK ((status IN ('issued', 'void')) = (number IS NOT NULL)),
  CHECK (balance_minor >= 0)
);
CREATE INDEX invoices_customer ON invoices (org_id, customer_id, created_at);
CREATE INDEX invoices_status ON invoices (org_id, status);

CREATE TABLE invoice_lines (
  org_id text NOT NULL,
  invoice_id text NOT NULL,
  position integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('charge', 'proration', 'usage', 'credit')),
  description text NOT NULL,
  product_code text,
  quantity numeric NOT NULL,
  unit_code text NOT NULL,
  unit_price_minor bigint NOT NULL,
  list_price_minor bigint,
  discount_minor bigint NOT NULL,
  tax_code text NOT NULL,
  tax_rate_bps integer NOT NULL,
  tax_category text NOT NULL,
  tax_overridden boolean NOT NULL DEFAULT false,
  net_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  contract_id text,
  period_start date,
  period_end date,
  event_id text,
  PRIMARY KEY (org_id, invoice_id, position),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id)
);

-- A contract period is billed by at most one live draft or invoice: the key that makes `bill`
-- idempotent. Rejecting a draft frees its periods and events to be billed again.
CREATE TABLE billed_periods (
  org_id text NOT NULL,
  contract_id text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  invoice_id text NOT NULL,
  PRIMARY KEY (org_id, contract_id, period_start)
);
CREATE INDEX billed_periods_invoice ON billed_periods (org_id, invoice_id);

CREATE TABLE billed_events (
  org_id text NOT NULL,
  event_id text NOT NULL,
  invoice_id text NOT NULL,
  PRIMARY KEY (org_id, event_id)
);
CREATE INDEX billed_events_invoice ON billed_events (org_id, invoice_id);

-- Gapless numbering: one counter row per series and period, locked while an invoice is issued.
CREATE TABLE number_series (
  org_id text NOT NULL,
  series text NOT NULL,
  period text NOT NULL,
  next_seq bigint NOT NULL CHECK (next_seq >= 1),
  PRIMARY KEY (org_id, series, period)
);
