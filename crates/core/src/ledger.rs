//! The one place stock changes: every change of a stock row is a ledger posting of a
//! document, written in the same transaction, in batches.

use std::collections::HashMap;

use sqlx::{Any, Row, Transaction};

use crate::error::{CoreError, CoreResult};
use crate::store::{batched, in_list, is_pg, values_list, CHUNK};

/// Stock of one position+batch of a warehouse+spec+defect. `id` is `None` until written.
#[derive(Clone, Debug)]
pub(crate) struct DetailStock {
    pub id: Option<i64>,
    pub position_id: i64,
    pub position_no: String,
    pub batch_id: i64,
    pub batch_no: String,
    pub expire_date: Option<String>,
    pub num: i64,
    touched: bool,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct SpecStock {
    pub id: Option<i64>,
    pub num: i64,
    pub details: Vec<DetailStock>,
    touched: bool,
}

/// The stock of some specs of one warehouse, read inside the writing transaction.
#[derive(Clone)]
pub(crate) struct Snapshot {
    pub warehouse_id: i64,
    pub specs: HashMap<(i64, bool), SpecStock>,
}

/// One change of one stock row.
pub(crate) struct Move {
    pub spec_id: i64,
    pub defect: bool,
    pub position_id: i64,
    pub batch_id: i64,
    /// Signed change in 1/10000.
    pub delta: i64,
    pub remark: String,
}

/// The document the postings belong to.
pub(crate) struct Posting<'a> {
    pub seller_id: i64,
    pub document_id: i64,
    pub src_order_type: i64,
    pub operator: &'a str,
    /// Stock-in number for increases, stock-out number for decreases.
    pub in_no: &'a str,
    pub out_no: &'a str,
    /// Stocktakes stamp `last_pd_time`, everything else `last_inout_time`.
    pub is_stocktake: bool,
}

pub(crate) async fn load(
    tx: &mut Transaction<'static, Any>,
    warehouse_id: i64,
    spec_ids: &[i64],
) -> CoreResult<Snapshot> {
    let mut snap = Snapshot {
        warehouse_id,
        specs: HashMap::new(),
    };
    let mut by_id: HashMap<i64, (i64, bool)> = HashMap::new();
    // Read in index order (see `write_specs`).
    let mut spec_ids = spec_ids.to_vec();
    spec_ids.sort_unstable();
    spec_ids.dedup();
    for chunk in spec_ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT id, spec_id, defect, num FROM stock_spec WHERE warehouse_id = ? AND spec_id IN ({})",
            in_list(chunk.len())
        );
        let sql = batched(&sql, is_pg(tx));
        let mut q = sqlx::query(&sql).bind(warehouse_id);
        for id in chunk {
            q = q.bind(*id);
        }
        for row in q.fetch_all(&mut **tx).await? {
            let id: i64 = row.try_get(0)?;
            let key = (row.try_get::<i64, _>(1)?, row.try_get::<i64, _>(2)? != 0);
            by_id.insert(id, key);
            snap.specs.insert(
                key,
                SpecStock {
                    id: Some(id),
                    num: row.try_get(3)?,
                    ..Default::default()
                },
            );
        }
    }
    let mut ids: Vec<i64> = by_id.keys().copied().collect();
    ids.sort_unstable();
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT d.id, d.stock_spec_id, d.position_id, p.position_no, d.batch_id, b.batch_no, b.expire_date, d.num
             FROM stock_detail d JOIN position p ON p.id = d.position_id LEFT JOIN batch b ON b.id = d.batch_id
             WHERE d.stock_spec_id IN ({})",
            in_list(chunk.len())
        );
        let sql = batched(&sql, is_pg(tx));
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        for row in q.fetch_all(&mut **tx).await? {
            let key = by_id[&row.try_get::<i64, _>(1)?];
            let spec = snap
                .specs
                .get_mut(&key)
                .expect("detail of a loaded stock_spec");
            spec.details.push(DetailStock {
                id: Some(row.try_get(0)?),
                position_id: row.try_get(2)?,
                position_no: row.try_get(3)?,
                batch_id: row.try_get(4)?,
                batch_no: row.try_get::<Option<String>, _>(5)?.unwrap_or_default(),
                expire_date: row.try_get(6)?,
                num: row.try_get(7)?,
                touched: false,
            });
        }
    }
    Ok(snap)
}

