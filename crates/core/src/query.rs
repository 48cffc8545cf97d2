//! Read models: stock, stocktakes and the ledger, paged. Every query is scoped to the
//! caller's seller and to the warehouses its app may see.

use openwdt_wire::Dec4;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::auth::{Caller, WarehousePerm};
use crate::error::CoreResult;
use crate::store::Store;

/// A page: `page_no` counts from 0.
#[derive(Clone, Copy, Debug)]
pub struct Page {
    pub page_no: i64,
    pub page_size: i64,
}

/// A bound value of a dynamically built query.
enum Arg {
    I(i64),
    S(String),
}

/// WHERE clauses with numbered placeholders, built together with their values.
pub(crate) struct Filter {
    clauses: Vec<String>,
    args: Vec<Arg>,
}

impl Filter {
    pub(crate) fn new(seller_col: &str, seller_id: i64) -> Filter {
        Filter {
            clauses: vec![format!("{seller_col} = $1")],
            args: vec![Arg::I(seller_id)],
        }
    }
    fn next(&self) -> usize {
        self.args.len() + 1
    }
    pub(crate) fn int(&mut self, sql_with_placeholder: &str, v: i64) {
        let c = sql_with_placeholder.replace("$?", &format!("${}", self.next()));
        self.clauses.push(c);
        self.args.push(Arg::I(v));
    }
    pub(crate) fn text(&mut self, sql_with_placeholder: &str, v: &str) {
        let c = sql_with_placeholder.replace("$?", &format!("${}", self.next()));
        self.clauses.push(c);
        self.args.push(Arg::S(v.to_string()));
    }
    /// One clause of two integers, written `$?a` and `$?b` (a window whose bounds appear
    /// together, e.g. on either of two tables).
    pub(crate) fn int_pair(&mut self, sql_with_placeholders: &str, a: i64, b: i64) {
        let n = self.next();
        let c = sql_with_placeholders
            .replace("$?a", &format!("${n}"))
            .replace("$?b", &format!("${}", n + 1));
        self.clauses.push(c);
        self.args.push(Arg::I(a));
        self.args.push(Arg::I(b));
    }
    /// `text` when a value is given; a filter the caller left out adds nothing.
    pub(crate) fn maybe_text(&mut self, sql_with_placeholder: &str, v: Option<&str>) {
        if let Some(v) = v {
            self.text(sql_with_placeholder, v);
        }
    }
    pub(crate) fn maybe_int(&mut self, sql_with_placeholder: &str, v: Option<i64>) {
        if let Some(v) = v {
            self.int(sql_with_placeholder, v);
        }
    }
    pub(crate) fn texts_in(&mut self, col: &str, vs: &[String]) {
        self.any_of(col, vs.iter().map(|v| Arg::S(v.clone())).collect());
    }
    pub(crate) fn ints_in(&mut self, col: &str, vs: &[i64]) {
        self.any_of(col, vs.iter().map(|v| Arg::I(*v)).collect());
    }
    fn any_of(&mut self, col: &str, vs: Vec<Arg>) {
        let start = self.next();
        let list = (start..start + vs.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(",");
        self.clauses.push(if vs.is_empty() {
            "1 = 0".into()
        } else {
            format!("{col} IN ({list})")
        });
        self.args.extend(vs);
    }
    pub(crate) fn perm(&mut self, col: &str, perm: &WarehousePerm) {
        if let WarehousePerm::Only(list) = perm {
            self.texts_in(col, list);
        }
    }
    fn sql(&self) -> String {
        self.clauses.join(" AND ")
    }
    /// The filter's values bound, in order, to a statement built from its clauses.
    fn bound<'q>(
        &'q self,
        sql: &'q str,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        self.args.iter().fold(sqlx::query(sql), |q, a| match a {
            Arg::I(i) => q.bind(*i),
            Arg::S(s) => q.bind(s.as_str()),
        })
    }

    pub(crate) async fn fetch(
        &self,
        store: &Store,
        select: &str,
        order: &str,
        page: Page,
    ) -> CoreResult<(Vec<AnyRow>, i64)> {
        let where_ = self.sql();
        let count_sql = format!("SELECT COUNT(*) FROM {select} WHERE {where_}");
        let total: i64 = self
            .bound(&count_sql)
            .fetch_one(&store.pool)
            .await?
            .try_get(0)?;
        let n = self.next();
        let sql = format!(
            "SELECT * FROM {select} WHERE {where_} ORDER BY {order} LIMIT ${n} OFFSET ${}",
            n + 1
        );
        let rows = self
            .bound(&sql)
            .bind(page.page_size)
            .bind(page.page_no.saturating_mul(page.page_size))
            .fetch_all(&store.pool)
            .await?;
        Ok((rows, total))
    }
}

