-- Prometei.Workflows schema. Definitions are kept as Elsa's JSON; instance state as jsonb written in one transaction per step.

CREATE TABLE workflow_definitions (
    id              text PRIMARY KEY,          -- the version id, "{definitionId}:v{version}"
    definition_id   text        NOT NULL,
    version         int         NOT NULL,
    name            text,
    description     text,
    is_latest       boolean     NOT NULL,
    is_published    boolean     NOT NULL,
    is_readonly     boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    source_hash     text,                      -- the shipped file a version was imported from
    data            jsonb       NOT NULL,
    UNIQUE (definition_id, version)
);
CREATE UNIQUE INDEX workflow_definitions_latest ON workflow_definitions (definition_id) WHERE is_latest;
CREATE UNIQUE INDEX workflow_definitions_published ON workflow_definitions (definition_id) WHERE is_published;
CREATE INDEX workflow_definitions_name ON workflow_definitions (lower(name));

-- Triggers of published versions, indexed at publish and removed at retract.
CREATE TABLE triggers (
    id                      text PRIMARY KEY,  -- "{definitionVersionId}/{nodeId}"
    definition_id           text        NOT NULL,
    definition_version_id   text        NOT NULL REFERENCES workflow_definitions (id) ON DELETE CASCADE,
    activity_node_id        text        NOT NULL,
    kind                    text        NOT NULL,  -- Http, Cron, Timer, Event
    key                     text        NOT NULL,  -- path, cron expression, interval, event name
    payload                 jsonb       NOT NULL DEFAULT '{}',
    created_at              timestamptz NOT NULL
);
CREATE INDEX triggers_kind_key ON triggers (kind, key);
CREATE INDEX triggers_definition ON triggers (definition_id);

CREATE TABLE workflow_instances (
    id                      text PRIMARY KEY,
    definition_id           text        NOT NULL,
    definition_version_id   text        NOT NULL,
    version                 int         NOT NULL,
    status                  text        NOT NULL,
    sub_status              text        NOT NULL,
    correlation_id          text,
    name                    text,
    incident_count          int         NOT NULL DEFAULT 0,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    finished_at             timestamptz,
    replay_of               text,
    lease_owner             text,
    lease_until             timestamptz,
    fence                   bigint      NOT NULL DEFAULT 0,
    state                   jsonb       NOT NULL
);
CREATE INDEX workflow_instances_definition_status ON workflow_instances (definition_id, status);
CREATE INDEX workflow_instances_created ON workflow_instances (created_at DESC);
CREATE INDEX workflow_instances_correlation ON workflow_instances (correlation_id) WHERE correlation_id IS NOT NULL;
CREATE INDEX workflow_instances_leased ON workflow_instances (lease_owner) WHERE lease_until IS NOT NULL;

-- The work queue: what can run now or at a time. Workers claim instances that have due rows, under a lease with a fence.
CREATE TABLE work_items (
    id          bigserial PRIMARY KEY,
    instance_id text        NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
    kind        text        NOT NULL,  -- Run, Resume, Retry, RetryFaulted, Cancel
    target_id   text,
    payload     jsonb,
    due_at      timestamptz NOT NULL
);
CREATE INDEX work_items_due ON work_items (due_at);
CREATE INDEX work_items_instance ON work_items (instance_id);

CREATE TABLE bookmarks (
    id                  text PRIMARY KEY,
    instance_id         text        NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
    name                text        NOT NULL,
    activity_node_id    text        NOT NULL,
    activity_type       text        NOT NULL,
    resume_at           timestamptz,
    created_at          timestamptz NOT NULL
);
CREATE INDEX bookmarks_name ON bookmarks (name);
CREATE INDEX bookmarks_instance ON bookmarks (instance_id);

-- The journal: one row per activity execution attempt, and the execution log.
CREATE TABLE activity_executions (
    id                      text PRIMARY KEY,
    instance_id             text        NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
    activity_instance_id    text        NOT NULL,
    activity_id             text        NOT NULL,
    activity_node_id        text        NOT NULL,
    activity_type           text        NOT NULL,
    activity_name           text,
    attempt                 int         NOT NULL,
    status                  text        NOT NULL,
    activity_state          jsonb,
    outputs                 jsonb,
    outcomes                jsonb,
    exception               jsonb,
    has_bookmarks           boolean     NOT NULL DEFAULT false,
    started_at              timestamptz NOT NULL,
    completed_at            timestamptz
);
CREATE INDEX activity_executions_instance_node ON activity_executions (instance_id, activity_node_id, started_at);

CREATE TABLE execution_log (
    id                          text PRIMARY KEY,
    instance_id                 text        NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
    sequence                    bigint      NOT NULL,
    activity_instance_id        text,
    parent_activity_instance_id text,
    activity_id                 text        NOT NULL,
    activity_type               text        NOT NULL,
    activity_name               text,
    node_id                     text        NOT NULL,
    timestamp                   timestamptz NOT NULL,
    event_name                  text        NOT NULL,
    message                     text,
    source                      text,
    payload                     jsonb
);
CREATE INDEX execution_log_instance_sequence ON execution_log (instance_id, sequence);

-- Timer slots claimed by a fire: the primary key makes each slot fire once across any number of servers.
CREATE TABLE timer_fires (
    trigger_id  text        NOT NULL,
    slot        timestamptz NOT NULL,
    instance_id text,
    fired_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (trigger_id, slot)
);

-- Responses written by workflows (WriteHttpResponse) for callers that wait.
CREATE TABLE http_responses (
    instance_id     text PRIMARY KEY,
    status_code     int         NOT NULL,
    content_type    text,
    body            text,
    headers         jsonb       NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- Events received with an idempotency key, so a repeated delivery starts nothing twice.
CREATE TABLE event_receipts (
    key         text PRIMARY KEY,
    event_name  text        NOT NULL,
    result      jsonb       NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);

-- Raises when the caller no longer holds the instance's lease: a step's batch then writes nothing.
CREATE FUNCTION prometei_check_fence(p_id text, p_fence bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM workflow_instances WHERE id = p_id AND fence = p_fence FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'lease on workflow instance % lost (fence %)', p_id, p_fence USING ERRCODE = 'PR001';
    END IF;
END $$;
