//! The stocktake that overwrites on-hand stock (flagship `wms.StockPd.stockSyncByPd`):
//! create, count and settle in one step.

use std::collections::{HashMap, HashSet};

use openwdt_wire::fields::{char_len, shown};
use openwdt_wire::Dec4;
use sqlx::AnyConnection;
use sqlx::{Any, Row, Transaction};

use crate::auth::Caller;
use crate::clock;
use crate::document::{doc_by_outer_no, KIND_STOCKTAKE};
use crate::error::{CoreError, CoreResult};
use crate::ledger::{self, Move, Posting};
use crate::master::{default_position, live_specs, positions_of, resolve_warehouse, Warehouse};
use crate::problem::Field;
use crate::store::{
    batched, is_pg, next_doc_no, set_by_id, set_doc_status, values_list, Store, CHUNK,
};

pub use crate::document::PdStatus;
use crate::document::SrcOrderType;

/// Which lines a stocktake counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefectMode {
    All = 0,
    NormalOnly = 1,
    DefectOnly = 2,
}

impl DefectMode {
    fn from_code(c: i64) -> Option<DefectMode> {
        match c {
            0 => Some(DefectMode::All),
            1 => Some(DefectMode::NormalOnly),
            2 => Some(DefectMode::DefectOnly),
            _ => None,
        }
    }
    fn counts(self, defect: bool) -> bool {
        match self {
            DefectMode::All => true,
            DefectMode::NormalOnly => !defect,
            DefectMode::DefectOnly => defect,
        }
    }
}

pub struct StocktakeLine {
    pub spec_no: String,
    /// The counted position (position stocktake); the whole warehouse when `None`.
    pub position_no: Option<String>,
    pub remark: String,
    /// The counted quantity as sent (a JSON string, or a number's text); judged here.
    pub new_num: String,
    pub defect: bool,
}

pub struct Stocktake {
    pub warehouse_no: String,
    pub defect_mode: i64,
    pub remark: String,
    /// Strict mode (`is_post_error`): an unknown spec fails the whole stocktake.
    pub strict: bool,
    pub lines: Vec<StocktakeLine>,
    /// The integrator's number (enterprise `api_outer_no`), unique per seller.
    pub outer_no: Option<String>,
    /// Position stocktake (货位盘点): each line overwrites the stock of one position.
    pub by_position: bool,
    /// Apply now; otherwise the stocktake is stored pending until checked.
    pub check: bool,
    /// A spec with no stock record in the warehouse may be counted (a record is created);
    /// otherwise that line fails.
    pub create_stock: bool,
    /// `WP` (flagship) or `PD` (enterprise), followed by yyyyMMdd and a daily sequence.
    pub prefix: &'static str,
}

/// A line that could not be applied, and why.
#[derive(Debug, Clone)]
pub struct LineFailure {
    pub spec_no: String,
    pub position_no: String,
    pub reason: String,
}

#[derive(Debug)]
pub struct StocktakeDone {
    pub pd_id: i64,
    pub pd_no: String,
    /// Lines not applied (defect flag outside the mode, unknown or deleted spec), in input
    /// order, each spec_no once.
    pub skipped: Vec<String>,
    /// Lines that failed (non-strict mode), in input order.
    pub failed: Vec<LineFailure>,
}

/// One counted line, resolved.
struct PdLine {
    spec_id: i64,
    defect: bool,
    position_id: Option<i64>,
    new: i64,
    remark: String,
}

/// The stock each line finds, and the moves that make it the counted quantity.
fn plan(snap: &ledger::Snapshot, lines: &[PdLine], default_pos: i64) -> (Vec<i64>, Vec<Move>) {
    let mut olds = Vec::with_capacity(lines.len());
    let mut moves = Vec::new();
    for l in lines {
        let old = match l.position_id {
            Some(p) => snap.position_num(l.spec_id, l.defect, p),
            None => snap.spec_num(l.spec_id, l.defect),
        };
        olds.push(old);
        if l.new > old {
            moves.push(Move {
                spec_id: l.spec_id,
                defect: l.defect,
                position_id: l.position_id.unwrap_or(default_pos),
                batch_id: 0,
                delta: l.new - old,
                remark: l.remark.clone(),
            });
        } else if l.new < old {
            moves.extend(snap.take_out(l.spec_id, l.defect, l.position_id, old - l.new, &l.remark));
        }
    }
    (olds, moves)
}

