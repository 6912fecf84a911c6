-- Bank statements: the accounts money arrives in, each imported file, and its lines. A line's
-- fingerprint is unique per account, so importing the same or an overlapping statement again
-- adds only the lines not seen before.
CREATE TABLE bank_accounts (
  org_id text NOT NULL REFERENCES organisations (id),
  id text NOT NULL,
  account text NOT NULL,
  currency char(3),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, account)
);

CREATE TABLE statement_imports (
  org_id text NOT NULL REFERENCES organisations (id),
  id text NOT NULL,
  file_name text NOT NULL,
  sha256 text NOT NULL,
  format text NOT NULL,
  statements integer NOT NULL,
  lines_seen integer NOT NULL,
  lines_added integer NOT NULL,
  imported_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id)
);

CREATE TABLE statement_lines (
  org_id text NOT NULL,
  id text NOT NULL,
  account_id text NOT NULL,
  import_id text NOT NULL,
  fingerprint text NOT NULL,
  booking_date date NOT NULL,
  value_date date,
  amount_minor bigint NOT NULL,
  currency char(3) NOT NULL,
  counterparty_name text,
  counterparty_account text,
  reference text,
  bank_ref text,
  status text NOT NULL CHECK (status IN ('new', 'applied', 'suggested', 'review', 'unmatched')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, account_id, fingerprint),
  FOREIGN KEY (org_id, account_id) REFERENCES bank_accounts (org_id, id)
);
CREATE INDEX statement_lines_status ON statement_lines (org_id, status);

CREATE TABLE csv_profiles (
  org_id text NOT NULL REFERENCES organisations (id),
  name text NOT NULL,
  profile jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, name)
);
