-- Every command looks specs up by spec_no and keeps only live ones (`live_specs`). Since 0004 a
-- spec row carries every pushed attribute, so reading `deleted` from the row costs a wide page per
-- spec; this index answers the lookup alone (the row id is part of every SQLite index).
CREATE INDEX IF NOT EXISTS spec_live ON spec (seller_id, spec_no, deleted);
