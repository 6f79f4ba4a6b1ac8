-- Indexes for the Elsa API (/elsa/api): what Studio's viewer and lists poll reads by these keys.
-- No index on workflow_instances.updated_at: every step changes it, and an index there would make every state write a
-- non-HOT update; ordering instances by LastExecuted sorts the filtered rows instead.

-- The journal filtered by the nodes of the container on screen, oldest first.
CREATE INDEX execution_log_instance_node ON execution_log (instance_id, node_id, sequence);

-- Instance list filters (status, sub-status) in the default order (newest first).
CREATE INDEX workflow_instances_status ON workflow_instances (status, sub_status, created_at DESC);

-- Instances of one version: bulk cancel from the definition list, version deletes.
CREATE INDEX workflow_instances_definition_version ON workflow_instances (definition_version_id, status);

-- The instance list's search box matches a name prefix.
CREATE INDEX workflow_instances_name ON workflow_instances (lower(name) text_pattern_ops) WHERE name IS NOT NULL;
