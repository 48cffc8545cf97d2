//! The second read side: stock records with their available quantity, stock per position and
//! batch, the stock-ins and stock-outs stocktakes posted (their gains and losses), and
//! stocktake orders with their lines.
//!
//! Every query validates its own rules (time windows, status lists, ids) into typed problems,
//! is scoped to the caller's seller and the warehouses its app may see (resolved to ids first,
//! so that the stock and ledger indexes are used), and pages like `query`.

use std::collections::HashMap;

use openwdt_wire::Dec4;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::auth::Caller;
use crate::clock;
use crate::document::{PdStatus, KIND_STOCKTAKE};
use crate::error::CoreResult;
use crate::problem::{Field, Kind, Problems};
use crate::query::{Filter, Page};
use crate::store::{batched, in_list, Backend, Store, CHUNK};

/// The widest time window of these queries.
pub const MAX_WINDOW_DAYS: i64 = 30;

/// A time window `[from, to]` in unix milliseconds from `yyyy-MM-dd HH:mm:ss` texts: `None`
/// when neither is given and the query may go without one. Both are needed once either is,
/// or when `required`. Pure.
pub fn time_window(
    p: &mut Problems,
    start: Option<&str>,
    end: Option<&str>,
    required: bool,
) -> Option<(i64, i64)> {
    let start = start.map(str::trim).filter(|s| !s.is_empty());
    let end = end.map(str::trim).filter(|s| !s.is_empty());
    if start.is_none() && end.is_none() && !required {
        return None;
    }
    let parse = |p: &mut Problems, field, v: Option<&str>| match v {
        None => {
            p.push(field, None, Kind::Missing);
            None
        }
        Some(v) => {
            let t = clock::parse_datetime(v);
            if t.is_none() {
                p.push(field, None, Kind::BadTime { value: v.into() });
            }
            t
        }
    };
    let from = parse(p, Field::StartTime, start);
    let to = parse(p, Field::EndTime, end);
    let (from, to) = (from?, to?);
    if to < from {
        p.push(Field::EndTime, None, Kind::EndBeforeStart);
        return None;
    }
    if to - from > MAX_WINDOW_DAYS * 86_400_000 {
        p.push(
            Field::EndTime,
            None,
            Kind::SpanTooLong {
                max_days: MAX_WINDOW_DAYS,
            },
        );
        return None;
    }
    Some((from, to))
}

/// Statuses joined with commas (`"40,50"`); empty when none is given. Pure.
pub fn status_list(p: &mut Problems, text: Option<&str>) -> Vec<i64> {
    let mut out = Vec::new();
    for item in text.unwrap_or_default().split(',').map(str::trim) {
        if item.is_empty() {
            continue;
        }
        match item.parse::<i64>() {
            Ok(s) => out.push(s),
            Err(_) => p.push(Field::Status, None, Kind::Invalid { value: item.into() }),
        }
    }
    out
}

/// Stock record ids from one id and a comma-joined list (the list wins when given), in the
/// order given, each once. Pure.
pub fn stock_ids(p: &mut Problems, one: Option<i64>, list: Option<&str>) -> Vec<i64> {
    let mut out: Vec<i64> = Vec::new();
    match list.map(str::trim).filter(|l| !l.is_empty()) {
        Some(list) => {
            for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                match item.parse::<i64>() {
                    Ok(id) if id > 0 => {
                        if !out.contains(&id) {
                            out.push(id)
                        }
                    }
                    _ => p.push(Field::StockId, None, Kind::Invalid { value: item.into() }),
                }
            }
        }
        None => match one {
            Some(id) if id > 0 => out.push(id),
            Some(id) => p.push(
                Field::StockId,
                None,
                Kind::Invalid {
                    value: id.to_string(),
                },
            ),
            None => p.push(Field::StockId, None, Kind::Missing),
        },
    }
    out
}

/// A stocktake line's gain and loss: `(new − old, 0)` above the book, `(0, old − new)` below.
/// Pure.
pub fn gain_loss(old: Dec4, new: Dec4) -> (Dec4, Dec4) {
    match new.checked_sub(old) {
        Some(d) if d.is_negative() => (Dec4::ZERO, d.abs()),
        Some(d) => (d, Dec4::ZERO),
        // Out of range only for values no stock row holds.
        None => (Dec4::ZERO, Dec4::ZERO),
    }
}

fn dec(r: &AnyRow, col: &str) -> CoreResult<Dec4> {
    Ok(Dec4::from_raw(r.try_get(col)?))
}

fn opt_text(r: &AnyRow, col: &str) -> CoreResult<String> {
    Ok(r.try_get::<Option<String>, _>(col)?.unwrap_or_default())
}

impl Store {
    pub(crate) fn pg(&self) -> bool {
        self.backend == Backend::Postgres
    }

    /// The ids of the seller's warehouses the caller may see (of `warehouse_no` only, when
    /// given; an unknown or hidden one is a problem).
    async fn visible_warehouses(
        &self,
        caller: &Caller,
        warehouse_no: Option<&str>,
        p: &mut Problems,
    ) -> CoreResult<Vec<i64>> {
        let mut ids = Vec::new();
        for r in
            sqlx::query("SELECT id, warehouse_no FROM warehouse WHERE seller_id = $1 ORDER BY id")
                .bind(caller.seller_id)
                .fetch_all(&self.pool)
                .await?
        {
            let no: String = r.try_get(1)?;
            if caller.warehouses.allows(&no) && warehouse_no.is_none_or(|w| w == no) {
                ids.push(r.try_get(0)?);
            }
        }
        if let (Some(w), true) = (warehouse_no, ids.is_empty()) {
            p.push(Field::WarehouseNo, None, Kind::Unknown { value: w.into() });
        }
        Ok(ids)
    }

