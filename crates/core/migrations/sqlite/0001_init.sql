-- Quantities and prices are integers of 1/10000 (decimal(19,4) without floating point).
-- Times are unix milliseconds; they are shown in Asia/Shanghai.
CREATE TABLE seller (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);
CREATE TABLE app (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seller_id BIGINT NOT NULL REFERENCES seller(id),
    app_key TEXT NOT NULL,
    secret TEXT NOT NULL,
    salt TEXT NOT NULL,
    -- "*" or a JSON array of warehouse_no
    warehouses TEXT NOT NULL,
    UNIQUE (seller_id, app_key)
);
CREATE TABLE warehouse (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seller_id BIGINT NOT NULL REFERENCES seller(id),
    warehouse_no TEXT NOT NULL,
    name TEXT NOT NULL,
    created BIGINT NOT NULL,
    UNIQUE (seller_id, warehouse_no)
);
CREATE TABLE position (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    warehouse_id BIGINT NOT NULL REFERENCES warehouse(id),
    position_no TEXT NOT NULL,
    is_default BIGINT NOT NULL,
    UNIQUE (warehouse_id, position_no)
);
CREATE TABLE provider (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seller_id BIGINT NOT NULL REFERENCES seller(id),
    provider_no TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (seller_id, provider_no)
);
CREATE TABLE goods (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seller_id BIGINT NOT NULL REFERENCES seller(id),
    goods_no TEXT NOT NULL,
    goods_name TEXT NOT NULL,
    UNIQUE (seller_id, goods_no)
);
CREATE TABLE spec (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seller_id BIGINT NOT NULL REFERENCES seller(id),
    goods_id BIGINT NOT NULL REFERENCES goods(id),
    spec_no TEXT NOT NULL,
    spec_name TEXT NOT NULL,
    barcode TEXT NOT NULL,
    deleted BIGINT NOT NULL,
    UNIQUE (seller_id, spec_no)
);
CREATE TABLE batch (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seller_id BIGINT NOT NULL REFERENCES seller(id),
    batch_no TEXT NOT NULL,
    expire_date TEXT,
    UNIQUE (seller_id, batch_no)
);
-- Stock of a warehouse+spec+defect: the sum of its stock_detail rows.
CREATE TABLE stock_spec (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seller_id BIGINT NOT NULL REFERENCES seller(id),
    warehouse_id BIGINT NOT NULL REFERENCES warehouse(id),
    spec_id BIGINT NOT NULL REFERENCES spec(id),
    defect BIGINT NOT NULL,
    num BIGINT NOT NULL,
    last_pd_time BIGINT,
    last_inout_time BIGINT,
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL,
    UNIQUE (warehouse_id, spec_id, defect)
);
CREATE INDEX stock_spec_modified ON stock_spec (seller_id, modified);
-- Stock of a position+batch (batch_id 0: no batch): the sum of its ledger postings.
CREATE TABLE stock_detail (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    stock_spec_id BIGINT NOT NULL REFERENCES stock_spec(id),
    position_id BIGINT NOT NULL REFERENCES position(id),
    batch_id BIGINT NOT NULL,
    num BIGINT NOT NULL,
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL,
    UNIQUE (stock_spec_id, position_id, batch_id)
);
CREATE TABLE document (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seller_id BIGINT NOT NULL REFERENCES seller(id),
    kind TEXT NOT NULL,
    doc_no TEXT NOT NULL,
    status BIGINT NOT NULL,
    warehouse_id BIGINT NOT NULL,
    creator TEXT NOT NULL,
    remark TEXT NOT NULL,
    mode BIGINT NOT NULL,
    defect_mode BIGINT NOT NULL,
    outer_no TEXT,
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL,
    UNIQUE (seller_id, doc_no)
);
CREATE INDEX document_modified ON document (seller_id, kind, modified);
CREATE TABLE pd_detail (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id BIGINT NOT NULL REFERENCES document(id),
    spec_id BIGINT NOT NULL REFERENCES spec(id),
    defect BIGINT NOT NULL,
    old_num BIGINT NOT NULL,
    new_num BIGINT NOT NULL,
    remark TEXT NOT NULL,
    created BIGINT NOT NULL
);
CREATE INDEX pd_detail_document ON pd_detail (document_id);
-- One row per change of one stock_detail row; num > 0, io_type says the direction.
CREATE TABLE ledger (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seller_id BIGINT NOT NULL REFERENCES seller(id),
    document_id BIGINT NOT NULL REFERENCES document(id),
    stock_detail_id BIGINT NOT NULL REFERENCES stock_detail(id),
    io_type BIGINT NOT NULL,
    src_order_type BIGINT NOT NULL,
    stockio_no TEXT NOT NULL,
    num BIGINT NOT NULL,
    stock_num_old BIGINT NOT NULL,
    stock_num_new BIGINT NOT NULL,
    operator TEXT NOT NULL,
    remark TEXT NOT NULL,
    created BIGINT NOT NULL
);
CREATE INDEX ledger_created ON ledger (seller_id, created);
CREATE INDEX ledger_detail ON ledger (stock_detail_id);
CREATE TABLE doc_seq (
    seller_id BIGINT NOT NULL,
    prefix TEXT NOT NULL,
    day TEXT NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (seller_id, prefix, day)
);
CREATE TABLE purchase_order (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seller_id BIGINT NOT NULL REFERENCES seller(id),
    purchase_no TEXT NOT NULL,
    provider_id BIGINT NOT NULL REFERENCES provider(id),
    warehouse_id BIGINT NOT NULL REFERENCES warehouse(id),
    status BIGINT NOT NULL,
    outer_no TEXT,
    remark TEXT NOT NULL,
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL,
    UNIQUE (seller_id, purchase_no)
);
CREATE TABLE purchase_order_detail (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    purchase_id BIGINT NOT NULL REFERENCES purchase_order(id),
    spec_id BIGINT NOT NULL REFERENCES spec(id),
    num BIGINT NOT NULL,
    arrive_num BIGINT NOT NULL,
    price BIGINT NOT NULL,
    tax_rate BIGINT NOT NULL
);