impl Snapshot {
    /// No stock read: a command refused before it loaded any.
    pub fn empty(warehouse_id: i64) -> Snapshot {
        Snapshot {
            warehouse_id,
            specs: HashMap::new(),
        }
    }

    pub fn spec_num(&self, spec_id: i64, defect: bool) -> i64 {
        self.specs.get(&(spec_id, defect)).map_or(0, |s| s.num)
    }

    /// Takes a planned stock-out's move off the snapshot's rows (pure; the rows it names exist,
    /// as `take_out` chose them), so that a later line of the same document sees what is left.
    pub fn debit(&mut self, m: &Move) {
        if let Some(spec) = self.specs.get_mut(&(m.spec_id, m.defect)) {
            spec.num += m.delta;
            if let Some(d) = spec
                .details
                .iter_mut()
                .find(|d| d.position_id == m.position_id && d.batch_id == m.batch_id)
            {
                d.num += m.delta;
            }
        }
    }

    /// Stock of a spec at one position, all batches.
    pub fn position_num(&self, spec_id: i64, defect: bool, position_id: i64) -> i64 {
        self.specs.get(&(spec_id, defect)).map_or(0, |s| {
            s.details
                .iter()
                .filter(|d| d.position_id == position_id)
                .map(|d| d.num)
                .sum()
        })
    }

    /// Moves that take `qty` out of a spec's rows (of one position and one batch, if given):
    /// earliest expiry first (rows without one last), then position_no, then batch_no. Never
    /// takes a row below zero; takes less than `qty` when the rows hold less.
    pub fn take_out(
        &self,
        spec_id: i64,
        defect: bool,
        position: Option<i64>,
        batch: Option<i64>,
        qty: i64,
        remark: &str,
    ) -> Vec<Move> {
        let Some(spec) = self.specs.get(&(spec_id, defect)) else {
            return Vec::new();
        };
        let mut rows: Vec<&DetailStock> = spec
            .details
            .iter()
            .filter(|d| {
                d.num > 0
                    && position.is_none_or(|p| p == d.position_id)
                    && batch.is_none_or(|b| b == d.batch_id)
            })
            .collect();
        rows.sort_by(|a, b| {
            let exp = match (&a.expire_date, &b.expire_date) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            };
            exp.then_with(|| a.position_no.cmp(&b.position_no))
                .then_with(|| a.batch_no.cmp(&b.batch_no))
        });
        let mut left = qty;
        let mut moves = Vec::new();
        for d in rows {
            if left == 0 {
                break;
            }
            let n = left.min(d.num);
            left -= n;
            moves.push(Move {
                spec_id,
                defect,
                position_id: d.position_id,
                batch_id: d.batch_id,
                delta: -n,
                remark: remark.to_string(),
            });
        }
        moves
    }
}

struct LedgerRow {
    spec: (i64, bool),
    detail_index: usize,
    io_type: i64,
    num: i64,
    old: i64,
    new: i64,
    remark: String,
}

/// Applies `moves` in order: updates the snapshot, writes the stock rows and one posting per
/// move. A move that would take a row below zero is refused as inconsistent.
pub(crate) async fn apply(
    tx: &mut Transaction<'static, Any>,
    snap: &mut Snapshot,
    moves: Vec<Move>,
    p: &Posting<'_>,
    now: i64,
) -> CoreResult<()> {
    let rows = moves
        .into_iter()
        .filter(|m| m.delta != 0)
        .map(|m| book(snap, m))
        .collect::<CoreResult<Vec<_>>>()?;
    if rows.is_empty() {
        return Ok(());
    }
    write_specs(tx, snap, p, now).await?;
    write_details(tx, snap, now).await?;
    write_postings(tx, snap, &rows, p, now).await
}

