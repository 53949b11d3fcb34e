-- Up Migration
-- The app database of design.md §4. Secrets live only in *_encrypted columns (AES-256-GCM, see core/crypto.ts);
-- tokens only as SHA-256 digests. Every id is a UUID generated here so ids never reveal row counts.

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (email = lower(email) AND position('@' in email) > 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE login_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_digest text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX login_tokens_user_idx ON login_tokens (user_id);

CREATE TABLE sessions (
  id_digest text PRIMARY KEY,
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE destinations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  commcare_url text NOT NULL DEFAULT 'https://www.commcarehq.org',
  project_space text NOT NULL CHECK (length(btrim(project_space)) > 0),
  commcare_username text NOT NULL,
  commcare_api_key_encrypted text NOT NULL,
  database_url_encrypted text NOT NULL,
  hashing_secret_encrypted text NOT NULL,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX destinations_name_key ON destinations (lower(name));

CREATE TABLE destination_sources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  destination_id uuid NOT NULL REFERENCES destinations (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  table_name text NOT NULL CHECK (length(table_name) > 0 AND octet_length(table_name) <= 63),
  key_column text NOT NULL CHECK (length(key_column) > 0),
  case_type text,
  export_url text,
  sensitive_fields text[] NOT NULL DEFAULT '{}',
  -- 'hmac' (keyed, default) or 'sha256' (unkeyed, for continuity with tables written by the old Rails app)
  hash_mode text NOT NULL DEFAULT 'hmac' CHECK (hash_mode IN ('hmac', 'sha256')),
  -- source column name -> pinned PostgreSQL type
  type_overrides jsonb NOT NULL DEFAULT '{}',
  scheduled boolean NOT NULL DEFAULT false,
  cron text,
  -- largest share of a table one feed run may delete before it refuses (1 = no limit)
  max_delete_fraction numeric NOT NULL DEFAULT 0.5 CHECK (max_delete_fraction > 0 AND max_delete_fraction <= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (case_type IS NOT NULL OR export_url IS NOT NULL)
);
CREATE UNIQUE INDEX destination_sources_name_key ON destination_sources (destination_id, lower(name));
CREATE INDEX destination_sources_case_type_idx ON destination_sources (destination_id, case_type);

CREATE TABLE destination_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  destination_id uuid NOT NULL REFERENCES destinations (id) ON DELETE CASCADE,
  token_digest text NOT NULL UNIQUE,
  -- first characters of the token, shown in the UI so people can tell tokens apart
  token_hint text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_accessed_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX destination_tokens_destination_idx ON destination_tokens (destination_id);

CREATE TABLE form_mappings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  destination_id uuid NOT NULL REFERENCES destinations (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  form_names text[] NOT NULL DEFAULT '{}',
  xmlns text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX form_mappings_name_key ON form_mappings (destination_id, lower(name));

CREATE TABLE form_mapping_tables (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  form_mapping_id uuid NOT NULL REFERENCES form_mappings (id) ON DELETE CASCADE,
  table_name text NOT NULL CHECK (length(table_name) > 0 AND octet_length(table_name) <= 63),
  json_path text NOT NULL DEFAULT '.',
  sensitive_fields text[] NOT NULL DEFAULT '{}',
  hash_mode text NOT NULL DEFAULT 'hmac' CHECK (hash_mode IN ('hmac', 'sha256')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX form_mapping_tables_table_key ON form_mapping_tables (form_mapping_id, table_name);

CREATE TABLE sync_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_id uuid NOT NULL REFERENCES destination_sources (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('feed', 'case_api')),
  trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual', 'cli', 'retry')),
  full_refresh boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
  phase text NOT NULL DEFAULT 'starting',
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  rows_read bigint NOT NULL DEFAULT 0,
  rows_written bigint NOT NULL DEFAULT 0,
  rows_deleted bigint NOT NULL DEFAULT 0,
  rows_skipped bigint NOT NULL DEFAULT 0,
  -- free-form progress: pages read, cases served, bytes received, expected totals
  progress jsonb NOT NULL DEFAULT '{}',
  error text,
  worker text
);
CREATE INDEX sync_runs_source_started_idx ON sync_runs (source_id, started_at DESC);
CREATE INDEX sync_runs_running_idx ON sync_runs (status) WHERE status = 'running';

CREATE TABLE inbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  destination_id uuid NOT NULL REFERENCES destinations (id) ON DELETE CASCADE,
  token_id uuid REFERENCES destination_tokens (id) ON DELETE SET NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  content_type text NOT NULL,
  -- headers CommCare sends that matter for ordering: server-modified-on, received-on
  headers jsonb NOT NULL DEFAULT '{}',
  -- raw payload; cleared once processed so sensitive values do not linger (design.md §6)
  body text,
  payload_kind text CHECK (payload_kind IN ('case', 'form')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'done', 'ignored', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  processed_at timestamptz
);
CREATE INDEX inbox_destination_received_idx ON inbox (destination_id, received_at DESC);
CREATE INDEX inbox_status_idx ON inbox (status) WHERE status IN ('pending', 'failed');

CREATE TABLE checkpoints (
  source_id uuid PRIMARY KEY REFERENCES destination_sources (id) ON DELETE CASCADE,
  indexed_on text NOT NULL,
  last_case_id text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE checkpoints, inbox, sync_runs, form_mapping_tables, form_mappings, destination_tokens,
  destination_sources, destinations, sessions, login_tokens, users;
