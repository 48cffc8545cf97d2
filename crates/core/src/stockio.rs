//! Every stock-in and every stock-out, whatever document made it (flagship
//! `wms.stockin.Base.search` / `wms.stockout.Base.search`, enterprise `stockin_order_query.php`
//! / `stockout_order_query.php`): purchase, other, transfer and return documents by their own
//! number, and the stock-in/out numbers of stocktakes (gains, losses) and opening stock, which
//! are not documents of their own but the numbers their postings carry (`document_io`).
//!
//! A stock-in/out that has posted answers the lines of its postings (where the stock went or
//! came from, position and batch); one stored but not posted answers the lines it asks for.

use std::collections::HashMap;

use openwdt_wire::Dec4;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::auth::Caller;
use crate::document::{DocKind, StockinStatus, StockoutStatus};
use crate::error::CoreResult;
use crate::movement::Side;
use crate::query::{Filter, Page};
use crate::store::{batched, in_list, Store, CHUNK};

/// The documents that are a stock-in (or stock-out) by their own number.
fn doc_kinds(side: Side) -> &'static [DocKind] {
    match side {
        Side::In => &[DocKind::PurchaseIn, DocKind::OtherIn, DocKind::TransferIn],
        Side::Out => &[DocKind::OtherOut, DocKind::TransferOut, DocKind::ReturnOut],
    }
}

const fn io_type(side: Side) -> i64 {
    match side {
        Side::In => 1,
        Side::Out => 2,
    }
}

/// The status a stock-in/out has once posted.
pub const fn done_status(side: Side) -> i64 {
    match side {
        Side::In => StockinStatus::Done.code(),
        Side::Out => StockoutStatus::Done.code(),
    }
}

#[derive(Clone, Debug, Default)]
pub struct IoQuery {
    /// A window on `modified` (or, with `by_check_time`, on when it posted), epoch millis.
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub by_check_time: bool,
    pub statuses: Vec<i64>,
    /// The flagship's `src_order_type` codes (2 transfer, 4 stocktake, 10 purchase, 14 purchase
    /// return, 20/21 other, 33 opening).
    pub order_types: Vec<i64>,
    pub warehouse_no: Option<String>,
    pub io_no: Option<String>,
    pub src_order_no: Option<String>,
    pub outer_no: Option<String>,
}

/// One stock-in or stock-out.
#[derive(Clone, Debug, Default)]
pub struct IoDoc {
    pub doc_id: i64,
    pub kind: Option<DocKind>,
    pub io_no: String,
    pub order_type: i64,
    pub src_order_no: String,
    pub status: i64,
    pub warehouse_id: i64,
    pub warehouse_no: String,
    pub warehouse_name: String,
    pub outer_no: String,
    pub reason: String,
    pub remark: String,
    pub operator: String,
    pub created: i64,
    pub modified: i64,
    pub check_time: Option<i64>,
    pub lines: Vec<IoLine>,
}

impl IoDoc {
    pub fn goods_count(&self) -> Dec4 {
        self.lines
            .iter()
            .fold(Dec4::ZERO, |a, l| a.checked_add(l.num).unwrap_or(a))
    }

    /// How many different specs it moves.
    pub fn goods_type_count(&self) -> i64 {
        let mut specs: Vec<i64> = self.lines.iter().map(|l| l.spec_id).collect();
        specs.sort_unstable();
        specs.dedup();
        specs.len() as i64
    }
}

#[derive(Clone, Debug, Default)]
pub struct IoLine {
    pub rec_id: i64,
    pub doc_id: i64,
    pub spec_id: i64,
    pub spec_no: String,
    pub spec_name: String,
    pub spec_code: String,
    pub barcode: String,
    pub goods_no: String,
    pub goods_name: String,
    pub defect: bool,
    pub position_id: Option<i64>,
    pub position_no: String,
    pub batch_no: String,
    pub expire_date: String,
    pub production_date: String,
    pub num: Dec4,
    pub price: Dec4,
    pub remark: String,
    pub created: i64,
}

