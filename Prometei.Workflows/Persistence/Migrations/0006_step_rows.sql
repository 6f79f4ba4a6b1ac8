-- Issue 14: fewer rows and index entries per step (each is a WAL record, and PostgreSQL's CPU per instance follows them).

-- The execution log is written one row per step, its records in a jsonb array, and read through a view of the old table's
-- columns: a step's log costs one heap tuple and one index entry instead of three index entries per record. Every read of
-- the log names one instance, so (instance_id, first_sequence) is the only index it needs.
CREATE TABLE execution_log_steps (
    instance_id     text    NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
    first_sequence  bigint  NOT NULL,
    records         jsonb   NOT NULL
) WITH (toast_tuple_target = 8160);
CREATE INDEX execution_log_steps_instance ON execution_log_steps (instance_id, first_sequence);

INSERT INTO execution_log_steps (instance_id, first_sequence, records)
SELECT instance_id, min(sequence), jsonb_agg(jsonb_build_object(
    'id', id, 'sequence', sequence, 'activity_instance_id', activity_instance_id,
    'parent_activity_instance_id', parent_activity_instance_id, 'activity_id', activity_id, 'activity_type', activity_type,
    'activity_name', activity_name, 'node_id', node_id, 'timestamp', timestamp, 'event_name', event_name, 'message', message,
    'source', source, 'payload', payload) ORDER BY sequence)
FROM execution_log GROUP BY instance_id;

DROP TABLE execution_log;

CREATE VIEW execution_log AS
SELECT r.id, s.instance_id, r.sequence, r.activity_instance_id, r.parent_activity_instance_id, r.activity_id, r.activity_type,
       r.activity_name, r.node_id, r.timestamp, r.event_name, r.message, r.source, r.payload
FROM execution_log_steps s
CROSS JOIN LATERAL jsonb_to_recordset(s.records) AS r (
    id text, sequence bigint, activity_instance_id text, parent_activity_instance_id text, activity_id text, activity_type text,
    activity_name text, node_id text, timestamp timestamptz, event_name text, message text, source text, payload jsonb);

-- No query reads leases by owner; the index only made every claim, renewal and release a non-HOT update (lease_until is in
-- its predicate), writing an entry into each of the instance's indexes.
DROP INDEX workflow_instances_leased;

-- Room on each page for the updated version of a row, so that updates which change no indexed column (claims, renewals,
-- steps that keep the status) stay on the page (HOT) and write no index entries.
ALTER TABLE workflow_instances SET (fillfactor = 60);
ALTER TABLE activity_executions SET (fillfactor = 80);

-- The fence check and the state update of a step are one statement: it updates the row only under the fence it was given,
-- and calls this when it updated nothing, which aborts the step's transaction.
CREATE FUNCTION prometei_fence_lost(p_id text, p_fence bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'lease on workflow instance % lost (fence %)', p_id, p_fence USING ERRCODE = 'PR001';
END $$;
