-- Delivery: the outbox (every outside effect, keyed, written with the change that caused it),
-- each organisation's sender settings, payment links stored per invoice, and portal lookups by
-- the SHA-256 of the token (an index comparison then reveals nothing about the token's prefix).
CREATE TABLE outbox (
  org_id text NOT NULL REFERENCES organisations (id),
  id text NOT NULL,
  key text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'whatsapp', 'payment_link')),
  purpose text NOT NULL CHECK (purpose IN ('invoice', 'reminder', 'statement', 'payment_link')),
  customer_id text NOT NULL,
  contact_id text,
  recipient text,
  invoice_ids text[] NOT NULL,
  steps jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled', 'uncertain')),
  status_reason text,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  send_before timestamptz,
  claimed_until timestamptz,
  message_id text,
  reply_token text,
  rendered jsonb,
  provider text,
  provider_message_id text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  sent_at timestamptz,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, key)
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_customer ON outbox (org_id, customer_id, created_at);
CREATE UNIQUE INDEX outbox_reply_token ON outbox (reply_token) WHERE reply_token IS NOT NULL;
CREATE INDEX outbox_message_id ON outbox (org_id, message_id);

CREATE TABLE delivery_settings (
  org_id text PRIMARY KEY REFERENCES organisations (id),
  settings jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE payment_links (
  org_id text NOT NULL,
  invoice_id text NOT NULL,
  provider text NOT NULL,
  url text NOT NULL,
  external_id text NOT NULL,
  amount_minor bigint NOT NULL,
  currency char(3) NOT NULL,
  created_at timestamptz NOT NULL,
  -- Checkout sessions live 24 hours at most: a fresh link is made for each day a message goes out.
  expires_at timestamptz,
  PRIMARY KEY (org_id, invoice_id, provider),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id)
);

-- The customer's e-invoicing system answered (Peppol/UBL acceptance or rejection).
CREATE TABLE einvoice_responses (
  org_id text NOT NULL,
  invoice_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('accepted', 'rejected')),
  reason text,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, invoice_id),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id)
);

ALTER TABLE invoices ADD COLUMN portal_token_sha256 bytea
  GENERATED ALWAYS AS (sha256(decode(portal_token, 'escape'))) STORED;
CREATE UNIQUE INDEX invoices_portal_token_sha256 ON invoices (portal_token_sha256)
  WHERE portal_token_sha256 IS NOT NULL;