/// Posts the moves of a stocktake under fresh stock-in/stock-out numbers.
async fn post(
    tx: &mut Transaction<'static, Any>,
    snap: &mut ledger::Snapshot,
    moves: Vec<Move>,
    seller_id: i64,
    pd_id: i64,
    operator: &str,
    now: i64,
) -> CoreResult<()> {
    let in_no = if moves.iter().any(|m| m.delta > 0) {
        next_doc_no(tx, seller_id, "RK", "%y%m%d", now).await?
    } else {
        String::new()
    };
    let out_no = if moves.iter().any(|m| m.delta < 0) {
        next_doc_no(tx, seller_id, "CK", "%y%m%d", now).await?
    } else {
        String::new()
    };
    let posting = Posting {
        seller_id,
        document_id: pd_id,
        src_order_type: SrcOrderType::Stocktake.code(),
        operator,
        in_no: &in_no,
        out_no: &out_no,
        is_stocktake: true,
    };
    ledger::apply(tx, snap, moves, &posting, now).await
}

/// The master data a stocktake names.
struct Resolved {
    warehouse: Option<Warehouse>,
    /// Live specs by spec_no.
    specs: HashMap<String, i64>,
    /// The warehouse's positions by number (position stocktakes only).
    positions: HashMap<String, i64>,
}

async fn resolve(
    conn: &mut AnyConnection,
    caller: &Caller,
    cmd: &Stocktake,
) -> CoreResult<Resolved> {
    let warehouse = resolve_warehouse(conn, caller, &cmd.warehouse_no).await?;
    let mut spec_nos: Vec<&str> = cmd.lines.iter().map(|l| l.spec_no.as_str()).collect();
    spec_nos.sort_unstable();
    spec_nos.dedup();
    let specs = live_specs(conn, caller.seller_id, &spec_nos).await?;
    let positions = match &warehouse {
        Some(w) if cmd.by_position => positions_of(conn, w.id).await?,
        _ => HashMap::new(),
    };
    Ok(Resolved {
        warehouse,
        specs,
        positions,
    })
}

/// The counted position of a line (position stocktakes), `""` otherwise.
fn position_key(cmd: &Stocktake, l: &StocktakeLine) -> String {
    if cmd.by_position {
        l.position_no.clone().unwrap_or_default()
    } else {
        String::new()
    }
}

