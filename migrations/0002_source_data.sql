-- Source data: who we bill, what we sell, on what terms, and the billable work.
-- Every table leads with org_id so the data can be split by organisation later.
CREATE TABLE organisations (
  id text PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  legal_name text NOT NULL,
  tax_id text,
  address jsonb,
  base_currency char(3) NOT NULL,
  time_zone text NOT NULL,
  locale text NOT NULL,
  payment_terms jsonb NOT NULL,
  bank_details jsonb,
  weekend_days smallint[] NOT NULL DEFAULT '{0,6}',
  require_tax_id boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);

CREATE TABLE org_holidays (
  org_id text NOT NULL REFERENCES organisations (id),
  holiday_on date NOT NULL,
  name text NOT NULL,
  PRIMARY KEY (org_id, holiday_on)
);

CREATE TABLE customers (
  org_id text NOT NULL REFERENCES organisations (id),
  id text NOT NULL,
  external_id text NOT NULL,
  legal_name text NOT NULL,
  tax_id text,
  billing_address jsonb,
  currency char(3) NOT NULL,
  language text NOT NULL,
  time_zone text NOT NULL,
  payment_terms jsonb NOT NULL,
  segment text NOT NULL CHECK (segment IN ('corporate', 'small_business', 'individual')),
  preferred_channels text[] NOT NULL,
  payer_profile text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, external_id)
);

CREATE TABLE contacts (
  org_id text NOT NULL,
  id text NOT NULL,
  external_id text NOT NULL,
  customer_id text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('billing', 'primary', 'other')),
  email text,
  phone text,
  whatsapp_opt_in boolean NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, external_id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id)
);
CREATE INDEX contacts_customer ON contacts (org_id, customer_id);

CREATE TABLE tax_rates (
  org_id text NOT NULL REFERENCES organisations (id),
  id text NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  rate_bps integer NOT NULL CHECK (rate_bps >= 0 AND rate_bps <= 100000),
  inclusive boolean NOT NULL,
  exempt boolean NOT NULL,
  zero_rated boolean NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, code),
  CHECK (NOT (exempt OR zero_rated) OR rate_bps = 0)
);

CREATE TABLE products (
  org_id text NOT NULL REFERENCES organisations (id),
  id text NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  unit text NOT NULL,
  unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
  currency char(3) NOT NULL,
  tax_code text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, code)
);

CREATE TABLE contracts (
  org_id text NOT NULL,
  id text NOT NULL,
  external_id text NOT NULL,
  customer_id text NOT NULL,
  schedule text NOT NULL,
  start_on date NOT NULL,
  end_on date,
  timing text NOT NULL CHECK (timing IN ('advance', 'arrears')),
  currency char(3) NOT NULL,
  lines jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, external_id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id),
  CHECK (end_on IS NULL OR end_on >= start_on)
);
CREATE INDEX contracts_customer ON contracts (org_id, customer_id);

CREATE TABLE billable_events (
  org_id text NOT NULL,
  id text NOT NULL,
  external_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('job_completed', 'quote_approved', 'milestone_reached', 'usage_reported', 'manual')),
  customer_id text NOT NULL,
  contract_id text,
  occurred_at timestamptz NOT NULL,
  notes text,
  lines jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, external_id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id),
  FOREIGN KEY (org_id, contract_id) REFERENCES contracts (org_id, id)
);
CREATE INDEX billable_events_customer ON billable_events (org_id, customer_id, occurred_at);
