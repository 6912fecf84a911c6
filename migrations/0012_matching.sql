-- Matching statement lines to invoices: one decision per line (its status, reason and ranked
-- candidates with the features that matched), payments made from applied lines, the payer
-- accounts learnt from them, the pairs a person rejected, and each organisation's thresholds.
CREATE TABLE matches (
  org_id text NOT NULL,
  id text NOT NULL,
  line_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('applied', 'suggested', 'review', 'unmatched', 'confirmed', 'rejected', 'undone')),
  reason text NOT NULL,
  candidates jsonb NOT NULL,
  proposal jsonb NOT NULL,
  payment_id text,
  evidence text NOT NULL,
  created_at timestamptz NOT NULL,
  decided_at timestamptz,
  decided_by text,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX matches_line ON matches (org_id, line_id);
CREATE INDEX matches_status ON matches (org_id, status);

CREATE TABLE match_rejections (
  org_id text NOT NULL,
  line_id text NOT NULL,
  invoice_id text NOT NULL,
  evidence text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, line_id, invoice_id)
);

CREATE TABLE payer_accounts (
  org_id text NOT NULL,
  account text NOT NULL,
  customer_id text NOT NULL,
  learnt_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, account, customer_id)
);

CREATE TABLE reconcile_policies (
  org_id text PRIMARY KEY REFERENCES organisations (id),
  policy jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);

ALTER TABLE payments ADD COLUMN line_id text;
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN ('pending', 'settled', 'reversed'));
-- A line pays once; a match undone reverses its payment, and the line may be applied again.
CREATE UNIQUE INDEX payments_line ON payments (org_id, line_id) WHERE line_id IS NOT NULL AND status <> 'reversed';
CREATE INDEX invoices_open_amount ON invoices (org_id, currency, balance_minor) WHERE status = 'issued' AND balance_minor > 0;
CREATE INDEX invoices_number_seq ON invoices (org_id, number_seq) WHERE number_seq IS NOT NULL;