/// Books one move in the snapshot (pure): its stock row, found or added, and its spec's total
/// change; answers the posting that records it.
fn book(snap: &mut Snapshot, m: Move) -> CoreResult<LedgerRow> {
    let key = (m.spec_id, m.defect);
    let spec = snap.specs.entry(key).or_default();
    let idx = match spec
        .details
        .iter()
        .position(|d| d.position_id == m.position_id && d.batch_id == m.batch_id)
    {
        Some(i) => i,
        None => {
            spec.details.push(DetailStock {
                id: None,
                position_id: m.position_id,
                position_no: String::new(),
                batch_id: m.batch_id,
                batch_no: String::new(),
                expire_date: None,
                num: 0,
                touched: false,
            });
            spec.details.len() - 1
        }
    };
    let detail = &mut spec.details[idx];
    let new_detail = detail.num.checked_add(m.delta).ok_or_else(stock_overflow)?;
    if new_detail < 0 {
        return Err(CoreError::Inconsistent(format!(
            "stock row {:?} would go below zero",
            detail.id
        )));
    }
    detail.num = new_detail;
    detail.touched = true;
    let old = spec.num;
    spec.num = old.checked_add(m.delta).ok_or_else(stock_overflow)?;
    spec.touched = true;
    Ok(LedgerRow {
        spec: key,
        detail_index: idx,
        io_type: if m.delta > 0 { 1 } else { 2 },
        num: m.delta.abs(),
        old,
        new: spec.num,
        remark: m.remark,
    })
}

/// A line's quantity was valid, but the stock it would leave is not a decimal(19,4).
fn stock_overflow() -> CoreError {
    CoreError::Problems(vec![crate::problem::Problem {
        field: crate::problem::Field::Total(crate::problem::Total::Stock),
        line: None,
        subject: None,
        kind: crate::problem::Kind::TotalOutOfRange,
    }])
}

/// Inserts the postings, [`CHUNK`] to a statement, and records each side's id range.
async fn write_postings(
    tx: &mut Transaction<'static, Any>,
    snap: &Snapshot,
    rows: &[LedgerRow],
    p: &Posting<'_>,
    now: i64,
) -> CoreResult<()> {
    // The id range of this document's postings of each side, for `document_io`.
    let mut ranges: [Option<(i64, i64)>; 2] = [None, None];
    for chunk in rows.chunks(CHUNK) {
        let sql = format!(
            "INSERT INTO ledger (seller_id, document_id, stock_detail_id, io_type, src_order_type, stockio_no, num,
             stock_num_old, stock_num_new, operator, remark, created) VALUES {}{}",
            values_list(chunk.len(), 12),
            if is_pg(tx) { " RETURNING id, io_type" } else { "" }
        );
        let sql = batched(&sql, is_pg(tx));
        let mut q = sqlx::query(&sql);
        for r in chunk {
            let detail_id = snap.specs[&r.spec].details[r.detail_index]
                .id
                .expect("written above");
            q = q
                .bind(p.seller_id)
                .bind(p.document_id)
                .bind(detail_id)
                .bind(r.io_type)
                .bind(p.src_order_type)
                .bind(if r.io_type == 1 { p.in_no } else { p.out_no })
                .bind(r.num)
                .bind(r.old)
                .bind(r.new)
                .bind(p.operator)
                .bind(r.remark.as_str())
                .bind(now);
        }
        let ids = if is_pg(tx) {
            q.fetch_all(&mut **tx)
                .await?
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                .collect::<CoreResult<Vec<(i64, i64)>>>()?
        } else {
            q.execute(&mut **tx).await?;
            // sqlx's Any driver does not pass SQLite's last rowid on.
            let last: i64 = sqlx::query_scalar("SELECT last_insert_rowid()")
                .fetch_one(&mut **tx)
                .await?;
            sqlite_ids(last, chunk)
        };
        for (id, io_type) in ids {
            let range = &mut ranges[usize::from(io_type == 2)];
            *range = Some(match *range {
                Some((lo, hi)) => (lo.min(id), hi.max(id)),
                None => (id, id),
            });
        }
    }
    record_io(tx, p, ranges).await
}

/// The `(id, io_type)` of each row of one multi-row SQLite insert, from the id of its last row.
///
/// SQLite numbers an AUTOINCREMENT table's rows one past the largest id ever used, row by row,
/// and the write transaction excludes every other writer, so one statement's rows have
/// consecutive ids. Reading them back with `RETURNING` instead cost 0.8 s of a 100,000-line
/// stocktake (a row decoded through sqlx's Any driver per posting).
fn sqlite_ids(last: i64, chunk: &[LedgerRow]) -> Vec<(i64, i64)> {
    let first = last - chunk.len() as i64 + 1;
    chunk
        .iter()
        .zip(first..)
        .map(|(r, id)| (id, r.io_type))
        .collect()
}