/// One row per stock-in (or stock-out) number of the side: documents by their own number,
/// stocktakes and opening stock by the number their postings carry.
fn io_view(side: Side) -> String {
    let kinds = doc_kinds(side)
        .iter()
        .map(|k| format!("'{}'", k.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let (io, done) = (io_type(side), done_status(side));
    format!(
        "(SELECT d.id AS doc_id, d.seller_id, d.kind, d.doc_no AS io_no, d.status,
            CASE d.kind WHEN 'purchase_in' THEN 10 ELSE d.src_order_type END AS order_type,
            COALESCE(sd.doc_no, po.purchase_no, '') AS src_order_no, d.warehouse_id, w.warehouse_no,
            w.name AS warehouse_name, COALESCE(d.outer_no, '') AS outer_no, d.reason, d.remark, d.creator,
            d.created, d.modified, COALESCE(d.check_time, sp.check_time) AS check_time
          FROM document d JOIN warehouse w ON w.id = d.warehouse_id
          LEFT JOIN document sd ON sd.id = d.src_doc_id
          LEFT JOIN stockin_purchase sp ON sp.document_id = d.id
          LEFT JOIN purchase_order po ON po.id = sp.purchase_id
          WHERE d.kind IN ({kinds})
        UNION ALL
        SELECT d.id, d.seller_id, d.kind, io.stockio_no, {done},
            CASE d.kind WHEN 'pd' THEN 4 ELSE 33 END, d.doc_no, d.warehouse_id, w.warehouse_no, w.name,
            COALESCE(d.outer_no, ''), d.reason, d.remark, d.creator, d.created, d.modified, d.modified
          FROM document_io io JOIN document d ON d.id = io.document_id
          JOIN warehouse w ON w.id = d.warehouse_id
          WHERE io.io_type = {io} AND d.kind IN ('pd', 'init')) v"
    )
}

impl Store {
    /// Stock-ins (or stock-outs) of every kind matching `q`, oldest change first, a page at a
    /// time, with their lines; and how many match in all.
    pub async fn query_stockio(
        &self,
        caller: &Caller,
        side: Side,
        q: &IoQuery,
        page: Page,
    ) -> CoreResult<(Vec<IoDoc>, i64)> {
        let f = filter(caller, q);
        let (rows, total) = f
            .fetch(self, &io_view(side), "modified, io_no", page)
            .await?;
        let mut docs = rows.iter().map(io_doc).collect::<CoreResult<Vec<_>>>()?;
        self.attach_lines(side, &mut docs).await?;
        Ok((docs, total))
    }

    async fn attach_lines(&self, side: Side, docs: &mut [IoDoc]) -> CoreResult<()> {
        let done = done_status(side);
        let posted: Vec<i64> = docs
            .iter()
            .filter(|d| d.status == done)
            .map(|d| d.doc_id)
            .collect();
        let stored: Vec<i64> = docs
            .iter()
            .filter(|d| d.status != done)
            .map(|d| d.doc_id)
            .collect();
        let mut lines = self.posted_lines(io_type(side), &posted).await?;
        for (id, l) in self.stored_lines(&stored).await? {
            lines.insert(id, l);
        }
        for d in docs {
            d.lines = lines.remove(&d.doc_id).unwrap_or_default();
        }
        Ok(())
    }

    /// The postings of each posted document on the side (where its stock went or came from),
    /// in posting order.
    pub async fn postings_of(
        &self,
        side: Side,
        ids: &[i64],
    ) -> CoreResult<HashMap<i64, Vec<IoLine>>> {
        self.posted_lines(io_type(side), ids).await
    }

    /// The postings of each document on the side, in posting order.
    async fn posted_lines(
        &self,
        io_type: i64,
        ids: &[i64],
    ) -> CoreResult<HashMap<i64, Vec<IoLine>>> {
        let mut out: HashMap<i64, Vec<IoLine>> = HashMap::new();
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT l.id, l.document_id, s.spec_id, sp.spec_no, sp.spec_name, sp.spec_code, sp.barcode, g.goods_no,
                   g.goods_name, s.defect, p.position_no, b.batch_no, b.expire_date, b.production_date, l.num,
                   0 AS price, l.remark, l.created, sd.position_id
                 FROM document_io d
                 JOIN ledger l ON l.id BETWEEN d.first_ledger_id AND d.last_ledger_id
                   AND l.document_id = d.document_id AND l.io_type = d.io_type
                 JOIN stock_detail sd ON sd.id = l.stock_detail_id
                 JOIN stock_spec s ON s.id = sd.stock_spec_id JOIN spec sp ON sp.id = s.spec_id
                 JOIN goods g ON g.id = sp.goods_id JOIN position p ON p.id = sd.position_id
                 LEFT JOIN batch b ON b.id = sd.batch_id
                 WHERE d.document_id IN ({}) AND d.io_type = ? ORDER BY l.id",
                in_list(chunk.len())
            );
            let sql = batched(&sql, self.backend == crate::store::Backend::Postgres);
            let q = chunk
                .iter()
                .fold(sqlx::query(&sql), |q, id| q.bind(*id))
                .bind(io_type);
            for r in q.fetch_all(&self.pool).await? {
                let l = io_line(&r)?;
                out.entry(l.doc_id).or_default().push(l);
            }
        }
        Ok(out)
    }

    /// The lines stored documents ask for: purchase stock-ins' and every other kind's.
    async fn stored_lines(&self, ids: &[i64]) -> CoreResult<HashMap<i64, Vec<IoLine>>> {
        let mut out: HashMap<i64, Vec<IoLine>> = HashMap::new();
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT l.id, l.document_id, l.spec_id, sp.spec_no, sp.spec_name, sp.spec_code, sp.barcode, g.goods_no,
                   g.goods_name, l.defect, p.position_no, b.batch_no, l.expire_date, l.production_date, l.num,
                   l.price, l.remark, l.created, l.position_id
                 FROM (SELECT id, document_id, spec_id, defect, position_id, batch_id, expire_date, production_date,
                              num, price, remark, created FROM doc_line
                       UNION ALL
                       SELECT id, document_id, spec_id, defect, position_id, batch_id, expire_date, production_date,
                              num, stockin_price, remark, created FROM stockin_detail) l
                 JOIN spec sp ON sp.id = l.spec_id JOIN goods g ON g.id = sp.goods_id
                 LEFT JOIN position p ON p.id = l.position_id LEFT JOIN batch b ON b.id = l.batch_id
                 WHERE l.document_id IN ({0}) ORDER BY l.document_id, l.id",
                in_list(chunk.len())
            );
            let sql = batched(&sql, self.backend == crate::store::Backend::Postgres);
            let q = chunk.iter().fold(sqlx::query(&sql), |q, id| q.bind(*id));
            for r in q.fetch_all(&self.pool).await? {
                let l = io_line(&r)?;
                out.entry(l.doc_id).or_default().push(l);
            }
        }
        Ok(out)
    }
}

