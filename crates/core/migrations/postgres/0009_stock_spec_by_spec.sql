-- A query by spec (wms.StockSpec.search, stock_query.php, the stock-in/out queries' stock) finds
-- its stock rows by spec_id: without this index it walked every stock row of the seller.
CREATE INDEX stock_spec_spec ON stock_spec (spec_id);