/// One `document_io` row per document and side: its stock-in/out number and the id range of its
/// postings. Reads find a document's postings by that range of the ledger's primary key and a
/// document by its number there, so the ledger carries no index per document or number (every
/// posting would pay for it).
async fn record_io(
    tx: &mut Transaction<'static, Any>,
    p: &Posting<'_>,
    ranges: [Option<(i64, i64)>; 2],
) -> CoreResult<()> {
    for (io_type, range) in [(1_i64, ranges[0]), (2, ranges[1])] {
        let Some((first, last)) = range else { continue };
        let no = if io_type == 1 { p.in_no } else { p.out_no };
        sqlx::query(
            "INSERT INTO document_io (document_id, io_type, seller_id, stockio_no, first_ledger_id, last_ledger_id)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (document_id, io_type) DO UPDATE SET
               first_ledger_id = CASE WHEN document_io.first_ledger_id < excluded.first_ledger_id
                                      THEN document_io.first_ledger_id ELSE excluded.first_ledger_id END,
               last_ledger_id = CASE WHEN document_io.last_ledger_id > excluded.last_ledger_id
                                     THEN document_io.last_ledger_id ELSE excluded.last_ledger_id END",
        )
        .bind(p.document_id)
        .bind(io_type)
        .bind(p.seller_id)
        .bind(no)
        .bind(first)
        .bind(last)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn write_specs(
    tx: &mut Transaction<'static, Any>,
    snap: &mut Snapshot,
    p: &Posting<'_>,
    now: i64,
) -> CoreResult<()> {
    // In key order, not the map's: rows are then written in the order of their index, and a
    // large document walks the B-tree once instead of jumping across it (which made a 200k-line
    // stocktake cost far more than 10 × a 20k-line one).
    let mut touched: Vec<(i64, bool)> = snap
        .specs
        .iter()
        .filter(|(_, s)| s.touched)
        .map(|(k, _)| *k)
        .collect();
    touched.sort_unstable();
    let (pd_time, io_time) = if p.is_stocktake {
        (Some(now), None)
    } else {
        (None, Some(now))
    };
    for chunk in touched.chunks(CHUNK) {
        let sql = format!(
            "INSERT INTO stock_spec (seller_id, warehouse_id, spec_id, defect, num, last_pd_time, last_inout_time, created, modified)
             VALUES {}
             ON CONFLICT (warehouse_id, spec_id, defect) DO UPDATE SET num = excluded.num, modified = excluded.modified,
               last_pd_time = COALESCE(excluded.last_pd_time, stock_spec.last_pd_time),
               last_inout_time = COALESCE(excluded.last_inout_time, stock_spec.last_inout_time)",
            values_list(chunk.len(), 9)
        );
        let sql = batched(&sql, is_pg(tx));
        let mut q = sqlx::query(&sql);
        for key in chunk {
            q = q
                .bind(p.seller_id)
                .bind(snap.warehouse_id)
                .bind(key.0)
                .bind(i64::from(key.1))
                .bind(snap.specs[key].num)
                .bind(pd_time)
                .bind(io_time)
                .bind(now)
                .bind(now);
        }
        q.execute(&mut **tx).await?;
        let missing: Vec<i64> = chunk
            .iter()
            .filter(|k| snap.specs[k].id.is_none())
            .map(|k| k.0)
            .collect();
        if !missing.is_empty() {
            let sql = format!(
                "SELECT id, spec_id, defect FROM stock_spec WHERE warehouse_id = ? AND spec_id IN ({})",
                in_list(missing.len())
            );
            let sql = batched(&sql, is_pg(tx));
            let mut q = sqlx::query(&sql).bind(snap.warehouse_id);
            for id in &missing {
                q = q.bind(*id);
            }
            for row in q.fetch_all(&mut **tx).await? {
                let key = (row.try_get::<i64, _>(1)?, row.try_get::<i64, _>(2)? != 0);
                if let Some(s) = snap.specs.get_mut(&key) {
                    s.id = Some(row.try_get(0)?);
                }
            }
        }
    }
    Ok(())
}

/// Writes every changed position/batch row, then learns the ids of the new ones.
async fn write_details(
    tx: &mut Transaction<'static, Any>,
    snap: &mut Snapshot,
    now: i64,
) -> CoreResult<()> {
    // (spec key, index into its details) of every changed row.
    let mut changed: Vec<((i64, bool), usize)> = Vec::new();
    for (key, s) in snap.specs.iter().filter(|(_, s)| s.touched) {
        changed.extend(
            s.details
                .iter()
                .enumerate()
                .filter(|(_, d)| d.touched)
                .map(|(i, _)| (*key, i)),
        );
    }
    // In stock row order, for the same reason as `write_specs`.
    changed.sort_unstable_by_key(|(key, i)| (snap.specs[key].id, *key, *i));
    let spec_row_id = |snap: &Snapshot, key: &(i64, bool)| {
        snap.specs[key]
            .id
            .ok_or_else(|| CoreError::Inconsistent("stock_spec row not written".into()))
    };
    for chunk in changed.chunks(CHUNK) {
        let sql = format!(
            "INSERT INTO stock_detail (stock_spec_id, position_id, batch_id, num, created, modified) VALUES {}
             ON CONFLICT (stock_spec_id, position_id, batch_id) DO UPDATE SET num = excluded.num, modified = excluded.modified",
            values_list(chunk.len(), 6)
        );
        let sql = batched(&sql, is_pg(tx));
        let mut q = sqlx::query(&sql);
        for (key, i) in chunk {
            let d = &snap.specs[key].details[*i];
            q = q
                .bind(spec_row_id(snap, key)?)
                .bind(d.position_id)
                .bind(d.batch_id)
                .bind(d.num)
                .bind(now)
                .bind(now);
        }
        q.execute(&mut **tx).await?;
    }
    let mut new_of: HashMap<i64, (i64, bool)> = HashMap::new();
    for (key, i) in &changed {
        if snap.specs[key].details[*i].id.is_none() {
            new_of.insert(spec_row_id(snap, key)?, *key);
        }
    }
    let mut ids: Vec<i64> = new_of.keys().copied().collect();
    ids.sort_unstable();
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT id, stock_spec_id, position_id, batch_id FROM stock_detail WHERE stock_spec_id IN ({})",
            in_list(chunk.len())
        );
        let sql = batched(&sql, is_pg(tx));
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        for row in q.fetch_all(&mut **tx).await? {
            let key = new_of[&row.try_get::<i64, _>(1)?];
            let (pos, batch): (i64, i64) = (row.try_get(2)?, row.try_get(3)?);
            let spec = snap.specs.get_mut(&key).expect("loaded");
            if let Some(d) = spec
                .details
                .iter_mut()
                .find(|d| d.position_id == pos && d.batch_id == batch)
            {
                d.id = Some(row.try_get(0)?);
            }
        }
    }
    Ok(())
}

