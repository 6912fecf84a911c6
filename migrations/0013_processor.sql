-- Card processors (Stripe): every webhook event seen once (the same event again changes
-- nothing), the charges they report (the invoice one pays, and our payment for it), the payouts
-- to the bank with the balance transactions each carried, and the processing fees booked when a
-- payout meets its deposit on the bank statement.
CREATE TABLE processor_events (
  org_id text NOT NULL REFERENCES organisations (id),
  provider text NOT NULL,
  event_id text NOT NULL,
  type text NOT NULL,
  -- What the event did: applied, credit, unapplied, known, refund, payout, linked, ignored.
  outcome text NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, provider, event_id)
);

CREATE TABLE processor_charges (
  org_id text NOT NULL REFERENCES organisations (id),
  provider text NOT NULL,
  charge_id text NOT NULL,
  payment_intent_id text,
  -- The invoice it pays (from the payment's metadata); null when it names none of ours.
  invoice_id text,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  -- From the balance transaction, in the balance (payout) currency; null until it is known.
  fee_minor bigint,
  net_minor bigint,
  currency char(3) NOT NULL,
  status text NOT NULL CHECK (status IN ('succeeded', 'refunded', 'partially_refunded')),
  refunded_minor bigint NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
  payout_id text,
  balance_transaction_id text,
  created_on date NOT NULL,
  -- Our payments row; null while the charge is unapplied (it names no invoice of ours).
  payment_id text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, provider, charge_id),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id),
  FOREIGN KEY (org_id, payment_id) REFERENCES payments (org_id, id)
);
CREATE INDEX processor_charges_payout ON processor_charges (org_id, provider, payout_id)
  WHERE payout_id IS NOT NULL;
CREATE INDEX processor_charges_unapplied ON processor_charges (org_id) WHERE payment_id IS NULL;

-- What a payout carried (GET /v1/balance_transactions?payout=po_…): charges, refunds, fees and
-- adjustments, signed as Stripe signs them, in the payout's currency.
CREATE TABLE processor_balance_transactions (
  org_id text NOT NULL REFERENCES organisations (id),
  provider text NOT NULL,
  id text NOT NULL,
  payout_id text NOT NULL,
  type text NOT NULL,
  source_id text,
  amount_minor bigint NOT NULL,
  fee_minor bigint NOT NULL,
  net_minor bigint NOT NULL,
  currency char(3) NOT NULL,
  created_on date NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, provider, id)
);
CREATE INDEX processor_balance_transactions_payout
  ON processor_balance_transactions (org_id, provider, payout_id);

CREATE TABLE processor_payouts (
  org_id text NOT NULL REFERENCES organisations (id),
  provider text NOT NULL,
  payout_id text NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL,
  arrival_date date NOT NULL,
  status text NOT NULL,
  -- The bank statement line the deposit was matched to.
  line_id text,
  -- Sums of its balance transactions: charges (gross), fees, refunds, anything else (signed).
  charges_minor bigint NOT NULL DEFAULT 0,
  fees_minor bigint NOT NULL DEFAULT 0,
  refunds_minor bigint NOT NULL DEFAULT 0,
  other_minor bigint NOT NULL DEFAULT 0,
  transactions integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, provider, payout_id)
);
CREATE UNIQUE INDEX processor_payouts_line ON processor_payouts (org_id, line_id)
  WHERE line_id IS NOT NULL;
CREATE INDEX processor_payouts_open ON processor_payouts (org_id) WHERE line_id IS NULL;

-- Processing fees booked: one row per payout, when its deposit is matched on the statement.
CREATE TABLE fees (
  org_id text NOT NULL REFERENCES organisations (id),
  id text NOT NULL,
  provider text NOT NULL,
  payout_id text NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL,
  booked_on date NOT NULL,
  line_id text NOT NULL,
  match_id text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, provider, payout_id)
);
