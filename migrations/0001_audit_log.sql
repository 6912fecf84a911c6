-- The append-only audit log: every state change writes one row here.
CREATE TABLE audit_log (
  org_id text,
  id text NOT NULL PRIMARY KEY,
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'api_token', 'rule', 'model')),
  actor_id text NOT NULL,
  action text NOT NULL,
  subject_id text NOT NULL,
  before jsonb,
  after jsonb,
  at timestamptz NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (org_id, subject_id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
