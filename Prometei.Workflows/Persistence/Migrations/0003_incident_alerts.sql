-- Incidents to report to the operators, written in the same transaction as the step that raised them (an outbox), and sent
-- through the gateway's alerts by a background service.
CREATE TABLE incident_alerts (
    id                  bigserial PRIMARY KEY,
    instance_id         text        NOT NULL,
    definition_id       text        NOT NULL,
    activity_node_id    text        NOT NULL,
    activity_type       text        NOT NULL,
    message             text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    sent_at             timestamptz,
    attempts            int         NOT NULL DEFAULT 0
);
CREATE INDEX incident_alerts_unsent ON incident_alerts (id) WHERE sent_at IS NULL;
