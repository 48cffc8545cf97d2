-- The stock-in/out number of each document and side, and the id range of its postings in the
-- ledger (see ledger::record_io). It replaces 0005's two ledger indexes, which every posting
-- paid for: a document's postings are found by a range of the ledger's primary key.
CREATE TABLE document_io (
    document_id BIGINT NOT NULL REFERENCES document(id),
    io_type BIGINT NOT NULL,
    seller_id BIGINT NOT NULL REFERENCES seller(id),
    stockio_no TEXT NOT NULL,
    first_ledger_id BIGINT NOT NULL,
    last_ledger_id BIGINT NOT NULL,
    PRIMARY KEY (document_id, io_type)
);
CREATE INDEX document_io_no ON document_io (seller_id, stockio_no);
INSERT INTO document_io (document_id, io_type, seller_id, stockio_no, first_ledger_id, last_ledger_id)
SELECT document_id, io_type, MIN(seller_id), MIN(stockio_no), MIN(id), MAX(id)
FROM ledger GROUP BY document_id, io_type;
DROP INDEX IF EXISTS ledger_document;
DROP INDEX IF EXISTS ledger_stockio_no;
