-- Issue 14 (line j): a step's activity execution records in one row, as the log already is (0006).

-- A step writes its records as one row: a json array of objects named like the old table's columns (instance_id aside; a
-- null value may be left out). json, not jsonb: it is only checked on write, not parsed into a tree, and the rows are read
-- rarely, always of one instance. `step` orders the rows of an instance: its steps commit one after another.
CREATE TABLE activity_execution_steps (
    instance_id text   NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
    step        bigint GENERATED ALWAYS AS IDENTITY,
    records     json   NOT NULL
) WITH (toast_tuple_target = 8160);
CREATE INDEX activity_execution_steps_instance ON activity_execution_steps (instance_id);

-- A record's id names its instance ("<instance id>.<32 hex digits>", ExecutionRecordId) so that a lookup by id reads one
-- instance's rows. Ids that do not (written before this migration, or imported) are listed here with their instance; the
-- primary key keeps them unique, as the old table's did.
CREATE TABLE activity_execution_ids (
    id          text PRIMARY KEY,
    instance_id text NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE
);

INSERT INTO activity_execution_ids (id, instance_id) SELECT id, instance_id FROM activity_executions;

INSERT INTO activity_execution_steps (instance_id, records)
SELECT instance_id, json_agg(json_build_object(
    'id', id, 'activity_instance_id', activity_instance_id, 'activity_id', activity_id, 'activity_node_id', activity_node_id,
    'activity_type', activity_type, 'activity_name', activity_name, 'attempt', attempt, 'status', status,
    'activity_state', activity_state, 'outputs', outputs, 'outcomes', outcomes, 'exception', exception,
    'has_bookmarks', has_bookmarks, 'started_at', started_at, 'completed_at', completed_at) ORDER BY started_at, attempt, id)
FROM activity_executions GROUP BY instance_id;

DROP TABLE activity_executions;

-- One row per record id, as the old table had: a record a later step wrote again reads as its latest version, except that
-- the columns the old upsert did not update keep the first version's values, and a later version without a state or
-- outputs keeps the latest earlier one that had them. Conditions on instance_id (the view's partition) reach the index.
CREATE VIEW activity_executions AS
SELECT DISTINCT ON (v.instance_id, v.id)
    v.id, v.instance_id,
    first_value(v.activity_instance_id) OVER w AS activity_instance_id,
    first_value(v.activity_id) OVER w AS activity_id,
    first_value(v.activity_node_id) OVER w AS activity_node_id,
    first_value(v.activity_type) OVER w AS activity_type,
    first_value(v.activity_name) OVER w AS activity_name,
    first_value(v.attempt) OVER w AS attempt,
    v.status,
    (array_agg(v.activity_state) FILTER (WHERE v.activity_state IS NOT NULL) OVER w)[count(v.activity_state) OVER w] AS activity_state,
    (array_agg(v.outputs) FILTER (WHERE v.outputs IS NOT NULL) OVER w)[count(v.outputs) OVER w] AS outputs,
    v.outcomes, v.exception,
    coalesce(v.has_bookmarks, false) AS has_bookmarks,
    first_value(v.started_at) OVER w AS started_at,
    v.completed_at
FROM (
    SELECT s.instance_id, s.step, r.*
    FROM activity_execution_steps s
    CROSS JOIN LATERAL json_to_recordset(s.records) AS r (
        id text, activity_instance_id text, activity_id text, activity_node_id text, activity_type text, activity_name text,
        attempt int, status text, activity_state jsonb, outputs jsonb, outcomes jsonb, exception jsonb, has_bookmarks boolean,
        started_at timestamptz, completed_at timestamptz)
) v
WINDOW w AS (PARTITION BY v.instance_id, v.id ORDER BY v.step ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
ORDER BY v.instance_id, v.id, v.step DESC;