fn d(row: &AnyRow, col: &str) -> CoreResult<Dec4> {
    Ok(Dec4::from_raw(row.try_get(col)?))
}

#[derive(Debug, Default)]
pub struct StockFilter {
    pub warehouse_no: Option<String>,
    pub spec_nos: Vec<String>,
    pub modified_from: Option<i64>,
    pub modified_to: Option<i64>,
    /// Only normal (`Some(false)`) or only defect stock; both when `None`.
    pub defect: Option<bool>,
}

#[derive(Debug)]
pub struct StockRow {
    pub rec_id: i64,
    pub warehouse_id: i64,
    pub warehouse_no: String,
    pub warehouse_name: String,
    pub spec_id: i64,
    pub spec_no: String,
    pub spec_name: String,
    pub barcode: String,
    pub goods_no: String,
    pub goods_name: String,
    pub defect: bool,
    pub num: Dec4,
    pub created: i64,
    pub modified: i64,
    pub last_pd_time: Option<i64>,
    pub last_inout_time: Option<i64>,
    /// Goods on their way into this warehouse by two-step transfers (调拨在途量).
    pub transfer_num: Dec4,
}

const STOCK_VIEW: &str = "(SELECT s.id AS rec_id, s.seller_id, s.warehouse_id, w.warehouse_no, w.name AS warehouse_name,
    s.spec_id, sp.spec_no, sp.spec_name, sp.barcode, g.goods_no, g.goods_name, s.defect, s.num, s.created, s.modified,
    s.last_pd_time, s.last_inout_time, s.transfer_num
  FROM stock_spec s JOIN warehouse w ON w.id = s.warehouse_id JOIN spec sp ON sp.id = s.spec_id JOIN goods g ON g.id = sp.goods_id) v";

#[derive(Debug, Default)]
pub struct PdFilter {
    pub modified_from: i64,
    pub modified_to: i64,
    pub warehouse_no: Option<String>,
    pub pd_no: Option<String>,
    pub spec_no: Option<String>,
    pub goods_no: Option<String>,
    pub status: Option<i64>,
    pub creator: Option<String>,
}

#[derive(Debug)]
pub struct PdRow {
    pub rec_id: i64,
    pub pd_no: String,
    pub warehouse_id: i64,
    pub warehouse_no: String,
    pub mode: i64,
    pub status: i64,
    pub creator: String,
    pub remark: String,
    pub created: i64,
    pub modified: i64,
}

#[derive(Debug)]
pub struct PdDetailRow {
    pub rec_id: i64,
    pub pd_id: i64,
    pub spec_id: i64,
    pub spec_no: String,
    pub spec_name: String,
    pub barcode: String,
    pub goods_no: String,
    pub goods_name: String,
    pub defect: bool,
    pub old_num: Dec4,
    pub new_num: Dec4,
    pub remark: String,
    pub created: i64,
}

#[derive(Debug, Default)]
pub struct ChangeFilter {
    pub created_from: i64,
    pub created_to: i64,
    pub spec_no: Option<String>,
    /// 1 in, 2 out, None both.
    pub io_type: Option<i64>,
    pub defect: bool,
    pub warehouse_no: Option<String>,
}