    /// Ids of the seller's specs (deleted ones too: their stock is still stock) by spec_no.
    pub(crate) async fn spec_ids(
        &self,
        seller_id: i64,
        spec_nos: &[String],
    ) -> CoreResult<Vec<i64>> {
        let mut ids = Vec::new();
        for chunk in spec_nos.chunks(CHUNK) {
            let sql = format!(
                "SELECT id FROM spec WHERE seller_id = ? AND spec_no IN ({})",
                in_list(chunk.len())
            );
            let sql = batched(&sql, self.pg());
            let q = chunk
                .iter()
                .fold(sqlx::query(&sql).bind(seller_id), |q, s| q.bind(s.as_str()));
            for r in q.fetch_all(&self.pool).await? {
                ids.push(r.try_get(0)?);
            }
        }
        Ok(ids)
    }

    async fn goods_spec_ids(&self, seller_id: i64, goods_no: &str) -> CoreResult<Vec<i64>> {
        let rows = sqlx::query(
            "SELECT sp.id FROM goods g JOIN spec sp ON sp.goods_id = g.id
             WHERE g.seller_id = $1 AND g.goods_no = $2",
        )
        .bind(seller_id)
        .bind(goods_no)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok(r.try_get(0)?))
            .collect::<CoreResult<_>>()
    }
}

// ---- stock records (queryAvailableStock, search2) ----

/// Filters of the stock-record queries. Without specs a window of last modification (at most
/// 30 days) is required.
#[derive(Clone, Debug, Default)]
pub struct StockSpecQuery {
    pub warehouse_no: Option<String>,
    pub spec_nos: Vec<String>,
    pub goods_no: Option<String>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
}

/// Whether a spec can be sent from a warehouse, as queryAvailableStock numbers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AvailableStatus {
    Normal,
    OutOfStock,
}

impl AvailableStatus {
    /// Decided: 1 缺货 when nothing is available, else 0 正常 (2 到货 would need purchase
    /// arrivals openwdt does not track per record).
    pub fn of(available: Dec4) -> AvailableStatus {
        if available > Dec4::ZERO {
            AvailableStatus::Normal
        } else {
            AvailableStatus::OutOfStock
        }
    }
    pub fn code(self) -> i64 {
        match self {
            AvailableStatus::Normal => 0,
            AvailableStatus::OutOfStock => 1,
        }
    }
}

/// One stock record: a spec's normal or defect stock in one warehouse.
#[derive(Clone, Debug)]
pub struct StockSpecRow {
    /// The stock record's id (`rec_id`, the `stock_spec_id` of stockDetailSearch).
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
    /// Decided: the stock itself; openwdt reserves nothing (no sales orders or locks), so
    /// everything on hand can be sent.
    pub available: Dec4,
    pub status: AvailableStatus,
    pub created: i64,
    pub modified: i64,
    pub last_pd_time: Option<i64>,
    pub last_inout_time: Option<i64>,
    /// Goods on their way into this warehouse by two-step transfers (调拨在途量).
    pub transfer_num: Dec4,
}

const STOCK_SPEC_VIEW: &str = "(SELECT s.id AS rec_id, s.seller_id, s.warehouse_id, w.warehouse_no, w.name AS warehouse_name,
    s.spec_id, sp.spec_no, sp.spec_name, sp.barcode, g.goods_no, g.goods_name, s.defect, s.num, s.created, s.modified,
    s.last_pd_time, s.last_inout_time, s.transfer_num
  FROM stock_spec s JOIN warehouse w ON w.id = s.warehouse_id JOIN spec sp ON sp.id = s.spec_id
  JOIN goods g ON g.id = sp.goods_id) v";

