//! Checks the ledger invariants over a whole database: stock rows against postings,
//! postings against completed documents, purchase order lines against their stock-ins.

use crate::document::{PdStatus, StockinStatus, StockoutStatus};
use sqlx::Row;

use crate::document;
use crate::error::CoreResult;
use crate::store::Store;

/// Completed status of each document kind that may carry postings.
const COMPLETED: &[(&str, i64)] = &[
    (document::KIND_STOCKTAKE, PdStatus::Done.code()),
    (document::KIND_OPENING, StockinStatus::Done.code()),
    (document::KIND_PURCHASE_IN, StockinStatus::Done.code()),
    ("other_in", StockinStatus::Done.code()),
    ("transfer_in", StockinStatus::Done.code()),
    ("other_out", StockoutStatus::Done.code()),
    ("transfer_out", StockoutStatus::Done.code()),
    ("return_out", StockoutStatus::Done.code()),
];

impl Store {
    /// Every violation of the ledger invariants, described; empty when the database is sound.
    pub async fn verify(&self) -> CoreResult<Vec<String>> {
        let mut out = Vec::new();
        let rows = sqlx::query(
            "SELECT d.id, d.num, CAST(COALESCE(SUM(CASE WHEN l.io_type = 1 THEN l.num ELSE -l.num END), 0) AS BIGINT) AS posted
             FROM stock_detail d LEFT JOIN ledger l ON l.stock_detail_id = d.id
             GROUP BY d.id, d.num HAVING d.num <> COALESCE(SUM(CASE WHEN l.io_type = 1 THEN l.num ELSE -l.num END), 0)",
        )
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            out.push(format!(
                "stock_detail {}: stock {} but postings sum to {}",
                r.try_get::<i64, _>(0)?,
                crate::Dec4::from_raw(r.try_get(1)?),
                crate::Dec4::from_raw(r.try_get(2)?)
            ));
        }
        let rows = sqlx::query(
            "SELECT s.id, s.num, CAST(COALESCE(SUM(d.num), 0) AS BIGINT) FROM stock_spec s LEFT JOIN stock_detail d ON d.stock_spec_id = s.id
             GROUP BY s.id, s.num HAVING s.num <> COALESCE(SUM(d.num), 0)",
        )
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            out.push(format!(
                "stock_spec {}: stock {} but its position/batch rows sum to {}",
                r.try_get::<i64, _>(0)?,
                crate::Dec4::from_raw(r.try_get(1)?),
                crate::Dec4::from_raw(r.try_get(2)?)
            ));
        }
        for r in sqlx::query("SELECT id FROM stock_detail WHERE num < 0")
            .fetch_all(&self.pool)
            .await?
        {
            out.push(format!(
                "stock_detail {}: negative stock",
                r.try_get::<i64, _>(0)?
            ));
        }
        for r in sqlx::query("SELECT id FROM ledger WHERE num <= 0 OR io_type NOT IN (1, 2)")
            .fetch_all(&self.pool)
            .await?
        {
            out.push(format!(
                "ledger {}: malformed posting",
                r.try_get::<i64, _>(0)?
            ));
        }
        let done = COMPLETED
            .iter()
            .map(|(k, s)| format!("(d.kind = '{k}' AND d.status = {s})"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let sql = format!(
            "SELECT l.id, d.doc_no, d.kind, d.status FROM ledger l LEFT JOIN document d ON d.id = l.document_id
             WHERE d.id IS NULL OR NOT ({done}) OR d.seller_id <> l.seller_id"
        );
        for r in sqlx::query(&sql).fetch_all(&self.pool).await? {
            out.push(format!(
                "ledger {}: document {:?} ({:?}, status {:?}) is missing, not completed or of another seller",
                r.try_get::<i64, _>(0)?,
                r.try_get::<Option<String>, _>(1)?,
                r.try_get::<Option<String>, _>(2)?,
                r.try_get::<Option<i64>, _>(3)?
            ));
        }
        // Reads find a document's postings by its document_io id range (the ledger has no
        // index per document): every posting lies in its document's range for its side, and no
        // range holds another document's posting.
        for r in sqlx::query(
            "SELECT l.id, l.document_id FROM ledger l
             LEFT JOIN document_io io ON io.document_id = l.document_id AND io.io_type = l.io_type
             WHERE io.document_id IS NULL OR l.id < io.first_ledger_id OR l.id > io.last_ledger_id",
        )
        .fetch_all(&self.pool)
        .await?
        {
            out.push(format!(
                "ledger {}: outside the document_io range of its document {}",
                r.try_get::<i64, _>(0)?,
                r.try_get::<i64, _>(1)?
            ));
        }
        for r in sqlx::query(
            "SELECT io.document_id, io.io_type, l.id FROM document_io io
             JOIN ledger l ON l.id >= io.first_ledger_id AND l.id <= io.last_ledger_id
             WHERE l.document_id <> io.document_id",
        )
        .fetch_all(&self.pool)
        .await?
        {
            out.push(format!(
                "document_io {}/{}: its range holds ledger {} of another document",
                r.try_get::<i64, _>(0)?,
                r.try_get::<i64, _>(1)?,
                r.try_get::<i64, _>(2)?
            ));
        }
        // A purchase order line has received what its completed stock-ins posted.
        let rows = sqlx::query(
            "SELECT pod.id, po.purchase_no, pod.arrive_num,
               CAST(COALESCE((SELECT SUM(sd.num) FROM stockin_detail sd JOIN document d ON d.id = sd.document_id
                         WHERE sd.purchase_detail_id = pod.id AND d.status = $1), 0) AS BIGINT) AS posted
             FROM purchase_order_detail pod JOIN purchase_order po ON po.id = pod.purchase_id",
        )
        .bind(StockinStatus::Done.code())
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            let (got, posted): (i64, i64) = (r.try_get(2)?, r.try_get(3)?);
            if got != posted {
                out.push(format!(
                    "purchase_order {} line {}: received {} but its completed stock-ins sum to {}",
                    r.try_get::<String, _>(1)?,
                    r.try_get::<i64, _>(0)?,
                    crate::Dec4::from_raw(got),
                    crate::Dec4::from_raw(posted)
                ));
            }
        }
        self.verify_orders(&mut out).await?;
        Ok(out)
    }

    /// Each order line's `out_num` / `in_num` equals what its completed stock-outs and
    /// stock-ins moved, and the goods in transit into each warehouse equal what its two-step
    /// transfers took out and did not yet bring in.
    async fn verify_orders(&self, out: &mut Vec<String>) -> CoreResult<()> {
        let rows = sqlx::query(
            "SELECT o.doc_no, l.id, l.out_num, l.in_num,
               CAST(COALESCE((SELECT SUM(m.num) FROM doc_line m JOIN document md ON md.id = m.document_id
                 WHERE m.src_line_id = l.id AND md.kind IN ('transfer_out', 'return_out', 'other_out') AND md.status = $1), 0) AS BIGINT),
               CAST(COALESCE((SELECT SUM(m.num) FROM doc_line m JOIN document md ON md.id = m.document_id
                 WHERE m.src_line_id = l.id AND md.kind IN ('transfer_in', 'other_in') AND md.status = $2), 0) AS BIGINT)
             FROM doc_line l JOIN document o ON o.id = l.document_id
             WHERE o.kind IN ('transfer', 'purchase_return', 'other_in_order', 'other_out_order')",
        )
        .bind(StockoutStatus::Done.code())
        .bind(StockinStatus::Done.code())
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            let no: String = r.try_get(0)?;
            let line: i64 = r.try_get(1)?;
            for (what, got, moved) in [
                ("out", r.try_get::<i64, _>(2)?, r.try_get::<i64, _>(4)?),
                ("in", r.try_get(3)?, r.try_get(5)?),
            ] {
                if got != moved {
                    out.push(format!(
                        "order {no} line {line}: {what}_num {} but its completed stock-{what}s sum to {}",
                        crate::Dec4::from_raw(got),
                        crate::Dec4::from_raw(moved)
                    ));
                }
            }
        }
        let rows = sqlx::query(
            "SELECT s.id, s.transfer_num, CAST(COALESCE(t.open, 0) AS BIGINT) FROM stock_spec s
             LEFT JOIN (SELECT d.to_warehouse_id AS wid, l.spec_id, l.defect, SUM(l.out_num - l.in_num) AS open
                        FROM doc_line l JOIN document d ON d.id = l.document_id WHERE d.kind = 'transfer'
                        GROUP BY d.to_warehouse_id, l.spec_id, l.defect) t
               ON t.wid = s.warehouse_id AND t.spec_id = s.spec_id AND t.defect = s.defect
             WHERE s.transfer_num <> COALESCE(t.open, 0)",
        )
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            let (id, held, open): (i64, i64, i64) = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
            if held != open {
                out.push(format!(
                    "stock_spec {id}: {} in transit but its transfers' lines leave {} out and not in",
                    crate::Dec4::from_raw(held),
                    crate::Dec4::from_raw(open)
                ));
            }
        }
        Ok(())
    }
}