fn filter(caller: &Caller, q: &IoQuery) -> Filter {
    let mut f = Filter::new("seller_id", caller.seller_id);
    f.perm("warehouse_no", &caller.warehouses);
    if !q.statuses.is_empty() {
        f.ints_in("status", &q.statuses);
    }
    if !q.order_types.is_empty() {
        f.ints_in("order_type", &q.order_types);
    }
    f.maybe_text("warehouse_no = $?", q.warehouse_no.as_deref());
    f.maybe_text("io_no = $?", q.io_no.as_deref());
    f.maybe_text("src_order_no = $?", q.src_order_no.as_deref());
    f.maybe_text("outer_no = $?", q.outer_no.as_deref());
    let col = if q.by_check_time {
        "check_time"
    } else {
        "modified"
    };
    f.maybe_int(&format!("{col} >= $?"), q.from);
    f.maybe_int(&format!("{col} <= $?"), q.to);
    f
}

fn text(r: &AnyRow, col: &str) -> CoreResult<String> {
    Ok(r.try_get::<Option<String>, _>(col)?.unwrap_or_default())
}

fn io_doc(r: &AnyRow) -> CoreResult<IoDoc> {
    Ok(IoDoc {
        doc_id: r.try_get("doc_id")?,
        kind: DocKind::parse(&text(r, "kind")?),
        io_no: text(r, "io_no")?,
        order_type: r.try_get("order_type")?,
        src_order_no: text(r, "src_order_no")?,
        status: r.try_get("status")?,
        warehouse_id: r.try_get("warehouse_id")?,
        warehouse_no: text(r, "warehouse_no")?,
        warehouse_name: text(r, "warehouse_name")?,
        outer_no: text(r, "outer_no")?,
        reason: text(r, "reason")?,
        remark: text(r, "remark")?,
        operator: text(r, "creator")?,
        created: r.try_get("created")?,
        modified: r.try_get("modified")?,
        check_time: r.try_get("check_time")?,
        lines: Vec::new(),
    })
}

