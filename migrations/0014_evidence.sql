-- Payment evidence: a receipt a customer sent (a PDF, a screenshot, a text), its text and what
-- was read from it, kept as a claim that waits for the bank line that confirms it. A claim never
-- pays an invoice: it is confirmed by a statement line, or expires (and a person gets a task).
-- The same file twice is one claim.
CREATE TABLE payment_claims (
  org_id text NOT NULL REFERENCES organisations (id),
  id text NOT NULL,
  file_name text NOT NULL,
  sha256 text NOT NULL,
  text text NOT NULL,
  amount_minor bigint CHECK (amount_minor > 0),
  currency char(3),
  claimed_on date,
  reference text,
  payer text,
  bank text,
  -- Each field's confidence (0..1) as the extractor gave it, and which provider read it.
  confidence jsonb NOT NULL,
  -- The open invoice the reference names (exactly one), and its customer.
  invoice_id text,
  customer_id text,
  status text NOT NULL CHECK (status IN ('waiting', 'confirmed', 'expired')),
  -- The statement line that confirmed it.
  line_id text,
  created_at timestamptz NOT NULL,
  decided_at timestamptz,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, sha256),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id),
  FOREIGN KEY (org_id, line_id) REFERENCES statement_lines (org_id, id)
);
CREATE INDEX payment_claims_waiting ON payment_claims (org_id, created_at) WHERE status = 'waiting';