impl Store {
    /// Stock records (flagship `wms.StockSpec.queryAvailableStock` and `search2`), by record
    /// id. Refused (`CoreError::Problems`): an unknown or hidden warehouse, a bad or missing
    /// window.
    pub async fn query_stock_specs(
        &self,
        caller: &Caller,
        q: &StockSpecQuery,
        page: Page,
    ) -> CoreResult<(Vec<StockSpecRow>, i64)> {
        let mut p = Problems::new();
        let window = time_window(
            &mut p,
            q.start_time.as_deref(),
            q.end_time.as_deref(),
            q.spec_nos.is_empty(),
        );
        let warehouses = self
            .visible_warehouses(caller, q.warehouse_no.as_deref(), &mut p)
            .await?;
        p.finish()?;
        let mut w = Filter::new("seller_id", caller.seller_id);
        // Always by warehouse id: with spec ids too, the (warehouse_id, spec_id) index answers.
        w.ints_in("warehouse_id", &warehouses);
        if !q.spec_nos.is_empty() {
            let ids = self.spec_ids(caller.seller_id, &q.spec_nos).await?;
            w.ints_in("spec_id", &ids);
        }
        if let Some(g) = &q.goods_no {
            let ids = self.goods_spec_ids(caller.seller_id, g).await?;
            w.ints_in("spec_id", &ids);
        }
        if let Some((from, to)) = window {
            w.int("modified >= $?", from);
            w.int("modified <= $?", to);
        }
        let (rows, total) = w.fetch(self, STOCK_SPEC_VIEW, "rec_id", page).await?;
        let rows = rows
            .iter()
            .map(|r| {
                let num = dec(r, "num")?;
                Ok(StockSpecRow {
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
                    num,
                    available: num,
                    status: AvailableStatus::of(num),
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
}

// ---- stock per position and batch (stockDetailSearch) ----

/// The stock of one position and batch of a stock record.
#[derive(Clone, Debug)]
pub struct StockDetailRow {
    pub rec_id: i64,
    pub stock_spec_id: i64,
    pub warehouse_no: String,
    pub position_no: String,
    /// `""` for stock without a batch.
    pub batch_no: String,
    pub expire_date: String,
    pub production_date: String,
    pub num: Dec4,
    pub modified: i64,
}

impl Store {
    /// The position and batch rows of stock records (flagship
    /// `wms.StockSpec.stockDetailSearch`): `stock_spec_id_list` (comma-joined) wins over
    /// `stock_spec_id`. Records of another seller or of a warehouse the app may not see answer
    /// nothing. Decided: rows holding nothing (left after stock went out) are not answered.
    /// Refused (`CoreError::Problems`, field `StockId`): no id, or an id that is not a
    /// positive integer.
    pub async fn query_stock_details(
        &self,
        caller: &Caller,
        stock_spec_id: Option<i64>,
        stock_spec_id_list: Option<&str>,
    ) -> CoreResult<Vec<StockDetailRow>> {
        let mut p = Problems::new();
        let ids = stock_ids(&mut p, stock_spec_id, stock_spec_id_list);
        p.finish()?;
        let mut out = Vec::new();
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT d.id, d.stock_spec_id, w.warehouse_no, p.position_no, b.batch_no, b.expire_date,
                   b.production_date, d.num, d.modified
                 FROM stock_detail d JOIN stock_spec s ON s.id = d.stock_spec_id
                 JOIN warehouse w ON w.id = s.warehouse_id JOIN position p ON p.id = d.position_id
                 LEFT JOIN batch b ON b.id = d.batch_id
                 WHERE s.seller_id = ? AND d.num <> 0 AND d.stock_spec_id IN ({})",
                in_list(chunk.len())
            );
            let sql = batched(&sql, self.pg());
            let q = chunk
                .iter()
                .fold(sqlx::query(&sql).bind(caller.seller_id), |q, id| {
                    q.bind(*id)
                });
            for r in q.fetch_all(&self.pool).await? {
                let warehouse_no: String = r.try_get("warehouse_no")?;
                if !caller.warehouses.allows(&warehouse_no) {
                    continue;
                }
                out.push(StockDetailRow {
                    rec_id: r.try_get("id")?,
                    stock_spec_id: r.try_get("stock_spec_id")?,
                    warehouse_no,
                    position_no: r.try_get("position_no")?,
                    batch_no: opt_text(&r, "batch_no")?,
                    expire_date: opt_text(&r, "expire_date")?,
                    production_date: opt_text(&r, "production_date")?,
                    num: dec(&r, "num")?,
                    modified: r.try_get("modified")?,
                });
            }
        }
        // In the order the ids were given, then by position and batch.
        let rank: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        out.sort_by(|a, b| {
            rank[&a.stock_spec_id]
                .cmp(&rank[&b.stock_spec_id])
                .then_with(|| a.position_no.cmp(&b.position_no))
                .then_with(|| a.batch_no.cmp(&b.batch_no))
        });
        Ok(out)
    }
}

// ---- stocktake stock-ins and stock-outs (queryStockPdInDetail / OutDetail) ----

/// Which side of a stocktake: its gains (a stock-in, 盘盈入库) or its losses (a stock-out,
/// 盘亏出库).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PdSide {
    Gain,
    Loss,
}

impl PdSide {
    /// The ledger's io_type of the side's postings.
    pub fn io_type(self) -> i64 {
        match self {
            PdSide::Gain => 1,
            PdSide::Loss => 2,
        }
    }
    /// The status the side's document has: a stocktake's stock-in and stock-out exist only
    /// once it is applied, and are then complete — 80 已完成 (stock-in), 110 已完成
    /// (stock-out).
    pub fn done_status(self) -> i64 {
        match self {
            PdSide::Gain => 80,
            PdSide::Loss => 110,
        }
    }
    /// The stock-out's order_type (4 盘亏出库); none for a stock-in.
    pub fn order_type(self) -> Option<i64> {
        match self {
            PdSide::Gain => None,
            PdSide::Loss => Some(4),
        }
    }
}

#[derive(Clone, Debug)]
pub struct PdIoQuery {
    pub side: PdSide,
    /// Required without `io_no` or `pd_no`; at most 30 days.
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    /// 1 last modification (default), 2 check (stock-in) / consign (stock-out) time. Both are
    /// the moment the stocktake was applied: its stock-in/out is never modified afterwards.
    pub time_type: Option<i64>,
    /// Statuses joined with commas; see [`PdSide::done_status`].
    pub status: Option<String>,
    pub warehouse_no: Option<String>,
    /// The stock-in / stock-out number (`RK…` / `CK…`).
    pub io_no: Option<String>,
    /// The stocktake's number.
    pub pd_no: Option<String>,
}

/// The stock-in (gains) or stock-out (losses) of one applied stocktake.
#[derive(Clone, Debug)]
pub struct PdIoOrder {
    pub side: PdSide,
    /// Decided: the stocktake's id (a stocktake's stock-in/out is not a document of its own;
    /// its number is the one its postings carry).
    pub pd_id: i64,
    pub pd_no: String,
    /// The stock-in / stock-out number.
    pub io_no: String,
    /// See [`PdSide::done_status`].
    pub status: i64,
    pub warehouse_id: i64,
    pub warehouse_no: String,
    pub warehouse_name: String,
    /// The stocktake's remark.
    pub pd_remark: String,
    /// Who applied it.
    pub operator: String,
    /// The stocktake's creation.
    pub created: i64,
    /// When it was applied (stockin_time, check_time, consign_time).
    pub posted: i64,
    pub goods_count: Dec4,
    pub lines: Vec<PdIoLine>,
}

/// One posting: the quantity gained or lost at one position and batch.
#[derive(Clone, Debug)]
pub struct PdIoLine {
    pub rec_id: i64,
    pub pd_id: i64,
    pub io_no: String,
    pub spec_id: i64,
    pub spec_no: String,
    pub spec_name: String,
    pub barcode: String,
    pub goods_no: String,
    pub goods_name: String,
    pub defect: bool,
    pub position_no: String,
    pub batch_no: String,
    pub expire_date: String,
    pub production_date: String,
    /// Always positive.
    pub num: Dec4,
    pub operator: String,
    pub remark: String,
    pub posted: i64,
}

/// Header rows of a page, before their lines.
struct PdIoHead {
    pd_id: i64,
    pd_no: String,
    warehouse_id: i64,
    warehouse_no: String,
    warehouse_name: String,
    remark: String,
    created: i64,
}

/// Orders from their headers (in page order) and their lines (in posting order). Pure.
fn assemble(side: PdSide, heads: Vec<PdIoHead>, lines: Vec<PdIoLine>) -> Vec<PdIoOrder> {
    let mut by_pd: HashMap<i64, Vec<PdIoLine>> = HashMap::new();
    for l in lines {
        by_pd.entry(l.pd_id).or_default().push(l);
    }
    heads
        .into_iter()
        .map(|h| {
            let lines = by_pd.remove(&h.pd_id).unwrap_or_default();
            let first = lines.first();
            PdIoOrder {
                side,
                pd_id: h.pd_id,
                pd_no: h.pd_no,
                io_no: first.map(|l| l.io_no.clone()).unwrap_or_default(),
                status: side.done_status(),
                warehouse_id: h.warehouse_id,
                warehouse_no: h.warehouse_no,
                warehouse_name: h.warehouse_name,
                pd_remark: h.remark,
                operator: first.map(|l| l.operator.clone()).unwrap_or_default(),
                created: h.created,
                posted: first.map_or(h.created, |l| l.posted),
                goods_count: lines
                    .iter()
                    .fold(Dec4::ZERO, |a, l| a.checked_add(l.num).unwrap_or(a)),
                lines,
            }
        })
        .collect()
}

const PD_VIEW: &str = "(SELECT d.id AS pd_id, d.seller_id, d.kind, d.doc_no, d.status, d.warehouse_id, w.warehouse_no,
    w.name AS warehouse_name, d.mode, d.creator, d.remark, COALESCE(d.outer_no, '') AS outer_no, d.created, d.modified
  FROM document d JOIN warehouse w ON w.id = d.warehouse_id) v";

impl Store {
    /// The stock-ins (gains) or stock-outs (losses) of applied stocktakes, by stocktake
    /// (flagship `wms.StockPd.queryStockPdInDetail` / `queryStockPdOutDetail`), each with its
    /// postings. A stocktake without gains has no stock-in (and without losses no stock-out);
    /// one stored but not applied has neither. Refused (`CoreError::Problems`): a bad or
    /// missing window, a bad status list or time type, an unknown or hidden warehouse.
    pub async fn query_pd_io(
        &self,
        caller: &Caller,
        q: &PdIoQuery,
        page: Page,
    ) -> CoreResult<(Vec<PdIoOrder>, i64)> {
        let mut p = Problems::new();
        let io_no = q.io_no.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let pd_no = q.pd_no.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let window = time_window(
            &mut p,
            q.start_time.as_deref(),
            q.end_time.as_deref(),
            io_no.is_none() && pd_no.is_none(),
        );
        if let Some(t) = q.time_type.filter(|t| ![1, 2].contains(t)) {
            p.push(
                Field::Attribute("time_type"),
                None,
                Kind::Invalid {
                    value: t.to_string(),
                },
            );
        }
        let statuses = status_list(&mut p, q.status.as_deref());
        let warehouses = self
            .visible_warehouses(caller, q.warehouse_no.as_deref(), &mut p)
            .await?;
        p.finish()?;
        if !statuses.is_empty() && !statuses.contains(&q.side.done_status()) {
            return Ok((Vec::new(), 0));
        }
        let io_type = q.side.io_type();
        let mut w = Filter::new("seller_id", caller.seller_id);
        w.text("kind = $?", KIND_STOCKTAKE);
        w.int("status = $?", PdStatus::Done.code());
        w.ints_in("warehouse_id", &warehouses);
        if let Some((from, to)) = window {
            w.int("modified >= $?", from);
            w.int("modified <= $?", to);
        }
        w.maybe_text("doc_no = $?", pd_no);
        // `document_io` finds the stocktake of a stock-in/out number; only a number of this
        // side names it (a stock-in's number finds no stock-out).
        let by_number = format!(
            "pd_id IN (SELECT d.document_id FROM document_io d WHERE d.seller_id = $1 AND d.stockio_no = $? AND d.io_type = {io_type})"
        );
        w.maybe_text(&by_number, io_no);
        // A stocktake has a stock-in (stock-out) when it posted gains (losses).
        w.int(
            "EXISTS (SELECT 1 FROM document_io d WHERE d.document_id = pd_id AND d.io_type = $?)",
            io_type,
        );
        let (rows, total) = w.fetch(self, PD_VIEW, "pd_id", page).await?;
        let heads = rows
            .iter()
            .map(|r| {
                Ok(PdIoHead {
                    pd_id: r.try_get("pd_id")?,
                    pd_no: r.try_get("doc_no")?,
                    warehouse_id: r.try_get("warehouse_id")?,
                    warehouse_no: r.try_get("warehouse_no")?,
                    warehouse_name: r.try_get("warehouse_name")?,
                    remark: r.try_get("remark")?,
                    created: r.try_get("created")?,
                })
            })
            .collect::<CoreResult<Vec<_>>>()?;
        let ids: Vec<i64> = heads.iter().map(|h| h.pd_id).collect();
        let mut lines = Vec::new();
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT l.id, l.document_id, l.stockio_no, l.num, l.operator, l.remark, l.created, s.spec_id, s.defect,
                   sp.spec_no, sp.spec_name, sp.barcode, g.goods_no, g.goods_name, p.position_no, b.batch_no,
                   b.expire_date, b.production_date
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
            let sql = batched(&sql, self.pg());
            let q = chunk
                .iter()
                .fold(sqlx::query(&sql), |q, id| q.bind(*id))
                .bind(io_type);
            for r in q.fetch_all(&self.pool).await? {
                lines.push(PdIoLine {
                    rec_id: r.try_get("id")?,
                    pd_id: r.try_get("document_id")?,
                    io_no: r.try_get("stockio_no")?,
                    spec_id: r.try_get("spec_id")?,
                    spec_no: r.try_get("spec_no")?,
                    spec_name: r.try_get("spec_name")?,
                    barcode: r.try_get("barcode")?,
                    goods_no: r.try_get("goods_no")?,
                    goods_name: r.try_get("goods_name")?,
                    defect: r.try_get::<i64, _>("defect")? != 0,
                    position_no: r.try_get("position_no")?,
                    batch_no: opt_text(&r, "batch_no")?,
                    expire_date: opt_text(&r, "expire_date")?,
                    production_date: opt_text(&r, "production_date")?,
                    num: dec(&r, "num")?,
                    operator: r.try_get("operator")?,
                    remark: r.try_get("remark")?,
                    posted: r.try_get("created")?,
                });
            }
        }
        Ok((assemble(q.side, heads, lines), total))
    }
}

