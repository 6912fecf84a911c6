-- Mid-cycle plan changes: a contract's lines change from a date; the period already billed in
-- advance is settled on the next draft (credit for the unused old plan, charge for the new one).
CREATE TABLE contract_changes (
  org_id text NOT NULL,
  id text NOT NULL,
  contract_id text NOT NULL,
  effective_on date NOT NULL,
  old_lines jsonb NOT NULL,
  new_lines jsonb NOT NULL,
  settled_invoice_id text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, contract_id) REFERENCES contracts (org_id, id)
);
CREATE INDEX contract_changes_open ON contract_changes (org_id, contract_id) WHERE settled_invoice_id IS NULL;
