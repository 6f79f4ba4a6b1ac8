-- When a sync's write of an order's lead last went out to amoCRM with no definite answer recorded yet (KaspiOrderSync marks
-- it just before the request; a recorded answer, a refusal or a release of an order never sent clears it). A reservation
-- whose write never went out is taken at once by the next sync, which holds the sync lock and so knows its holder is gone;
-- one whose write went out waits out its lease (amoCRM's search may not yet show a lead the cut call made), then is looked up.
ALTER TABLE processed_orders ADD COLUMN write_sent_at timestamptz;

-- Reservations of a version that did not record this may have been sent: they keep today's lease and look-up.
UPDATE processed_orders SET write_sent_at = updated_at WHERE state = 'reserved';