// ---- stocktake orders (enterprise stock_pd_order_query.php) ----

#[derive(Clone, Debug, Default)]
pub struct PdOrderQuery {
    pub warehouse_no: Option<String>,
    pub pd_no: Option<String>,
    /// Last modification; optional (without any filter every stocktake is answered), both
    /// needed once either is given, at most 30 days.
    pub start_time: Option<String>,
    pub end_time: Option<String>,
}

#[derive(Clone, Debug)]
pub struct PdOrderRow {
    pub pd_id: i64,
    pub pd_no: String,
    /// The caller's `api_outer_no`, `""` when none.
    pub outer_no: String,
    pub warehouse_id: i64,
    pub warehouse_no: String,
    pub warehouse_name: String,
    /// 10 cancelled, 35 stored (pending), 40 applied.
    pub status: i64,
    /// 0 whole specs, 1 positions.
    pub mode: i64,
    pub creator: String,
    pub remark: String,
    /// The numbers of its gains' stock-in and its losses' stock-out, `""` when none.
    pub in_no: String,
    pub out_no: String,
    pub created: i64,
    pub modified: i64,
    pub lines: Vec<PdOrderLine>,
}

impl PdOrderRow {
    /// Σ counted quantity.
    pub fn goods_count(&self) -> Dec4 {
        self.lines
            .iter()
            .fold(Dec4::ZERO, |a, l| a.checked_add(l.new_num).unwrap_or(a))
    }
}