/// Judges every line against master data and, once loaded, the stock: adds the request's
/// problems (strict mode refuses on any failed line; otherwise only when nothing can be
/// applied) and answers the lines that cannot be applied, with why.
fn judge(
    cmd: &Stocktake,
    mode: DefectMode,
    r: &Resolved,
    snap: Option<&ledger::Snapshot>,
    problems: &mut Vec<String>,
) -> Vec<(usize, LineFailure)> {
    if r.warehouse.is_none() {
        problems.insert(
            0,
            format!(
                "仓库编号为 {} 的仓库不存在或无权限",
                shown(&cmd.warehouse_no)
            ),
        );
    }
    let mut unknown: Vec<&str> = Vec::new();
    let mut unknown_set: HashSet<&str> = HashSet::new();
    let mut failed: Vec<(usize, LineFailure)> = Vec::new();
    for (i, l) in cmd.lines.iter().enumerate() {
        let fail = |reason: String| LineFailure {
            spec_no: l.spec_no.clone(),
            position_no: position_key(cmd, l),
            reason,
        };
        let Some(spec_id) = r.specs.get(&l.spec_no) else {
            if unknown_set.insert(&l.spec_no) {
                unknown.push(&l.spec_no);
            }
            failed.push((
                i,
                fail(format!("商家编码 {} 不存在或已删除", shown(&l.spec_no))),
            ));
            continue;
        };
        if !mode.counts(l.defect) {
            continue;
        }
        if cmd.by_position && r.warehouse.is_some() {
            let p = position_key(cmd, l);
            if !p.is_empty() && !r.positions.contains_key(&p) {
                failed.push((
                    i,
                    fail(format!(
                        "货位 {} 在仓库 {} 中不存在",
                        shown(&p),
                        shown(&cmd.warehouse_no)
                    )),
                ));
                continue;
            }
        }
        if let Some(snap) = snap {
            if !cmd.create_stock && !snap.specs.contains_key(&(*spec_id, l.defect)) {
                failed.push((
                    i,
                    fail(format!(
                        "商家编码 {} 在仓库 {} 没有库存记录(is_create_stock=1 时自动添加)",
                        shown(&l.spec_no),
                        shown(&cmd.warehouse_no)
                    )),
                ));
            }
        }
    }
    if cmd.strict && !failed.is_empty() {
        if !unknown.is_empty() {
            let list: Vec<String> = unknown.iter().map(|s| shown(s)).collect();
            problems.push(format!("商家编码 {} 不存在或已删除", list.join(",")));
        }
        problems.extend(
            failed
                .iter()
                .filter(|(_, f)| !unknown_set.contains(f.spec_no.as_str()))
                .map(|(_, f)| f.reason.clone()),
        );
    }
    if !cmd.strict && !cmd.lines.is_empty() {
        let failed_idx: HashSet<usize> = failed.iter().map(|(i, _)| *i).collect();
        let applicable = (0..cmd.lines.len())
            .any(|i| !failed_idx.contains(&i) && mode.counts(cmd.lines[i].defect));
        let any_known = cmd.lines.iter().any(|l| r.specs.contains_key(&l.spec_no));
        if !any_known {
            problems.push("商家编码全不存在或都已删除".to_string());
        } else if !applicable && !failed.is_empty() {
            problems.extend(failed.iter().map(|(_, f)| f.reason.clone()));
        }
    }
    failed
}