/// Stock as [`load`] reads it, for other modules' tests.
#[cfg(test)]
impl SpecStock {
    pub(crate) fn loaded(details: Vec<DetailStock>) -> SpecStock {
        SpecStock {
            id: Some(1),
            num: details.iter().map(|d| d.num).sum(),
            details,
            touched: false,
        }
    }
}

#[cfg(test)]
impl DetailStock {
    pub(crate) fn loaded(position_id: i64, batch_id: i64, num: i64) -> DetailStock {
        DetailStock {
            id: Some(position_id * 100 + batch_id),
            position_id,
            position_no: format!("P{position_id}"),
            batch_id,
            batch_no: String::new(),
            expire_date: None,
            num,
            touched: false,
        }
    }
}

/// Changes the goods in transit into a warehouse (`stock_spec.transfer_num`), creating its
/// stock row at 0 stock when it has none: a two-step transfer's stock-outs add to it, its
/// stock-ins and stopped transfers take from it. Never below zero.
pub(crate) async fn transit(
    tx: &mut Transaction<'static, Any>,
    seller_id: i64,
    warehouse_id: i64,
    spec_id: i64,
    defect: bool,
    delta: i64,
    now: i64,
) -> CoreResult<()> {
    let row = sqlx::query(
        "INSERT INTO stock_spec (seller_id, warehouse_id, spec_id, defect, num, transfer_num, created, modified)
         VALUES ($1, $2, $3, $4, 0, $5, $6, $6)
         ON CONFLICT (warehouse_id, spec_id, defect) DO UPDATE SET
           transfer_num = stock_spec.transfer_num + excluded.transfer_num, modified = excluded.modified
         RETURNING transfer_num",
    )
    .bind(seller_id)
    .bind(warehouse_id)
    .bind(spec_id)
    .bind(i64::from(defect))
    .bind(delta)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let left: i64 = row.try_get(0)?;
    if left < 0 {
        return Err(CoreError::Inconsistent(format!(
            "goods in transit of spec {spec_id} into warehouse {warehouse_id} would go below zero"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        position_id: i64,
        position_no: &str,
        batch_no: &str,
        expire: Option<&str>,
        num: i64,
    ) -> DetailStock {
        DetailStock {
            id: Some(position_id * 100 + batch_no.len() as i64),
            position_id,
            position_no: position_no.into(),
            batch_id: batch_no.len() as i64,
            batch_no: batch_no.into(),
            expire_date: expire.map(str::to_string),
            num,
            touched: false,
        }
    }

    fn snapshot(details: Vec<DetailStock>) -> Snapshot {
        let num = details.iter().map(|d| d.num).sum();
        let mut specs = HashMap::new();
        specs.insert(
            (7, false),
            SpecStock {
                id: Some(1),
                num,
                details,
                touched: false,
            },
        );
        Snapshot {
            warehouse_id: 1,
            specs,
        }
    }

    #[test]
    fn stock_is_taken_earliest_expiry_first_then_by_position_and_batch() {
        let snap = snapshot(vec![
            row(2, "B-01", "", None, 5),
            row(1, "A-01", "LOT2", Some("2026-12-01"), 3),
            row(3, "C-01", "LOT1", Some("2026-11-01"), 2),
            row(1, "A-01", "", None, 4),
            row(4, "D-01", "EMPTY", Some("2025-01-01"), 0),
        ]);
        let moves = snap.take_out(7, false, None, None, 12, "r");
        let taken: Vec<(i64, i64)> = moves.iter().map(|m| (m.position_id, m.delta)).collect();
        // LOT1 (expires first), LOT2, then the rows without expiry by position_no; the empty
        // row is never touched and no row goes below zero.
        assert_eq!(taken, vec![(3, -2), (1, -3), (1, -4), (2, -3)]);
    }

    #[test]
    fn a_position_limits_where_stock_is_taken() {
        let snap = snapshot(vec![
            row(1, "A-01", "", None, 4),
            row(2, "B-01", "", None, 5),
        ]);
        let moves = snap.take_out(7, false, Some(2), None, 3, "");
        assert_eq!(moves.len(), 1);
        assert_eq!((moves[0].position_id, moves[0].delta), (2, -3));
        assert_eq!(snap.position_num(7, false, 2), 5);
        assert!(
            snap.take_out(7, true, None, None, 1, "").is_empty(),
            "no defect stock"
        );
    }

    #[test]
    fn booking_moves_records_each_rows_stock_before_and_after() {
        let mut snap = snapshot(vec![row(1, "A-1", "", None, 5)]);
        let mv = |position_id, delta| Move {
            spec_id: 7,
            defect: false,
            position_id,
            batch_id: 0,
            delta,
            remark: String::new(),
        };
        let a = book(&mut snap, mv(1, -3)).unwrap();
        let b = book(&mut snap, mv(2, 4)).unwrap();
        assert_eq!((a.io_type, a.num, a.old, a.new), (2, 3, 5, 2));
        assert_eq!((b.io_type, b.num, b.old, b.new), (1, 4, 2, 6));
        let spec = &snap.specs[&(7, false)];
        let nums: Vec<_> = spec
            .details
            .iter()
            .map(|d| (d.position_id, d.num))
            .collect();
        assert_eq!(
            nums,
            [(1, 2), (2, 4)],
            "a move to a new position adds its row"
        );
        assert!(matches!(
            book(&mut snap, mv(1, -3)),
            Err(CoreError::Inconsistent(_))
        ));
        assert!(matches!(
            book(&mut snap, mv(2, i64::MAX)),
            Err(CoreError::Problems(_))
        ));
    }
}
