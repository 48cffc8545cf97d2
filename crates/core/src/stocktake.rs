//! The stocktake that overwrites on-hand stock (flagship `wms.StockPd.stockSyncByPd`):
//! create, count and settle in one step.

use std::collections::{HashMap, HashSet};

use openwdt_wire::fields::{char_len, shown};
use openwdt_wire::Dec4;
use sqlx::{Any, Row, Transaction};

use crate::auth::Caller;
use crate::clock;
use crate::error::{CoreError, CoreResult};
use crate::ledger::{self, Move, Posting};
use crate::store::{in_list, next_doc_no, values_list, Store, CHUNK};

pub const SRC_ORDER_TYPE_PD: i64 = 4;
pub const PD_STATUS_DONE: i64 = 40;

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
}

#[derive(Debug)]
pub struct StocktakeDone {
    pub pd_id: i64,
    pub pd_no: String,
    /// Lines not applied (defect flag outside the mode, unknown or deleted spec), in input
    /// order, each spec_no once.
    pub skipped: Vec<String>,
}

pub(crate) struct Warehouse {
    pub id: i64,
}

/// The warehouse by number, if it exists for the seller and the app may use it.
pub(crate) async fn resolve_warehouse(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    warehouse_no: &str,
) -> CoreResult<Option<Warehouse>> {
    if !caller.warehouses.allows(warehouse_no) {
        return Ok(None);
    }
    let row = sqlx::query("SELECT id FROM warehouse WHERE seller_id = $1 AND warehouse_no = $2")
        .bind(caller.seller_id)
        .bind(warehouse_no)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(match row {
        Some(r) => Some(Warehouse { id: r.try_get(0)? }),
        None => None,
    })
}

pub(crate) async fn default_position(
    tx: &mut Transaction<'static, Any>,
    warehouse_id: i64,
) -> CoreResult<i64> {
    let row = sqlx::query("SELECT id FROM position WHERE warehouse_id = $1 AND is_default = 1")
        .bind(warehouse_id)
        .fetch_optional(&mut **tx)
        .await?;
    match row {
        Some(r) => Ok(r.try_get(0)?),
        None => Err(CoreError::Inconsistent(format!(
            "warehouse {warehouse_id} has no default position"
        ))),
    }
}

