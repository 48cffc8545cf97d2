-- Documents that move stock besides stocktakes and purchase stock-ins (other, transfer and
-- purchase-return stock-ins and stock-outs) and the orders behind them (transfers, purchase
-- returns, other in/out business orders), all in `document` with their lines in `doc_line`.

-- A transfer's destination; a purchase return's provider; a stock-in/out's order (the transfer,
-- return or business order it fulfils); the vendor's type code of a stock-in/out; the reason of
-- an other stock-in/out; the header fields a document only echoes back (JSON object); when it
-- was checked.
ALTER TABLE document ADD COLUMN to_warehouse_id BIGINT;
ALTER TABLE document ADD COLUMN provider_id BIGINT;
ALTER TABLE document ADD COLUMN src_doc_id BIGINT;
ALTER TABLE document ADD COLUMN src_order_type BIGINT NOT NULL DEFAULT 0;
ALTER TABLE document ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE document ADD COLUMN extra TEXT NOT NULL DEFAULT '{}';
ALTER TABLE document ADD COLUMN check_time BIGINT;
CREATE INDEX document_src_doc ON document (src_doc_id);

-- A line of an order (num ordered; out_num / in_num done by its completed stock-outs and
-- stock-ins) or of a stock-in/out (num moved; src_line_id the order line it fulfils; the
-- position and batch asked for, NULL when the stock-out may take from any).
CREATE TABLE doc_line (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id BIGINT NOT NULL REFERENCES document(id),
    src_line_id BIGINT,
    spec_id BIGINT NOT NULL REFERENCES spec(id),
    defect BIGINT NOT NULL,
    position_id BIGINT,
    batch_id BIGINT,
    num BIGINT NOT NULL,
    out_num BIGINT NOT NULL DEFAULT 0,
    in_num BIGINT NOT NULL DEFAULT 0,
    price BIGINT NOT NULL DEFAULT 0,
    production_date TEXT,
    expire_date TEXT,
    remark TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '{}',
    created BIGINT NOT NULL
);
CREATE INDEX doc_line_document ON doc_line (document_id);
CREATE INDEX doc_line_src_line ON doc_line (src_line_id);

-- Goods on their way into a warehouse: taken out of the source by a two-step transfer's
-- stock-outs and not yet brought in by its stock-ins. Held on the destination's stock row
-- (created at 0 stock when it has none), outside its stock: no position holds it.
ALTER TABLE stock_spec ADD COLUMN transfer_num BIGINT NOT NULL DEFAULT 0;
