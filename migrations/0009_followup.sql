-- Follow-up: each invoice's automatic mode, the cadence steps taken (exactly once per invoice and
-- step), pauses, contacts a channel must not use, replies with their labels, and tasks for people.
CREATE TABLE cadence_policies (
  org_id text NOT NULL REFERENCES organisations (id),
  segment text NOT NULL CHECK (segment IN ('*', 'corporate', 'small_business', 'individual')),
  policy jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, segment)
);

CREATE TABLE followup_invoices (
  org_id text NOT NULL,
  invoice_id text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('auto', 'paused', 'stopped', 'manual')),
  reason text,
  paused_until date,
  promised_on date,
  seen_balance_minor bigint NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, invoice_id),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id)
);

CREATE TABLE followup_steps (
  org_id text NOT NULL,
  invoice_id text NOT NULL,
  step text NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'sent', 'skipped', 'cancelled')),
  due_on date NOT NULL,
  on_date date NOT NULL,
  outbox_id text,
  reason text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, invoice_id, step)
);

CREATE TABLE customer_pauses (
  org_id text NOT NULL,
  customer_id text NOT NULL,
  reason text NOT NULL,
  until_on date,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, customer_id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id)
);

CREATE TABLE contact_blocks (
  org_id text NOT NULL,
  contact_id text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'whatsapp')),
  reason text NOT NULL CHECK (reason IN ('bounced', 'unsubscribed', 'wrong_contact')),
  detail text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, contact_id, channel)
);

CREATE TABLE replies (
  org_id text NOT NULL REFERENCES organisations (id),
  id text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'whatsapp')),
  from_address text NOT NULL,
  subject text,
  body text NOT NULL,
  message_id text,
  in_reply_to text,
  customer_id text,
  invoice_ids text[] NOT NULL,
  linked_by text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('reply', 'bounce')),
  label text,
  confidence double precision,
  evidence text,
  promised_on date,
  returns_on date,
  new_contact jsonb,
  action text NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX replies_message_id ON replies (org_id, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX replies_customer ON replies (org_id, customer_id, received_at);

CREATE TABLE tasks (
  org_id text NOT NULL REFERENCES organisations (id),
  id text NOT NULL,
  key text NOT NULL,
  kind text NOT NULL,
  title text NOT NULL,
  summary text NOT NULL,
  customer_id text,
  invoice_id text,
  data jsonb NOT NULL,
  due_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'done')),
  resolution text,
  created_at timestamptz NOT NULL,
  done_at timestamptz,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, key)
);
CREATE INDEX tasks_open ON tasks (org_id, status, due_on);