#[derive(Clone, Debug)]
pub struct PdOrderLine {
    pub rec_id: i64,
    pub spec_id: i64,
    pub spec_no: String,
    pub spec_name: String,
    pub barcode: String,
    pub goods_no: String,
    pub goods_name: String,
    /// The counted position; `""` for a whole-warehouse line.
    pub position_no: String,
    pub defect: bool,
    pub old_num: Dec4,
    pub new_num: Dec4,
    /// See [`gain_loss`].
    pub gain: Dec4,
    pub loss: Dec4,
    pub remark: String,
    pub created: i64,
}

impl Store {
    /// Stocktakes of any status with their lines (enterprise `stock_pd_order_query.php`), by
    /// id. Refused (`CoreError::Problems`): a bad or half-given window, an unknown or hidden
    /// warehouse.
    pub async fn query_pd_orders(
        &self,
        caller: &Caller,
        q: &PdOrderQuery,
        page: Page,
    ) -> CoreResult<(Vec<PdOrderRow>, i64)> {
        let mut p = Problems::new();
        let window = time_window(
            &mut p,
            q.start_time.as_deref(),
            q.end_time.as_deref(),
            false,
        );
        let warehouses = self
            .visible_warehouses(caller, q.warehouse_no.as_deref(), &mut p)
            .await?;
        p.finish()?;
        let mut w = Filter::new("seller_id", caller.seller_id);
        w.text("kind = $?", KIND_STOCKTAKE);
        w.ints_in("warehouse_id", &warehouses);
        if let Some((from, to)) = window {
            w.int("modified >= $?", from);
            w.int("modified <= $?", to);
        }
        w.maybe_text(
            "doc_no = $?",
            q.pd_no.as_deref().map(str::trim).filter(|s| !s.is_empty()),
        );
        let (rows, total) = w.fetch(self, PD_VIEW, "pd_id", page).await?;
        let mut out = rows
            .iter()
            .map(|r| {
                Ok(PdOrderRow {
                    pd_id: r.try_get("pd_id")?,
                    pd_no: r.try_get("doc_no")?,
                    outer_no: r.try_get("outer_no")?,
                    warehouse_id: r.try_get("warehouse_id")?,
                    warehouse_no: r.try_get("warehouse_no")?,
                    warehouse_name: r.try_get("warehouse_name")?,
                    status: r.try_get("status")?,
                    mode: r.try_get("mode")?,
                    creator: r.try_get("creator")?,
                    remark: r.try_get("remark")?,
                    in_no: String::new(),
                    out_no: String::new(),
                    created: r.try_get("created")?,
                    modified: r.try_get("modified")?,
                    lines: Vec::new(),
                })
            })
            .collect::<CoreResult<Vec<_>>>()?;
        let ids: Vec<i64> = out.iter().map(|o| o.pd_id).collect();
        let mut lines: HashMap<i64, Vec<PdOrderLine>> = HashMap::new();
        let mut numbers: HashMap<(i64, i64), String> = HashMap::new();
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT pd.id, pd.document_id, pd.spec_id, s.spec_no, s.spec_name, s.barcode, g.goods_no, g.goods_name,
                   p.position_no, pd.defect, pd.old_num, pd.new_num, pd.remark, pd.created
                 FROM pd_detail pd JOIN spec s ON s.id = pd.spec_id JOIN goods g ON g.id = s.goods_id
                 LEFT JOIN position p ON p.id = pd.position_id
                 WHERE pd.document_id IN ({}) ORDER BY pd.id",
                in_list(chunk.len())
            );
            let sql = batched(&sql, self.pg());
            let q = chunk.iter().fold(sqlx::query(&sql), |q, id| q.bind(*id));
            for r in q.fetch_all(&self.pool).await? {
                let (old_num, new_num) = (dec(&r, "old_num")?, dec(&r, "new_num")?);
                let (gain, loss) = gain_loss(old_num, new_num);
                lines
                    .entry(r.try_get("document_id")?)
                    .or_default()
                    .push(PdOrderLine {
                        rec_id: r.try_get("id")?,
                        spec_id: r.try_get("spec_id")?,
                        spec_no: r.try_get("spec_no")?,
                        spec_name: r.try_get("spec_name")?,
                        barcode: r.try_get("barcode")?,
                        goods_no: r.try_get("goods_no")?,
                        goods_name: r.try_get("goods_name")?,
                        position_no: opt_text(&r, "position_no")?,
                        defect: r.try_get::<i64, _>("defect")? != 0,
                        old_num,
                        new_num,
                        gain,
                        loss,
                        remark: r.try_get("remark")?,
                        created: r.try_get("created")?,
                    });
            }
            let sql = format!(
                "SELECT document_id, io_type, stockio_no FROM document_io WHERE document_id IN ({})",
                in_list(chunk.len())
            );
            let sql = batched(&sql, self.pg());
            let q = chunk.iter().fold(sqlx::query(&sql), |q, id| q.bind(*id));
            for r in q.fetch_all(&self.pool).await? {
                numbers.insert((r.try_get(0)?, r.try_get(1)?), r.try_get(2)?);
            }
        }
        for o in &mut out {
            o.lines = lines.remove(&o.pd_id).unwrap_or_default();
            o.in_no = numbers.remove(&(o.pd_id, 1)).unwrap_or_default();
            o.out_no = numbers.remove(&(o.pd_id, 2)).unwrap_or_default();
        }
        Ok((out, total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Dec4 {
        s.parse().unwrap()
    }

    #[test]
    fn gains_and_losses_split_by_the_count() {
        assert_eq!(gain_loss(d("3"), d("5.5")), (d("2.5"), Dec4::ZERO));
        assert_eq!(gain_loss(d("5"), d("1.25")), (Dec4::ZERO, d("3.75")));
        assert_eq!(gain_loss(d("4"), d("4")), (Dec4::ZERO, Dec4::ZERO));
        assert_eq!(
            gain_loss(Dec4::ZERO, d("0.0001")),
            (d("0.0001"), Dec4::ZERO)
        );
    }

    #[test]
    fn windows_are_checked_into_problems() {
        let mut p = Problems::new();
        assert_eq!(time_window(&mut p, None, Some(""), false), None);
        assert!(p.is_empty(), "no window, none needed");
        let w = time_window(
            &mut p,
            Some("2025-11-01 00:00:00"),
            Some("2025-11-30 00:00:00"),
            true,
        );
        assert!(w.is_some() && p.is_empty());
        assert_eq!(time_window(&mut p, None, None, true), None);
        assert_eq!(
            time_window(
                &mut p,
                Some("2025-11-01 00:00:00"),
                Some("2025-12-02 00:00:00"),
                true
            ),
            None
        );
        assert_eq!(
            time_window(
                &mut p,
                Some("2025-11-02 00:00:00"),
                Some("2025-11-01 00:00:00"),
                false
            ),
            None
        );
        assert_eq!(
            time_window(&mut p, Some("2025/11/01"), None, false),
            None,
            "half a window"
        );
        let kinds: Vec<(Field, Kind)> = p
            .into_vec()
            .into_iter()
            .map(|p| (p.field, p.kind))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (Field::StartTime, Kind::Missing),
                (Field::EndTime, Kind::Missing),
                (Field::EndTime, Kind::SpanTooLong { max_days: 30 }),
                (Field::EndTime, Kind::EndBeforeStart),
                (
                    Field::StartTime,
                    Kind::BadTime {
                        value: "2025/11/01".into()
                    }
                ),
                (Field::EndTime, Kind::Missing),
            ]
        );
    }

    #[test]
    fn id_lists_and_status_lists_parse() {
        let mut p = Problems::new();
        assert_eq!(
            stock_ids(&mut p, Some(9), Some("13047, 1,2,,1")),
            vec![13047, 1, 2]
        );
        assert_eq!(stock_ids(&mut p, Some(9), Some("")), vec![9]);
        assert!(p.is_empty());
        assert_eq!(stock_ids(&mut p, None, Some("1,x,-2")), vec![1]);
        assert_eq!(stock_ids(&mut p, None, None), Vec::<i64>::new());
        assert_eq!(status_list(&mut p, Some("80, 110,")), vec![80, 110]);
        assert_eq!(status_list(&mut p, Some("8o")), Vec::<i64>::new());
        let kinds: Vec<Kind> = p.into_vec().into_iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            vec![
                Kind::Invalid { value: "x".into() },
                Kind::Invalid { value: "-2".into() },
                Kind::Missing,
                Kind::Invalid { value: "8o".into() },
            ]
        );
    }

    #[test]
    fn postings_group_into_one_order_per_stocktake() {
        let line = |rec_id, pd_id, num: &str, posted| PdIoLine {
            rec_id,
            pd_id,
            io_no: format!("RK{pd_id}"),
            spec_id: 1,
            spec_no: "A".into(),
            spec_name: String::new(),
            barcode: String::new(),
            goods_no: String::new(),
            goods_name: String::new(),
            defect: false,
            position_no: "P".into(),
            batch_no: String::new(),
            expire_date: String::new(),
            production_date: String::new(),
            num: d(num),
            operator: "app".into(),
            remark: String::new(),
            posted,
        };
        let head = |pd_id| PdIoHead {
            pd_id,
            pd_no: format!("PD{pd_id}"),
            warehouse_id: 1,
            warehouse_no: "WH01".into(),
            warehouse_name: "主仓".into(),
            remark: "r".into(),
            created: 5,
        };
        let orders = assemble(
            PdSide::Gain,
            vec![head(2), head(1)],
            vec![
                line(10, 1, "1.5", 7),
                line(11, 2, "2", 8),
                line(12, 1, "3", 7),
            ],
        );
        assert_eq!(orders.len(), 2);
        assert_eq!((orders[0].pd_id, orders[0].io_no.as_str()), (2, "RK2"));
        assert_eq!(orders[1].goods_count, d("4.5"));
        assert_eq!(orders[1].lines.len(), 2);
        assert_eq!((orders[1].status, orders[1].posted), (80, 7));
        assert_eq!(PdSide::Loss.done_status(), 110);
        assert_eq!(PdSide::Loss.order_type(), Some(4));
    }

    #[test]
    fn nothing_available_is_out_of_stock() {
        assert_eq!(AvailableStatus::of(Dec4::ZERO).code(), 1);
        assert_eq!(AvailableStatus::of(d("0.0001")).code(), 0);
    }
}

