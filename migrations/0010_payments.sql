-- Money received and where it went. A payment is `pending` while it is seen but not settled (a
-- processor payment in flight, a match waiting for a person) and `settled` once it counts;
-- allocations apply settled money to invoices (undone allocations stay, with undone_at).
CREATE TABLE payments (
  org_id text NOT NULL REFERENCES organisations (id),
  id text NOT NULL,
  customer_id text,
  currency char(3) NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  received_on date NOT NULL,
  method text NOT NULL CHECK (method IN ('bank_transfer', 'card', 'cash', 'check', 'other')),
  reference text,
  source text NOT NULL CHECK (source IN ('manual', 'bank', 'processor', 'evidence')),
  status text NOT NULL CHECK (status IN ('pending', 'settled')),
  for_invoice_id text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX payments_pending ON payments (org_id, for_invoice_id) WHERE status = 'pending';

CREATE TABLE allocations (
  org_id text NOT NULL,
  id text NOT NULL,
  payment_id text NOT NULL,
  invoice_id text NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  created_at timestamptz NOT NULL,
  undone_at timestamptz,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, payment_id) REFERENCES payments (org_id, id),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id)
);
CREATE INDEX allocations_invoice ON allocations (org_id, invoice_id);