#[derive(Debug)]
pub struct ChangeRow {
    pub rec_id: i64,
    pub src_order_type: i64,
    pub io_type: i64,
    pub warehouse_no: String,
    pub warehouse_name: String,
    pub spec_no: String,
    pub stock_num_old: Dec4,
    pub num: Dec4,
    pub stock_num_new: Dec4,
    pub stockio_no: String,
    pub src_order_no: String,
    pub operator: String,
    pub remark: String,
    pub defect: bool,
    pub position_no: String,
    pub batch_no: String,
    pub created: i64,
}

impl Store {
    pub async fn search_stock(
        &self,
        caller: &Caller,
        f: &StockFilter,
        page: Page,
    ) -> CoreResult<(Vec<StockRow>, i64)> {
        let mut w = Filter::new("seller_id", caller.seller_id);
        w.perm("warehouse_no", &caller.warehouses);
        w.maybe_text("warehouse_no = $?", f.warehouse_no.as_deref());
        if !f.spec_nos.is_empty() {
            // By id, so the stock rows are found through their spec's index rather than by
            // joining every stock row of the seller to its spec first.
            let ids = self.spec_ids(caller.seller_id, &f.spec_nos).await?;
            w.ints_in("spec_id", &ids);
        }
        if let Some(d) = f.defect {
            w.int("defect = $?", i64::from(d));
        }
        w.maybe_int("modified >= $?", f.modified_from);
        w.maybe_int("modified <= $?", f.modified_to);
        let (rows, total) = w.fetch(self, STOCK_VIEW, "rec_id", page).await?;
        let rows = rows
            .iter()
            .map(|r| {
                Ok(StockRow {
                    rec_id: r.try_get("rec_id")?,
                    warehouse_id: r.try_get("warehouse_id")?,
                    warehouse_no: r.try_get("warehouse_no")?,
                    warehouse_name: r.try_get("warehouse_name")?,
                    spec_id: r.try_get("spec_id")?,
                    spec_no: r.try_get("spec_no")?,
                    spec_name: r.try_get("spec_name")?,
                    barcode: r.try_get("barcode")?,
                    goods_no: r.try_get("goods_no")?,
                    goods_name: r.try_get("goods_name")?,
                    defect: r.try_get::<i64, _>("defect")? != 0,
                    num: d(r, "num")?,
                    created: r.try_get("created")?,
                    modified: r.try_get("modified")?,
                    last_pd_time: r.try_get("last_pd_time")?,
                    last_inout_time: r.try_get("last_inout_time")?,
                    transfer_num: Dec4::from_raw(r.try_get("transfer_num")?),
                })
            })
            .collect::<CoreResult<Vec<_>>>()?;
        Ok((rows, total))
    }

    /// Refuses a warehouse filter the caller may not use; `None` (no filter) passes.
    pub async fn require_warehouse(
        &self,
        caller: &Caller,
        warehouse_no: Option<&str>,
    ) -> CoreResult<()> {
        match warehouse_no {
            Some(w) if !self.warehouse_visible(caller, w).await? => {
                let mut p = crate::problem::Problems::new();
                p.push(
                    crate::problem::Field::WarehouseNo,
                    None,
                    crate::problem::Kind::UnknownWarehouse { value: w.into() },
                );
                p.finish()
            }
            _ => Ok(()),
        }
    }

    /// Whether the caller may see a warehouse of this number (it exists and is permitted).
    pub async fn warehouse_visible(&self, caller: &Caller, warehouse_no: &str) -> CoreResult<bool> {
        if !caller.warehouses.allows(warehouse_no) {
            return Ok(false);
        }
        Ok(
            sqlx::query("SELECT id FROM warehouse WHERE seller_id = $1 AND warehouse_no = $2")
                .bind(caller.seller_id)
                .bind(warehouse_no)
                .fetch_optional(&self.pool)
                .await?
                .is_some(),
        )
    }

