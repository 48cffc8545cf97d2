-- Every command looks specs up by spec_no and keeps only live ones (`live_specs`). Since 0004 a
-- spec row carries every pushed attribute; this index answers the lookup alone (index-only scan).
CREATE INDEX IF NOT EXISTS spec_live ON spec (seller_id, spec_no) INCLUDE (deleted, id);
