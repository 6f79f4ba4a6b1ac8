-- The amoCRM request budget becomes AMO_RPS slots (see Integrations/AmoCrm/AmoCrmRateLimiter.cs): a request takes the
-- free slot that frees first (one UPDATE … FOR UPDATE SKIP LOCKED), waits until its free_at, is sent, and on its answer
-- frees the slot for a second after that answer. Any AMO_RPS + 1 arrivals at amoCRM would need two on one slot, and
-- those are at least a second apart whatever delays they met; pacing by a next-slot time (0001) could not promise that.
-- in_use_until bounds a slot held by a process that died; rate_limits.paused_until holds everyone back after a 429.
ALTER TABLE rate_limits DROP COLUMN next_slot;
ALTER TABLE rate_limits ADD COLUMN paused_until timestamptz NOT NULL DEFAULT '-infinity';

CREATE TABLE rate_slots (
    name          text NOT NULL,
    slot          integer NOT NULL,
    free_at       timestamptz NOT NULL DEFAULT '-infinity',
    in_use_until  timestamptz,
    PRIMARY KEY (name, slot)
);

-- Idempotent answers are kept verbatim (jsonb reorders members), so a replay is the first answer byte for byte.
ALTER TABLE idempotency_records ALTER COLUMN response TYPE text USING response::text;
