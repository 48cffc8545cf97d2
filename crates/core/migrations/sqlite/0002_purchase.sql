-- Purchase orders as both editions push them, purchase stock-ins, and stocktakes that are
-- stored before they are applied (enterprise is_check=0, mode 1 positions).
ALTER TABLE purchase_order ADD COLUMN purchaser TEXT NOT NULL DEFAULT '';
ALTER TABLE purchase_order ADD COLUMN contact TEXT NOT NULL DEFAULT '';
ALTER TABLE purchase_order ADD COLUMN telno TEXT NOT NULL DEFAULT '';
ALTER TABLE purchase_order ADD COLUMN receive_address TEXT NOT NULL DEFAULT '';
ALTER TABLE purchase_order ADD COLUMN expect_arrive_time TEXT NOT NULL DEFAULT '';
ALTER TABLE purchase_order ADD COLUMN post_fee BIGINT NOT NULL DEFAULT 0;
ALTER TABLE purchase_order ADD COLUMN other_fee BIGINT NOT NULL DEFAULT 0;
ALTER TABLE purchase_order ADD COLUMN creator TEXT NOT NULL DEFAULT '';
ALTER TABLE purchase_order ADD COLUMN check_time BIGINT;
-- An integrator's outer_no names one purchase order of the seller.
CREATE UNIQUE INDEX purchase_order_outer_no ON purchase_order (seller_id, outer_no) WHERE outer_no IS NOT NULL;
CREATE INDEX purchase_order_modified ON purchase_order (seller_id, modified);

-- arrive_num (from 0001) is the quantity received by completed stock-ins.
ALTER TABLE purchase_order_detail ADD COLUMN discount BIGINT NOT NULL DEFAULT 10000;
ALTER TABLE purchase_order_detail ADD COLUMN remark TEXT NOT NULL DEFAULT '';
ALTER TABLE purchase_order_detail ADD COLUMN created BIGINT NOT NULL DEFAULT 0;
CREATE INDEX purchase_order_detail_order ON purchase_order_detail (purchase_id);

ALTER TABLE batch ADD COLUMN production_date TEXT;

-- outer_no of stock-ins and api_outer_no of stocktakes: one document per kind and seller.
CREATE UNIQUE INDEX document_outer_no ON document (seller_id, kind, outer_no) WHERE outer_no IS NOT NULL;

-- A stocktake line of a position (mode 1); NULL for a whole-warehouse line.
ALTER TABLE pd_detail ADD COLUMN position_id BIGINT;

-- The purchase side of a 'purchase_in' document.
CREATE TABLE stockin_purchase (
    document_id BIGINT PRIMARY KEY REFERENCES document(id),
    purchase_id BIGINT NOT NULL REFERENCES purchase_order(id),
    logistics_code TEXT NOT NULL,
    logistics_no TEXT NOT NULL,
    post_fee BIGINT NOT NULL,
    other_fee BIGINT NOT NULL,
    check_time BIGINT
);
CREATE INDEX stockin_purchase_order ON stockin_purchase (purchase_id);

CREATE TABLE stockin_detail (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id BIGINT NOT NULL REFERENCES document(id),
    purchase_detail_id BIGINT NOT NULL REFERENCES purchase_order_detail(id),
    spec_id BIGINT NOT NULL REFERENCES spec(id),
    defect BIGINT NOT NULL,
    position_id BIGINT NOT NULL REFERENCES position(id),
    batch_id BIGINT NOT NULL,
    num BIGINT NOT NULL,
    stockin_price BIGINT NOT NULL,
    src_price BIGINT NOT NULL,
    tax BIGINT NOT NULL,
    tax_price BIGINT NOT NULL,
    production_date TEXT,
    expire_date TEXT,
    remark TEXT NOT NULL,
    created BIGINT NOT NULL
);
CREATE INDEX stockin_detail_document ON stockin_detail (document_id);
