-- The document an effect prepared from what it read (an ERP task rendered from the amoCRM lead), kept under its idempotency
-- key until the effect's answer is stored: a retry after a vendor failure sends the same document again without reading the
-- lead a second time (an ERP that checks its Idempotency-Key against the body would refuse a changed one, and an outage's
-- retries would spend amoCRM's request budget). Deleted with the answer's completion; an abandoned one by the retention purge.
CREATE TABLE idempotency_prepared (
    scope        text NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    document     jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