#[cfg(test)]
mod db_tests {
    use super::*;
    use crate::auth::WarehousePerm;
    use crate::stocktake::{Stocktake, StocktakeKind, StocktakeLine};
    use crate::CoreError;

    const ALL: Page = Page {
        page_no: 0,
        page_size: 100,
    };

    fn d(s: &str) -> Dec4 {
        s.parse().unwrap()
    }

    fn line(spec_no: &str, new_num: &str) -> StocktakeLine {
        StocktakeLine {
            spec_no: spec_no.into(),
            position_no: None,
            remark: String::new(),
            new_num: new_num.into(),
            defect: false,
        }
    }

    /// Demo stock in WH01: G001-RED-M 10; G002-1L 5 (B20251201) + 3 (B20251101). The count
    /// gains 5 of the first and loses 6 of the second.
    async fn counted(store: &Store, caller: &Caller) -> String {
        let done = store
            .stocktake(
                caller,
                Stocktake {
                    kind: StocktakeKind::Order { check: true },
                    warehouse_no: "WH01".into(),
                    defect_mode: 0,
                    remark: "cycle".into(),
                    strict: true,
                    lines: vec![line("G001-RED-M", "15"), line("G002-1L", "2")],
                    outer_no: None,
                    by_position: false,
                    create_stock: false,
                },
            )
            .await
            .expect("stocktake");
        done.pd_no
    }

