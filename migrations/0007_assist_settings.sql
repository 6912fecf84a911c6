-- Per-organisation language-model provider (kind, base URL, model, limits). API keys are never
-- stored: they come from the environment.
CREATE TABLE assist_settings (
  org_id text PRIMARY KEY REFERENCES organisations (id),
  settings jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);