impl Store {
    pub async fn stocktake(&self, caller: &Caller, cmd: Stocktake) -> CoreResult<StocktakeDone> {
        let mut problems = Vec::new();
        if char_len(&cmd.warehouse_no) > 40 {
            problems.push(format!(
                "仓库编号 warehouse_no 超长(最多40个字符): {}",
                shown(&cmd.warehouse_no)
            ));
        }
        if let Some(o) = &cmd.outer_no {
            if char_len(o) > 40 {
                problems.push(format!(
                    "API单号 api_outer_no 超长(最多40个字符): {}",
                    shown(o)
                ));
            }
        }
        let mode = DefectMode::from_code(cmd.defect_mode);
        if mode.is_none() {
            problems.push(format!(
                "正残次品处理方式 defect_mode 不合法(应为 0、1 或 2): {}",
                cmd.defect_mode
            ));
        }
        if char_len(&cmd.remark) > 255 {
            problems.push(format!(
                "备注 remark 超长(最多255个字符): {}",
                shown(&cmd.remark)
            ));
        }
        let mut nums: Vec<Option<Dec4>> = Vec::with_capacity(cmd.lines.len());
        for line in &cmd.lines {
            let sp = shown(&line.spec_no);
            if line.spec_no.is_empty() {
                problems.push("商家编码 spec_no 不能为空".to_string());
            } else if char_len(&line.spec_no) > 40 {
                problems.push(format!("商家编码 spec_no 超长(最多40个字符): {sp}"));
            }
            if char_len(&line.remark) > 255 {
                problems.push(format!("商家编码 {sp} 的备注 remark 超长(最多255个字符)"));
            }
            if cmd.by_position {
                match line.position_no.as_deref().unwrap_or("") {
                    "" => problems.push(format!(
                        "商家编码 {sp} 的货位 position_no 不能为空(货位盘点)"
                    )),
                    p if char_len(p) > 20 => problems.push(format!(
                        "商家编码 {sp} 的货位 position_no 超长(最多20个字符): {}",
                        shown(p)
                    )),
                    _ => {}
                }
            }
            match Dec4::parse(&line.new_num) {
                Ok(n) if !n.is_negative() => nums.push(Some(n)),
                _ => {
                    problems.push(format!(
                        "商家编码 {sp} 的盘点数量 new_num 数量不合法: {}",
                        shown(&line.new_num)
                    ));
                    nums.push(None);
                }
            }
        }
        let mode = mode.unwrap_or(DefectMode::All);
        let position_of = |l: &StocktakeLine| position_key(&cmd, l);
        let mut seen = HashSet::new();
        let mut dup_reported = HashSet::new();
        for l in cmd.lines.iter().filter(|l| mode.counts(l.defect)) {
            let key = (l.spec_no.as_str(), l.defect, position_of(l));
            if !seen.insert(key.clone()) && dup_reported.insert(key) {
                problems.push(format!("货品 {} 重复!", shown(&l.spec_no)));
            }
        }

        // Master data is read before the write lock: a refusal that the stock cannot change
        // (every refusal of a stocktake that may create stock records, and every one without
        // a usable warehouse) is answered without ever taking it.
        let resolved = {
            let mut conn = self.pool.acquire().await?;
            // A retried push finds its first stocktake before anything else is judged.
            if let Some(o) = &cmd.outer_no {
                if let Some(dup) =
                    doc_by_outer_no(&mut conn, caller, KIND_STOCKTAKE, Field::OuterNo, o).await?
                {
                    return Err(dup);
                }
            }
            resolve(&mut conn, caller, &cmd).await?
        };
        if resolved.warehouse.is_none() || cmd.create_stock {
            let mut early = problems.clone();
            judge(&cmd, mode, &resolved, None, &mut early);
            if !early.is_empty() {
                return Err(CoreError::Rejected(early));
            }
        }

        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        if let Some(o) = &cmd.outer_no {
            if let Some(dup) =
                doc_by_outer_no(tx, caller, KIND_STOCKTAKE, Field::OuterNo, o).await?
            {
                return Err(dup);
            }
        }
        let snap = match &resolved.warehouse {
            Some(w) => {
                let ids: Vec<i64> = resolved.specs.values().copied().collect();
                Some(ledger::load(tx, w.id, &ids).await?)
            }
            None => None,
        };
        let failed = judge(&cmd, mode, &resolved, snap.as_ref(), &mut problems);
        let failed_idx: HashSet<usize> = failed.iter().map(|(i, _)| *i).collect();
        if !problems.is_empty() {
            return Err(CoreError::Rejected(problems));
        }
        let Resolved {
            warehouse,
            specs,
            positions,
        } = resolved;
        let warehouse = warehouse.expect("checked above");
        let mut snap = snap.expect("loaded with the warehouse");

        let now = clock::now_millis();
        let pd_no = next_doc_no(tx, caller.seller_id, cmd.prefix, "%Y%m%d", now).await?;
        let status = if cmd.check {
            PdStatus::Done.code()
        } else {
            PdStatus::Pending.code()
        };
        let doc = sqlx::query(
            "INSERT INTO document (seller_id, kind, doc_no, status, warehouse_id, creator, remark, mode, defect_mode, outer_no, created, modified)
             VALUES ($1, 'pd', $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
        )
        .bind(caller.seller_id)
        .bind(&pd_no)
        .bind(status)
        .bind(warehouse.id)
        .bind(&caller.app_key)
        .bind(&cmd.remark)
        .bind(i64::from(cmd.by_position))
        .bind(cmd.defect_mode)
        .bind(&cmd.outer_no)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        let pd_id: i64 = doc.try_get(0)?;

        let mut skipped: Vec<String> = Vec::new();
        let mut skipped_set: HashSet<&str> = HashSet::new();
        let mut lines = Vec::with_capacity(cmd.lines.len());
        for (i, l) in cmd.lines.iter().enumerate() {
            let ok = mode.counts(l.defect) && !failed_idx.contains(&i);
            if !ok {
                if skipped_set.insert(&l.spec_no) {
                    skipped.push(l.spec_no.clone());
                }
                continue;
            }
            lines.push(PdLine {
                spec_id: specs[&l.spec_no],
                defect: l.defect,
                position_id: cmd.by_position.then(|| positions[&position_of(l)]),
                new: nums[i].expect("validated").raw(),
                remark: l.remark.clone(),
            });
        }
        let default_pos = default_position(tx, warehouse.id).await?;
        let (olds, moves) = plan(&snap, &lines, default_pos);
        for chunk in lines.iter().zip(&olds).collect::<Vec<_>>().chunks(CHUNK) {
            let sql = format!(
                "INSERT INTO pd_detail (document_id, spec_id, defect, old_num, new_num, remark, created, position_id) VALUES {}",
                values_list(chunk.len(), 8)
            );
            let sql = batched(&sql, is_pg(tx));
            let mut q = sqlx::query(&sql);
            for (l, old) in chunk {
                q = q
                    .bind(pd_id)
                    .bind(l.spec_id)
                    .bind(i64::from(l.defect))
                    .bind(**old)
                    .bind(l.new)
                    .bind(l.remark.as_str())
                    .bind(now)
                    .bind(l.position_id);
            }
            q.execute(&mut **tx).await?;
        }
        if cmd.check {
            post(
                tx,
                &mut snap,
                moves,
                caller.seller_id,
                pd_id,
                &caller.app_key,
                now,
            )
            .await?;
        }
        w.tx.commit().await?;
        Ok(StocktakeDone {
            pd_id,
            pd_no,
            skipped,
            failed: failed.into_iter().map(|(_, f)| f).collect(),
        })
    }

    /// Applies a pending stocktake of the seller `sid` (`openwdt stocktake check`): each line
    /// overwrites the stock as it is now, and its old_num is set to what it found.
    pub async fn check_stocktake(&self, sid: &str, pd_no: &str) -> CoreResult<()> {
        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        let (seller_id, pd_id, warehouse_id) = pending_pd(tx, sid, pd_no).await?;
        let rows = sqlx::query(
            "SELECT id, spec_id, defect, position_id, new_num, remark FROM pd_detail WHERE document_id = $1 ORDER BY id",
        )
        .bind(pd_id)
        .fetch_all(&mut **tx)
        .await?;
        let mut ids = Vec::with_capacity(rows.len());
        let mut lines = Vec::with_capacity(rows.len());
        for r in &rows {
            ids.push(r.try_get::<i64, _>(0)?);
            lines.push(PdLine {
                spec_id: r.try_get(1)?,
                defect: r.try_get::<i64, _>(2)? != 0,
                position_id: r.try_get(3)?,
                new: r.try_get(4)?,
                remark: r.try_get(5)?,
            });
        }
        let spec_ids: Vec<i64> = lines.iter().map(|l| l.spec_id).collect();
        let mut snap = ledger::load(tx, warehouse_id, &spec_ids).await?;
        let default_pos = default_position(tx, warehouse_id).await?;
        let (olds, moves) = plan(&snap, &lines, default_pos);
        let found: Vec<(i64, i64)> = ids.iter().copied().zip(olds.iter().copied()).collect();
        set_by_id(tx, "pd_detail", "old_num", &found).await?;
        let now = clock::now_millis();
        post(tx, &mut snap, moves, seller_id, pd_id, "cli", now).await?;
        set_doc_status(tx, pd_id, PdStatus::Done.code(), now).await?;
        w.tx.commit().await?;
        Ok(())
    }

    /// Cancels a pending stocktake of the seller `sid` (`openwdt stocktake cancel`).
    pub async fn cancel_stocktake(&self, sid: &str, pd_no: &str) -> CoreResult<()> {
        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        let (_, pd_id, _) = pending_pd(tx, sid, pd_no).await?;
        set_doc_status(tx, pd_id, PdStatus::Cancelled.code(), clock::now_millis()).await?;
        w.tx.commit().await?;
        Ok(())
    }
}

/// (seller_id, document id, warehouse id) of a pending stocktake.
async fn pending_pd(
    tx: &mut Transaction<'static, Any>,
    sid: &str,
    pd_no: &str,
) -> CoreResult<(i64, i64, i64)> {
    let row = sqlx::query(
        "SELECT d.seller_id, d.id, d.warehouse_id, d.status FROM document d JOIN seller s ON s.id = d.seller_id
         WHERE s.sid = $1 AND d.kind = 'pd' AND d.doc_no = $2",
    )
    .bind(sid)
    .bind(pd_no)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(r) = row else {
        return Err(CoreError::rejected(format!(
            "卖家 {} 没有盘点单 {}",
            shown(sid),
            shown(pd_no)
        )));
    };
    let status: i64 = r.try_get(3)?;
    if status != PdStatus::Pending.code() {
        return Err(CoreError::rejected(format!(
            "盘点单 {} 状态为 {status}, 只有待审核({})的盘点单可以审核或取消",
            shown(pd_no),
            PdStatus::Pending.code()
        )));
    }
    Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(spec_no: &str) -> StocktakeLine {
        StocktakeLine {
            spec_no: spec_no.into(),
            position_no: None,
            remark: String::new(),
            new_num: "1".into(),
            defect: false,
        }
    }

    fn take(strict: bool, create_stock: bool, lines: &[&str]) -> Stocktake {
        Stocktake {
            warehouse_no: "W".into(),
            defect_mode: 0,
            remark: String::new(),
            strict,
            lines: lines.iter().map(|s| line(s)).collect(),
            outer_no: None,
            by_position: false,
            check: true,
            create_stock,
            prefix: "PD",
        }
    }

    fn known(specs: &[(&str, i64)]) -> Resolved {
        Resolved {
            warehouse: Some(Warehouse { id: 1 }),
            specs: specs.iter().map(|(s, i)| (s.to_string(), *i)).collect(),
            positions: HashMap::new(),
        }
    }

    #[test]
    fn strict_mode_names_each_unknown_spec_once_and_refuses() {
        let mut problems = Vec::new();
        let cmd = take(true, true, &["A", "X", "X", "Y"]);
        let failed = judge(
            &cmd,
            DefectMode::All,
            &known(&[("A", 1)]),
            None,
            &mut problems,
        );
        assert_eq!(failed.len(), 3);
        assert_eq!(problems, vec!["商家编码 X,Y 不存在或已删除".to_string()]);
    }

    #[test]
    fn lenient_mode_skips_unknown_specs_unless_nothing_is_known() {
        let mut problems = Vec::new();
        let cmd = take(false, true, &["A", "X"]);
        let failed = judge(
            &cmd,
            DefectMode::All,
            &known(&[("A", 1)]),
            None,
            &mut problems,
        );
        assert_eq!(failed.iter().map(|(i, _)| *i).collect::<Vec<_>>(), vec![1]);
        assert!(problems.is_empty());
        let cmd = take(false, true, &["X"]);
        judge(&cmd, DefectMode::All, &known(&[]), None, &mut problems);
        assert_eq!(problems, vec!["商家编码全不存在或都已删除".to_string()]);
    }

    #[test]
    fn a_missing_stock_record_fails_only_without_create_stock_once_stock_is_known() {
        let snap = ledger::Snapshot {
            warehouse_id: 1,
            specs: HashMap::new(),
        };
        let mut problems = Vec::new();
        let cmd = take(true, false, &["A"]);
        // Before the stock is read nothing can be said about records.
        assert!(judge(
            &cmd,
            DefectMode::All,
            &known(&[("A", 1)]),
            None,
            &mut problems
        )
        .is_empty());
        let failed = judge(
            &cmd,
            DefectMode::All,
            &known(&[("A", 1)]),
            Some(&snap),
            &mut problems,
        );
        assert_eq!(failed.len(), 1);
        assert!(problems[0].contains("没有库存记录"), "{problems:?}");
        let mut problems = Vec::new();
        let cmd = take(true, true, &["A"]);
        assert!(judge(
            &cmd,
            DefectMode::All,
            &known(&[("A", 1)]),
            Some(&snap),
            &mut problems
        )
        .is_empty());
        // No warehouse: said first.
        let mut problems = vec!["other".to_string()];
        let none = Resolved {
            warehouse: None,
            ..known(&[("A", 1)])
        };
        judge(&cmd, DefectMode::All, &none, None, &mut problems);
        assert!(problems[0].contains("仓库不存在或无权限"), "{problems:?}");
    }
}