fn io_line(r: &AnyRow) -> CoreResult<IoLine> {
    let d = |i: usize| -> CoreResult<Dec4> { Ok(Dec4::from_raw(r.try_get(i)?)) };
    let t = |i: usize| -> CoreResult<String> {
        Ok(r.try_get::<Option<String>, _>(i)?.unwrap_or_default())
    };
    Ok(IoLine {
        rec_id: r.try_get(0)?,
        doc_id: r.try_get(1)?,
        spec_id: r.try_get(2)?,
        spec_no: t(3)?,
        spec_name: t(4)?,
        spec_code: t(5)?,
        barcode: t(6)?,
        goods_no: t(7)?,
        goods_name: t(8)?,
        defect: r.try_get::<i64, _>(9)? != 0,
        position_id: r.try_get(18)?,
        position_no: t(10)?,
        batch_no: t(11)?,
        expire_date: t(12)?,
        production_date: t(13)?,
        num: d(14)?,
        price: d(15)?,
        remark: t(16)?,
        created: r.try_get(17)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::movement::{MoveKind, MoveLine, NewMove};
    use crate::problem::Field;

    fn page() -> Page {
        Page {
            page_no: 0,
            page_size: 50,
        }
    }

    #[tokio::test]
    async fn every_kind_of_stock_in_and_out_is_listed_with_its_type() {
        for (store, caller, _db) in crate::testdb::demos("stockio").await {
            let line = MoveLine {
                spec_no: "G001-RED-M".into(),
                num: "2".into(),
                ..Default::default()
            };
            for (kind, status) in [(MoveKind::OtherOut, 110), (MoveKind::OtherIn, 20)] {
                let cmd = NewMove {
                    kind,
                    warehouse_no: "WH01".into(),
                    outer_no: None,
                    outer_field: Field::OuterNo,
                    doc_no: None,
                    status,
                    create_batch: false,
                    src_doc_id: None,
                    to_warehouse_id: None,
                    provider_id: None,
                    reason: String::new(),
                    remark: String::new(),
                    extra: "{}".into(),
                    lines: vec![line.clone()],
                };
                store.create_move(&caller, cmd).await.unwrap();
            }
            let (ins, total) = store
                .query_stockio(&caller, Side::In, &IoQuery::default(), page())
                .await
                .unwrap();
            assert_eq!(total, ins.len() as i64);
            let types: Vec<(i64, i64)> = ins.iter().map(|d| (d.order_type, d.status)).collect();
            assert!(types.contains(&(33, 80)), "opening stock: {types:?}");
            assert!(
                types.contains(&(20, 20)),
                "a stored other stock-in: {types:?}"
            );
            let other = ins.iter().find(|d| d.order_type == 20).unwrap();
            assert_eq!(other.lines[0].num, "2".parse().unwrap());
            let q = IoQuery {
                order_types: vec![21],
                ..Default::default()
            };
            let (outs, _) = store
                .query_stockio(&caller, Side::Out, &q, page())
                .await
                .unwrap();
            assert_eq!(outs.len(), 1);
            assert_eq!(
                outs[0].lines[0].position_no, "A-01-01",
                "where it was taken from"
            );
            assert!(outs[0].io_no.starts_with("CK"));
        }
    }
}
