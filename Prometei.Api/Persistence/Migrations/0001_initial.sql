-- Prometei.Api's ledger, in its own database (ConnectionStrings:integration). Applied once, under an advisory lock,
-- by ServiceDefaults' SqlMigrator. A change is a new numbered script, never an edit of this one.

-- Each Kaspi order once: the code is the business key. A row is claimed ("reserved", with a lease) before anything is
-- sent to amoCRM and becomes "synced" with the lead and contact ids once amoCRM answered. A reservation whose lease ran
-- out may have reached amoCRM (a lost answer), so the next claim first looks the lead up before creating one.
CREATE TABLE processed_orders (
    kaspi_code       text PRIMARY KEY,
    kaspi_order_id   text,
    state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'reserved', 'synced', 'failed')),
    kaspi_state      text,
    kaspi_status     text,
    total_price      numeric(18, 2),
    creation_date    timestamptz,
    contact_id       bigint,
    lead_id          bigint,
    contact_created  boolean NOT NULL DEFAULT false,
    note_added       boolean NOT NULL DEFAULT false,
    reflected_status text,
    reserved_by      text,
    reserved_until   timestamptz,
    attempts         integer NOT NULL DEFAULT 0,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    synced_at        timestamptz
);
CREATE INDEX processed_orders_lead_id ON processed_orders (lead_id);
CREATE INDEX processed_orders_synced_at ON processed_orders (synced_at);

-- Idempotency-Key → the stored answer. The hash is SHA-256 of the canonical JSON body: the same key with another body is a 422.
CREATE TABLE idempotency_records (
    scope         text NOT NULL,
    key           text NOT NULL,
    request_hash  text NOT NULL,
    state         text NOT NULL CHECK (state IN ('in_progress', 'completed')),
    status_code   integer,
    response      jsonb,
    locked_until  timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_records_created_at ON idempotency_records (created_at);

-- The amoCRM connection: one row. Tokens are Data Protection ciphertext. A refresh locks the row (FOR UPDATE), re-reads
-- the generation, calls amoCRM once and commits the new pair before anyone uses it.
CREATE TABLE amocrm_connection (
    id                smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    state             text NOT NULL CHECK (state IN ('connected', 'revoked', 'blocked', 'disconnected')),
    base_url          text,
    access_token      text,
    refresh_token     text,
    expires_at        timestamptz,
    generation        bigint NOT NULL DEFAULT 0,
    state_reason      text,
    state_changed_at  timestamptz NOT NULL DEFAULT now(),
    refreshed_at      timestamptz,
    updated_at        timestamptz NOT NULL DEFAULT now()
);

-- The state parameter of the OAuth redirect flow (single use).
CREATE TABLE oauth_states (
    state       text PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);

-- The account's contact phones, normalised to +7XXXXXXXXXX, kept current from contacts filtered by updated_at.
CREATE TABLE amocrm_contact_phones (
    phone       text PRIMARY KEY,
    contact_id  bigint NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX amocrm_contact_phones_contact_id ON amocrm_contact_phones (contact_id);

CREATE TABLE sync_watermarks (
    name        text PRIMARY KEY,
    value       bigint NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The amoCRM request budget shared by every Api process: each request reserves the next slot (next_slot advances by
-- 1 / rate in one UPDATE), then waits for it.
CREATE TABLE rate_limits (
    name       text PRIMARY KEY,
    next_slot  timestamptz NOT NULL DEFAULT clock_timestamp()
);
INSERT INTO rate_limits (name) VALUES ('amocrm');

CREATE TABLE error_log (
    id           bigserial PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    source       text NOT NULL,
    operation    text NOT NULL,
    message      text NOT NULL,
    reference    text
);
CREATE INDEX error_log_occurred_at ON error_log (occurred_at DESC);

-- Counters per day (Asia/Almaty) and metric.
CREATE TABLE daily_stats (
    day     date NOT NULL,
    metric  text NOT NULL,
    value   bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (day, metric)
);

-- "api:{instance}" beats from each Api process; "kaspi-poll" from each poll of new Kaspi orders.
CREATE TABLE heartbeats (
    name     text PRIMARY KEY,
    beat_at  timestamptz NOT NULL,
    detail   jsonb
);

-- Named locks with a lease (reconcile, daily purge); an operator can force them open.
CREATE TABLE locks (
    name         text PRIMARY KEY,
    owner        text NOT NULL,
    acquired_at  timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);

-- One alert per condition per period.
CREATE TABLE alert_state (
    condition     text PRIMARY KEY,
    active        boolean NOT NULL DEFAULT false,
    message       text,
    raised_at     timestamptz,
    last_sent_at  timestamptz,
    suppressed    integer NOT NULL DEFAULT 0,
    cleared_at    timestamptz
);
