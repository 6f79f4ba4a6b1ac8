-- The W3C trace context (traceparent) of whatever queued the work: the step a worker runs later continues that trace.
ALTER TABLE work_items ADD COLUMN trace_parent text;