    pub async fn query_stocktakes(
        &self,
        caller: &Caller,
        f: &PdFilter,
        page: Page,
    ) -> CoreResult<(Vec<PdRow>, i64)> {
        let view = "(SELECT d.id AS rec_id, d.seller_id, d.doc_no, d.warehouse_id, w.warehouse_no, d.mode, d.status,
            d.creator, d.remark, d.created, d.modified FROM document d JOIN warehouse w ON w.id = d.warehouse_id
            WHERE d.kind = 'pd') v";
        let mut w = Filter::new("seller_id", caller.seller_id);
        w.perm("warehouse_no", &caller.warehouses);
        w.int("modified >= $?", f.modified_from);
        w.int("modified <= $?", f.modified_to);
        w.maybe_text("warehouse_no = $?", f.warehouse_no.as_deref());
        w.maybe_text("doc_no = $?", f.pd_no.as_deref());
        w.maybe_int("status = $?", f.status);
        w.maybe_text("creator = $?", f.creator.as_deref());
        w.maybe_text("rec_id IN (SELECT pd.document_id FROM pd_detail pd JOIN spec s ON s.id = pd.spec_id WHERE s.spec_no = $?)", f.spec_no.as_deref());
        if let Some(x) = &f.goods_no {
            w.text(
                "rec_id IN (SELECT pd.document_id FROM pd_detail pd JOIN spec s ON s.id = pd.spec_id JOIN goods g ON g.id = s.goods_id WHERE g.goods_no = $?)",
                x,
            );
        }
        let (rows, total) = w.fetch(self, view, "rec_id", page).await?;
        let rows = rows
            .iter()
            .map(|r| {
                Ok(PdRow {
                    rec_id: r.try_get("rec_id")?,
                    pd_no: r.try_get("doc_no")?,
                    warehouse_id: r.try_get("warehouse_id")?,
                    warehouse_no: r.try_get("warehouse_no")?,
                    mode: r.try_get("mode")?,
                    status: r.try_get("status")?,
                    creator: r.try_get("creator")?,
                    remark: r.try_get("remark")?,
                    created: r.try_get("created")?,
                    modified: r.try_get("modified")?,
                })
            })
            .collect::<CoreResult<Vec<_>>>()?;
        Ok((rows, total))
    }

    pub async fn query_stocktake_details(
        &self,
        caller: &Caller,
        pd_no: Option<&str>,
        page: Page,
    ) -> CoreResult<(Vec<PdDetailRow>, i64)> {
        let view = "(SELECT pd.id AS rec_id, d.seller_id, d.doc_no, w.warehouse_no, pd.document_id AS pd_id, pd.spec_id, s.spec_no,
            s.spec_name, s.barcode, g.goods_no, g.goods_name, pd.defect, pd.old_num, pd.new_num, pd.remark, pd.created
            FROM pd_detail pd JOIN document d ON d.id = pd.document_id JOIN warehouse w ON w.id = d.warehouse_id
            JOIN spec s ON s.id = pd.spec_id JOIN goods g ON g.id = s.goods_id) v";
        let mut w = Filter::new("seller_id", caller.seller_id);
        w.perm("warehouse_no", &caller.warehouses);
        w.maybe_text("doc_no = $?", pd_no);
        let (rows, total) = w.fetch(self, view, "rec_id", page).await?;
        let rows = rows
            .iter()
            .map(|r| {
                Ok(PdDetailRow {
                    rec_id: r.try_get("rec_id")?,
                    pd_id: r.try_get("pd_id")?,
                    spec_id: r.try_get("spec_id")?,
                    spec_no: r.try_get("spec_no")?,
                    spec_name: r.try_get("spec_name")?,
                    barcode: r.try_get("barcode")?,
                    goods_no: r.try_get("goods_no")?,
                    goods_name: r.try_get("goods_name")?,
                    defect: r.try_get::<i64, _>("defect")? != 0,
                    old_num: d(r, "old_num")?,
                    new_num: d(r, "new_num")?,
                    remark: r.try_get("remark")?,
                    created: r.try_get("created")?,
                })
            })
            .collect::<CoreResult<Vec<_>>>()?;
        Ok((rows, total))
    }

    pub async fn query_changes(
        &self,
        caller: &Caller,
        f: &ChangeFilter,
        page: Page,
    ) -> CoreResult<(Vec<ChangeRow>, i64)> {
        let view = "(SELECT l.id AS rec_id, l.seller_id, l.src_order_type, l.io_type, w.warehouse_no, w.name AS warehouse_name,
            sp.spec_no, l.stock_num_old, l.num, l.stock_num_new, l.stockio_no, doc.doc_no, l.operator, l.remark,
            s.defect, p.position_no, b.batch_no, l.created
            FROM ledger l JOIN document doc ON doc.id = l.document_id JOIN stock_detail sd ON sd.id = l.stock_detail_id
            JOIN stock_spec s ON s.id = sd.stock_spec_id JOIN warehouse w ON w.id = s.warehouse_id
            JOIN spec sp ON sp.id = s.spec_id JOIN position p ON p.id = sd.position_id
            LEFT JOIN batch b ON b.id = sd.batch_id) v";
        let mut w = Filter::new("seller_id", caller.seller_id);
        w.perm("warehouse_no", &caller.warehouses);
        w.int("created >= $?", f.created_from);
        w.int("created <= $?", f.created_to);
        w.int("defect = $?", i64::from(f.defect));
        w.maybe_text("spec_no = $?", f.spec_no.as_deref());
        w.maybe_int("io_type = $?", f.io_type);
        w.maybe_text("warehouse_no = $?", f.warehouse_no.as_deref());
        let (rows, total) = w.fetch(self, view, "rec_id", page).await?;
        let rows = rows
            .iter()
            .map(|r| {
                Ok(ChangeRow {
                    rec_id: r.try_get("rec_id")?,
                    src_order_type: r.try_get("src_order_type")?,
                    io_type: r.try_get("io_type")?,
                    warehouse_no: r.try_get("warehouse_no")?,
                    warehouse_name: r.try_get("warehouse_name")?,
                    spec_no: r.try_get("spec_no")?,
                    stock_num_old: d(r, "stock_num_old")?,
                    num: d(r, "num")?,
                    stock_num_new: d(r, "stock_num_new")?,
                    stockio_no: r.try_get("stockio_no")?,
                    src_order_no: r.try_get("doc_no")?,
                    operator: r.try_get("operator")?,
                    remark: r.try_get("remark")?,
                    defect: r.try_get::<i64, _>("defect")? != 0,
                    position_no: r.try_get("position_no")?,
                    batch_no: r
                        .try_get::<Option<String>, _>("batch_no")?
                        .unwrap_or_default(),
                    created: r.try_get("created")?,
                })
            })
            .collect::<CoreResult<Vec<_>>>()?;
        Ok((rows, total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-spec stock query finds its rows through the spec's index, whatever the size of
    /// the seller's stock (the plan, not a timing: timings live in `openwdt bench`).
    #[tokio::test]
    async fn a_stock_query_by_spec_uses_the_spec_index() {
        for (store, caller, _db) in crate::testdb::demos("stock-by-spec").await {
            let f = StockFilter {
                spec_nos: vec!["G002-1L".into()],
                ..Default::default()
            };
            let page = Page {
                page_no: 0,
                page_size: 10,
            };
            let (rows, total) = store.search_stock(&caller, &f, page).await.unwrap();
            assert_eq!(total, rows.len() as i64);
            assert!(rows.iter().all(|r| r.spec_no == "G002-1L") && total > 0);
            if store.pg() {
                continue;
            }
            let plan: Vec<String> = sqlx::query(&format!(
                "EXPLAIN QUERY PLAN SELECT * FROM {STOCK_VIEW} WHERE seller_id = $1 AND spec_id IN ($2)"
            ))
            .bind(caller.seller_id)
            .bind(rows[0].spec_id)
            .fetch_all(&store.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>(3))
            .collect();
            assert!(
                plan.iter().any(|p| p.contains("stock_spec_spec")),
                "{plan:?}"
            );
        }
    }
}
