-- The read side of stocktake stock-ins/stock-outs and stock queries by goods.
-- A document's postings (its stock-in and stock-out numbers and lines), and the posting
-- numbers callers look documents up by; without them both are scans of the seller's ledger.
CREATE INDEX IF NOT EXISTS ledger_document ON ledger (document_id, io_type);
CREATE INDEX IF NOT EXISTS ledger_stockio_no ON ledger (seller_id, stockio_no);
-- The specs of a goods (stock queries by goods_no).
CREATE INDEX IF NOT EXISTS spec_goods ON spec (goods_id);
