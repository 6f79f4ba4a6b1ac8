-- Whether each vendor is failing, across every Api process (Ledger/VendorHealthStore.cs): failing_since is the first
-- failure with no success after it; outage_alerted says the outage alert went out, so the first success sends the
-- recovery alert exactly once (the UPDATE that clears it returns the old value to one process only).
CREATE TABLE vendor_health (
    vendor           text PRIMARY KEY,
    failing_since    timestamptz,
    last_failure_at  timestamptz,
    last_success_at  timestamptz,
    outage_alerted   boolean NOT NULL DEFAULT false
);