    fn pd_io(side: PdSide) -> PdIoQuery {
        PdIoQuery {
            side,
            start_time: None,
            end_time: None,
            time_type: None,
            status: None,
            warehouse_no: None,
            io_no: None,
            pd_no: None,
        }
    }

    fn kinds(e: CoreError) -> Vec<(Field, Kind)> {
        match e {
            CoreError::Problems(v) => v.into_iter().map(|p| (p.field, p.kind)).collect(),
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_stocktake_answers_its_gains_and_losses() {
        for (store, caller, _db) in crate::testdb::demos("pd-io").await {
            let pd_no = counted(&store, &caller).await;
            let gains = PdIoQuery {
                pd_no: Some(pd_no.clone()),
                ..pd_io(PdSide::Gain)
            };
            let (orders, total) = store.query_pd_io(&caller, &gains, ALL).await.unwrap();
            assert_eq!(total, 1);
            let gain = &orders[0];
            assert!(gain.io_no.starts_with("RK"), "{}", gain.io_no);
            assert_eq!((gain.goods_count, gain.status), (d("5"), 80));
            assert_eq!(gain.lines.len(), 1);
            assert_eq!(gain.lines[0].spec_no, "G001-RED-M");
            assert_eq!(gain.pd_remark, "cycle");

            let losses = PdIoQuery {
                pd_no: Some(pd_no.clone()),
                ..pd_io(PdSide::Loss)
            };
            let (orders, _) = store.query_pd_io(&caller, &losses, ALL).await.unwrap();
            let loss = &orders[0];
            assert!(loss.io_no.starts_with("CK"), "{}", loss.io_no);
            assert_eq!(loss.goods_count, d("6"));
            // Earliest expiry first: all 3 of B20251101, then 3 of B20251201.
            let taken: Vec<(&str, Dec4)> = loss
                .lines
                .iter()
                .map(|l| (l.batch_no.as_str(), l.num))
                .collect();
            assert_eq!(taken, vec![("B20251101", d("3")), ("B20251201", d("3"))]);

            // By its stock-out number alone; a status it never has answers nothing.
            let by_no = PdIoQuery {
                io_no: Some(loss.io_no.clone()),
                ..pd_io(PdSide::Loss)
            };
            let (orders, _) = store.query_pd_io(&caller, &by_no, ALL).await.unwrap();
            assert_eq!(orders[0].pd_no, pd_no);
            let wrong = PdIoQuery {
                status: Some("80".into()),
                ..by_no.clone()
            };
            assert_eq!(store.query_pd_io(&caller, &wrong, ALL).await.unwrap().1, 0);
            // A stock-in number does not name the stock-out side.
            let crossed = PdIoQuery {
                io_no: Some(gain.io_no.clone()),
                ..pd_io(PdSide::Loss)
            };
            // Decided: it finds nothing, as no stock-out has that number (the stocktake's
            // stock-out is found by its own number or by the stocktake's).
            let (orders, total) = store.query_pd_io(&caller, &crossed, ALL).await.unwrap();
            assert_eq!((orders.len(), total), (0, 0));

            // A window of today finds it; without any filter the window is required.
            let now = clock::now_millis();
            let window = PdIoQuery {
                start_time: Some(clock::format_millis(now - 3_600_000)),
                end_time: Some(clock::format_millis(now + 3_600_000)),
                time_type: Some(2),
                ..pd_io(PdSide::Gain)
            };
            assert_eq!(store.query_pd_io(&caller, &window, ALL).await.unwrap().1, 1);
            let e = store
                .query_pd_io(&caller, &pd_io(PdSide::Gain), ALL)
                .await
                .unwrap_err();
            assert_eq!(
                kinds(e),
                vec![
                    (Field::StartTime, Kind::Missing),
                    (Field::EndTime, Kind::Missing)
                ]
            );

            // Another app that may not see WH01 sees none of it.
            let other = Caller {
                warehouses: WarehousePerm::Only(vec!["WH02".into()]),
                ..caller.clone()
            };
            assert_eq!(store.query_pd_io(&other, &gains, ALL).await.unwrap().1, 0);
            let hidden = PdIoQuery {
                warehouse_no: Some("WH01".into()),
                ..gains.clone()
            };
            let e = store.query_pd_io(&other, &hidden, ALL).await.unwrap_err();
            assert_eq!(
                kinds(e),
                vec![(
                    Field::WarehouseNo,
                    Kind::Unknown {
                        value: "WH01".into()
                    }
                )]
            );
        }
    }

    #[tokio::test]
    async fn stocktake_orders_carry_their_lines_and_numbers() {
        for (store, caller, _db) in crate::testdb::demos("pd-orders").await {
            let pd_no = counted(&store, &caller).await;
            let (orders, total) = store
                .query_pd_orders(&caller, &PdOrderQuery::default(), ALL)
                .await
                .unwrap();
            assert_eq!(total, 1);
            let o = &orders[0];
            assert_eq!((o.pd_no.as_str(), o.status), (pd_no.as_str(), 40));
            assert!(o.in_no.starts_with("RK") && o.out_no.starts_with("CK"));
            let split: Vec<(&str, Dec4, Dec4)> = o
                .lines
                .iter()
                .map(|l| (l.spec_no.as_str(), l.gain, l.loss))
                .collect();
            assert_eq!(
                split,
                vec![
                    ("G001-RED-M", d("5"), Dec4::ZERO),
                    ("G002-1L", Dec4::ZERO, d("6"))
                ]
            );
            assert_eq!(o.goods_count(), d("17"));
            let q = PdOrderQuery {
                start_time: Some("2020-01-01 00:00:00".into()),
                ..Default::default()
            };
            let e = store.query_pd_orders(&caller, &q, ALL).await.unwrap_err();
            assert_eq!(kinds(e), vec![(Field::EndTime, Kind::Missing)]);
        }
    }

    #[tokio::test]
    async fn stock_records_and_their_positions() {
        for (store, caller, _db) in crate::testdb::demos("stock").await {
            counted(&store, &caller).await;
            let q = StockSpecQuery {
                spec_nos: vec!["G002-1L".into(), "NOPE".into()],
                ..Default::default()
            };
            let (rows, total) = store.query_stock_specs(&caller, &q, ALL).await.unwrap();
            assert_eq!(total, 1);
            assert_eq!((rows[0].num, rows[0].available), (d("2"), d("2")));
            assert_eq!(rows[0].status, AvailableStatus::Normal);

            let now = clock::now_millis();
            let by_goods = StockSpecQuery {
                goods_no: Some("G001".into()),
                warehouse_no: Some("WH01".into()),
                start_time: Some(clock::format_millis(now - 3_600_000)),
                end_time: Some(clock::format_millis(now + 3_600_000)),
                ..Default::default()
            };
            let (rows, _) = store
                .query_stock_specs(&caller, &by_goods, ALL)
                .await
                .unwrap();
            let specs: Vec<&str> = rows.iter().map(|r| r.spec_no.as_str()).collect();
            assert_eq!(specs, ["G001-RED-M"]);
            let e = store
                .query_stock_specs(&caller, &StockSpecQuery::default(), ALL)
                .await
                .unwrap_err();
            assert_eq!(kinds(e).len(), 2);

            let (milk, _) = store.query_stock_specs(&caller, &q, ALL).await.unwrap();
            let list = format!("{},999999", milk[0].rec_id);
            let details = store
                .query_stock_details(&caller, Some(1), Some(&list))
                .await
                .unwrap();
            // The emptied B20251101 row is left out.
            let got: Vec<(&str, Dec4)> = details
                .iter()
                .map(|r| (r.batch_no.as_str(), r.num))
                .collect();
            assert_eq!(got, vec![("B20251201", d("2"))]);
            assert_eq!(details[0].expire_date, "2026-12-01");
            let e = store
                .query_stock_details(&caller, None, Some("1,a"))
                .await
                .unwrap_err();
            assert_eq!(
                kinds(e),
                vec![(Field::StockId, Kind::Invalid { value: "a".into() })]
            );
            let other = Caller {
                warehouses: WarehousePerm::Only(vec!["WH02".into()]),
                ..caller.clone()
            };
            assert!(store
                .query_stock_details(&other, Some(milk[0].rec_id), None)
                .await
                .unwrap()
                .is_empty());
        }
    }
}