/// Live (not deleted) specs of a seller by spec_no.
pub(crate) async fn live_specs(
    tx: &mut Transaction<'static, Any>,
    seller_id: i64,
    spec_nos: &[&str],
) -> CoreResult<HashMap<String, i64>> {
    let mut found = HashMap::new();
    for chunk in spec_nos.chunks(CHUNK) {
        let sql = format!(
            "SELECT spec_no, id FROM spec WHERE seller_id = ? AND deleted = 0 AND spec_no IN ({})",
            in_list(chunk.len())
        );
        let mut q = sqlx::query(&sql).bind(seller_id);
        for s in chunk {
            q = q.bind(*s);
        }
        for row in q.fetch_all(&mut **tx).await? {
            found.insert(row.try_get(0)?, row.try_get(1)?);
        }
    }
    Ok(found)
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
        let counted: Vec<usize> = (0..cmd.lines.len())
            .filter(|&i| mode.counts(cmd.lines[i].defect))
            .collect();
        let mut seen = HashSet::new();
        let mut dup_reported = HashSet::new();
        for &i in &counted {
            let l = &cmd.lines[i];
            if !seen.insert((l.spec_no.as_str(), l.defect))
                && dup_reported.insert((l.spec_no.as_str(), l.defect))
            {
                problems.push(format!("货品 {} 重复!", shown(&l.spec_no)));
            }
        }

        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        let warehouse = resolve_warehouse(tx, caller, &cmd.warehouse_no).await?;
        if warehouse.is_none() {
            problems.insert(
                0,
                format!(
                    "仓库编号为 {} 的仓库不存在或无权限",
                    shown(&cmd.warehouse_no)
                ),
            );
        }
        let spec_nos: Vec<&str> = {
            let mut s: Vec<&str> = cmd.lines.iter().map(|l| l.spec_no.as_str()).collect();
            s.sort_unstable();
            s.dedup();
            s
        };
        let specs = live_specs(tx, caller.seller_id, &spec_nos).await?;
        let mut unknown: Vec<&str> = Vec::new();
        for l in &cmd.lines {
            if !specs.contains_key(&l.spec_no) && !unknown.contains(&l.spec_no.as_str()) {
                unknown.push(&l.spec_no);
            }
        }
        if cmd.strict && !unknown.is_empty() {
            let list: Vec<String> = unknown.iter().map(|s| shown(s)).collect();
            problems.push(format!("商家编码 {} 不存在或已删除", list.join(",")));
        }
        if !cmd.strict
            && !cmd.lines.is_empty()
            && cmd.lines.iter().all(|l| !specs.contains_key(&l.spec_no))
        {
            problems.push("商家编码全不存在或都已删除".to_string());
        }
        if !problems.is_empty() {
            return Err(CoreError::Rejected(problems));
        }
        let warehouse = warehouse.expect("checked above");

        let now = clock::now_millis();
        let pd_no = next_doc_no(tx, caller.seller_id, "WP", "%Y%m%d", now).await?;
        let doc = sqlx::query(
            "INSERT INTO document (seller_id, kind, doc_no, status, warehouse_id, creator, remark, mode, defect_mode, created, modified)
             VALUES ($1, 'pd', $2, $3, $4, $5, $6, 0, $7, $8, $8) RETURNING id",
        )
        .bind(caller.seller_id)
        .bind(&pd_no)
        .bind(PD_STATUS_DONE)
        .bind(warehouse.id)
        .bind(&caller.app_key)
        .bind(&cmd.remark)
        .bind(cmd.defect_mode)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        let pd_id: i64 = doc.try_get(0)?;

        let mut skipped: Vec<String> = Vec::new();
        let applied: Vec<usize> = (0..cmd.lines.len())
            .filter(|&i| {
                let l = &cmd.lines[i];
                let ok = mode.counts(l.defect) && specs.contains_key(&l.spec_no);
                if !ok && !skipped.contains(&l.spec_no) {
                    skipped.push(l.spec_no.clone());
                }
                ok
            })
            .collect();
        let spec_ids: Vec<i64> = applied
            .iter()
            .map(|&i| specs[&cmd.lines[i].spec_no])
            .collect();
        let mut snap = ledger::load(tx, warehouse.id, &spec_ids).await?;
        let default_pos = default_position(tx, warehouse.id).await?;

        // (spec_id, defect, old, new, remark) per applied line.
        let mut details = Vec::with_capacity(applied.len());
        let mut moves = Vec::new();
        for (&i, &spec_id) in applied.iter().zip(&spec_ids) {
            let l = &cmd.lines[i];
            let new = nums[i].expect("validated").raw();
            let old = snap.spec_num(spec_id, l.defect);
            details.push((spec_id, l.defect, old, new, l.remark.as_str()));
            if new > old {
                moves.push(Move {
                    spec_id,
                    defect: l.defect,
                    position_id: default_pos,
                    batch_id: 0,
                    delta: new - old,
                    remark: l.remark.clone(),
                });
            } else if new < old {
                moves.extend(snap.take_out(spec_id, l.defect, old - new, &l.remark));
            }
        }
        for chunk in details.chunks(CHUNK) {
            let sql = format!(
                "INSERT INTO pd_detail (document_id, spec_id, defect, old_num, new_num, remark, created) VALUES {}",
                values_list(chunk.len(), 7)
            );
            let mut q = sqlx::query(&sql);
            for d in chunk {
                q = q
                    .bind(pd_id)
                    .bind(d.0)
                    .bind(i64::from(d.1))
                    .bind(d.2)
                    .bind(d.3)
                    .bind(d.4)
                    .bind(now);
            }
            q.execute(&mut **tx).await?;
        }
        let in_no = if moves.iter().any(|m| m.delta > 0) {
            next_doc_no(tx, caller.seller_id, "RK", "%y%m%d", now).await?
        } else {
            String::new()
        };
        let out_no = if moves.iter().any(|m| m.delta < 0) {
            next_doc_no(tx, caller.seller_id, "CK", "%y%m%d", now).await?
        } else {
            String::new()
        };
        let posting = Posting {
            seller_id: caller.seller_id,
            document_id: pd_id,
            src_order_type: SRC_ORDER_TYPE_PD,
            operator: &caller.app_key,
            in_no: &in_no,
            out_no: &out_no,
            is_stocktake: true,
        };
        ledger::apply(tx, &mut snap, moves, &posting, now).await?;
        w.tx.commit().await?;
        Ok(StocktakeDone {
            pd_id,
            pd_no,
            skipped,
        })
    }
}
