-- Payout deposits in the review tray: the payouts a match is about (the one linked, or the ones
-- it could be), and the line–payout pairs a person rejected or undid, so the deposit is not
-- linked to that payout again. The allocations of a payment are looked up by payment (the tray
-- lists them for every applied match), and an invoice's credit notes by the invoice they credit
-- (invoice lists show what was paid and what was credited).
ALTER TABLE matches ADD COLUMN payouts jsonb NOT NULL DEFAULT '[]'::jsonb;

CREATE TABLE payout_rejections (
  org_id text NOT NULL,
  line_id text NOT NULL,
  provider text NOT NULL,
  payout_id text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, line_id, provider, payout_id)
);

CREATE INDEX allocations_payment ON allocations (org_id, payment_id);

CREATE INDEX invoices_credited ON invoices (org_id, credited_invoice_id)
  WHERE credited_invoice_id IS NOT NULL;
