//! Stocktakes (盘点): a count that overwrites a warehouse's on-hand stock, as a stock sync
//! (flagship `wms.StockPd.stockSyncByPd`) or a stocktake order (enterprise
//! `stock_sync_by_pd.php`).
//!
//! A request goes through validate (the request alone) → resolve (master data, read before
//! the write lock) → judge (each line against master data and, under the lock, the stock) →
//! plan (the rows to store and the moves) → persist.

use std::collections::{HashMap, HashSet};

use openwdt_wire::fields::char_len;
use openwdt_wire::Dec4;
use sqlx::AnyConnection;
use sqlx::{Any, Row, Transaction};

use crate::auth::Caller;
use crate::clock;
use crate::document::{doc_by_outer_no, Series, SrcOrderType, KIND_STOCKTAKE};
use crate::error::{CoreError, CoreResult};
use crate::ledger::{self, Move, Posting, Snapshot};
use crate::master::{default_position, live_specs, positions_of, resolve_warehouse, Warehouse};
use crate::problem::{Field, Kind, Problem, Problems};
use crate::store::{set_by_id, set_doc_status, write_lines, AnyQuery, LineRow, Store};

pub use crate::document::PdStatus;

/// The longest warehouse_no, outer number and spec_no (both editions).
const MAX_NO: usize = 40;
const MAX_POSITION_NO: usize = 20;
const MAX_REMARK: usize = 255;

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

/// What document a count makes, which decides its number and when it applies.
///
/// Decided: the two editions' calls of the same name make different documents. The
/// flagship's `stockSyncByPd` is a stock sync: the count overwrites the stock in the same
/// step, and the document is numbered `WP…`. The enterprise's `stock_sync_by_pd.php` makes a
/// stocktake order (盘点单), numbered `PD…`, which applies now (`is_check=1`) or waits for
/// `openwdt stocktake check`. The number follows from the kind of document
/// (`document::Series`), not from which gateway asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StocktakeKind {
    /// A stock sync: applied at once.
    Sync,
    /// A stocktake order: applied now when `check`, else stored pending.
    Order { check: bool },
}

impl StocktakeKind {
    /// Whether the count overwrites the stock now; otherwise it is stored pending its check.
    fn applies_now(self) -> bool {
        match self {
            StocktakeKind::Sync => true,
            StocktakeKind::Order { check } => check,
        }
    }
    fn series(self) -> Series {
        match self {
            StocktakeKind::Sync => Series::StockSync,
            StocktakeKind::Order { .. } => Series::Stocktake,
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
    /// What document the count makes.
    pub kind: StocktakeKind,
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
    /// A spec with no stock record in the warehouse may be counted (a record is created);
    /// otherwise that line fails.
    pub create_stock: bool,
}

/// A line that could not be applied, and why.
#[derive(Debug, Clone)]
pub struct LineFailure {
    pub spec_no: String,
    /// The counted position (position stocktakes), `""` otherwise.
    pub position_no: String,
    /// Why, about the line's field; each edition words it.
    pub problem: Problem,
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

/// The counted position of a line (position stocktakes), `""` otherwise.
fn position_key<'l>(cmd: &Stocktake, l: &'l StocktakeLine) -> &'l str {
    if cmd.by_position {
        l.position_no.as_deref().unwrap_or("")
    } else {
        ""
    }
}

/// A line validation found nothing wrong with, its counted quantity parsed.
struct ValidLine<'a> {
    line: &'a StocktakeLine,
    new: Dec4,
}

/// What validation makes of a request.
struct Checked<'a> {
    /// The lines the stocktake counts: `All` when the mode given is invalid, so that the
    /// lines can still be judged and every problem answered at once.
    mode: DefectMode,
    /// Every line, in input order, once nothing is wrong with the request.
    lines: Option<Vec<ValidLine<'a>>>,
}

/// Checks what needs nothing stored, adding every problem found.
fn validate<'a>(cmd: &'a Stocktake, p: &mut Problems) -> Checked<'a> {
    let before = p.len();
    p.max_len(Field::WarehouseNo, None, &cmd.warehouse_no, MAX_NO);
    if let Some(o) = &cmd.outer_no {
        p.max_len(Field::OuterNo, None, o, MAX_NO);
    }
    let mode = DefectMode::from_code(cmd.defect_mode);
    if mode.is_none() {
        let value = cmd.defect_mode.to_string();
        p.push(
            Field::DefectMode,
            None,
            Kind::OutOfRange {
                value,
                min: 0,
                max: 2,
            },
        );
    }
    p.max_len(Field::Remark, None, &cmd.remark, MAX_REMARK);
    let mut lines = Vec::with_capacity(cmd.lines.len());
    for (i, line) in cmd.lines.iter().enumerate() {
        if let Some(new) = validate_line(cmd.by_position, i, line, p) {
            lines.push(ValidLine { line, new });
        }
    }
    let mode = mode.unwrap_or(DefectMode::All);
    repeated_lines(cmd, mode, p);
    Checked {
        mode,
        lines: (p.len() == before).then_some(lines),
    }
}

/// Checks one line; answers its counted quantity when that is one.
fn validate_line(by_position: bool, i: usize, l: &StocktakeLine, p: &mut Problems) -> Option<Dec4> {
    if l.spec_no.is_empty() {
        p.push(Field::SpecNo, Some(i), Kind::Missing);
    } else {
        p.max_len(Field::SpecNo, Some(i), &l.spec_no, MAX_NO);
    }
    let too_long = |max: usize, v: &str| Kind::TooLong {
        max,
        value: v.to_string(),
    };
    if char_len(&l.remark) > MAX_REMARK {
        p.push_about(
            Field::Remark,
            i,
            &l.spec_no,
            too_long(MAX_REMARK, &l.remark),
        );
    }
    if by_position {
        match l.position_no.as_deref().unwrap_or("") {
            "" => p.push_about(Field::PositionNo, i, &l.spec_no, Kind::PositionRequired),
            pos if char_len(pos) > MAX_POSITION_NO => p.push_about(
                Field::PositionNo,
                i,
                &l.spec_no,
                too_long(MAX_POSITION_NO, pos),
            ),
            _ => {}
        }
    }
    match Dec4::parse(&l.new_num) {
        Ok(n) if !n.is_negative() => Some(n),
        _ => {
            let value = l.new_num.clone();
            let kind = Kind::BadQuantity {
                value,
                zero_ok: true,
            };
            p.push_about(Field::Quantity, i, &l.spec_no, kind);
            None
        }
    }
}

/// Names each repeated line once: lines the mode counts that share spec, defect flag and
/// (position stocktakes) position. Lines the mode does not count may repeat.
fn repeated_lines(cmd: &Stocktake, mode: DefectMode, p: &mut Problems) {
    let mut seen = HashSet::new();
    let mut reported = HashSet::new();
    for (i, l) in cmd.lines.iter().enumerate() {
        if !mode.counts(l.defect) {
            continue;
        }
        let key = (l.spec_no.as_str(), l.defect, position_key(cmd, l));
        if !seen.insert(key) && reported.insert(key) {
            let value = l.spec_no.clone();
            p.push(Field::SpecNo, Some(i), Kind::RepeatedLine { value });
        }
    }
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

/// A retried push finds its first stocktake before anything else is judged.
async fn refuse_duplicate(
    conn: &mut AnyConnection,
    caller: &Caller,
    cmd: &Stocktake,
) -> CoreResult<()> {
    let Some(o) = &cmd.outer_no else {
        return Ok(());
    };
    match doc_by_outer_no(conn, caller, KIND_STOCKTAKE, Field::OuterNo, o).await? {
        Some(dup) => Err(dup),
        None => Ok(()),
    }
}

/// A line as judging sees it: one of the request, or one validation passed.
trait AsLine {
    fn line(&self) -> &StocktakeLine;
}

impl AsLine for StocktakeLine {
    fn line(&self) -> &StocktakeLine {
        self
    }
}

impl AsLine for ValidLine<'_> {
    fn line(&self) -> &StocktakeLine {
        self.line
    }
}

/// What becomes of one line.
enum Verdict {
    /// Counted: its spec and, in a position stocktake, its position.
    Count {
        spec_id: i64,
        position_id: Option<i64>,
    },
    /// Outside the defect mode: not counted, answered as skipped.
    Skip,
    /// Cannot be applied.
    Fail(Problem),
}

fn about(field: Field, i: usize, subject: Option<&str>, kind: Kind) -> Problem {
    Problem {
        field,
        line: Some(i),
        subject: subject.map(str::to_string),
        kind,
    }
}

/// Judges line `i` against master data and, once loaded, the stock.
fn verdict(
    cmd: &Stocktake,
    mode: DefectMode,
    r: &Resolved,
    snap: Option<&Snapshot>,
    i: usize,
    l: &StocktakeLine,
) -> Verdict {
    let Some(&spec_id) = r.specs.get(&l.spec_no) else {
        let kind = Kind::Unknown {
            value: l.spec_no.clone(),
        };
        return Verdict::Fail(about(Field::SpecNo, i, None, kind));
    };
    if !mode.counts(l.defect) {
        return Verdict::Skip;
    }
    let mut position_id = None;
    let p = position_key(cmd, l);
    // A missing position is validation's to report; without a warehouse there are none.
    if cmd.by_position && r.warehouse.is_some() && !p.is_empty() {
        let Some(&id) = r.positions.get(p) else {
            let kind = Kind::UnknownPosition {
                value: p.to_string(),
                warehouse: cmd.warehouse_no.clone(),
            };
            return Verdict::Fail(about(Field::PositionNo, i, Some(&l.spec_no), kind));
        };
        position_id = Some(id);
    }
    if let Some(snap) = snap {
        if !cmd.create_stock && !snap.specs.contains_key(&(spec_id, l.defect)) {
            let kind = Kind::NoStockRecord {
                value: l.spec_no.clone(),
                warehouse: cmd.warehouse_no.clone(),
            };
            return Verdict::Fail(about(Field::SpecNo, i, None, kind));
        }
    }
    Verdict::Count {
        spec_id,
        position_id,
    }
}

/// A line to count, with its spec and (position stocktakes) position.
struct Target<'l, L> {
    line: &'l L,
    spec_id: i64,
    position_id: Option<i64>,
}

/// How a request's lines fare.
struct Judged<'l, L> {
    counted: Vec<Target<'l, L>>,
    /// The spec_nos of lines not counted (outside the mode, or failed), in input order, each
    /// once.
    skipped: Vec<String>,
    /// Lines that cannot be applied, in input order.
    failed: Vec<LineFailure>,
}

/// Judges every line (`lines` is every line of the request, in input order) and adds the
/// request's problems: no warehouse (said first), and the failed lines that refuse it.
fn judge<'l, L: AsLine>(
    cmd: &Stocktake,
    mode: DefectMode,
    r: &Resolved,
    snap: Option<&Snapshot>,
    lines: &'l [L],
    p: &mut Problems,
) -> Judged<'l, L> {
    if r.warehouse.is_none() {
        let value = cmd.warehouse_no.clone();
        p.lead(Field::WarehouseNo, Kind::UnknownWarehouse { value });
    }
    let mut j = Judged {
        counted: Vec::with_capacity(lines.len()),
        skipped: Vec::new(),
        failed: Vec::new(),
    };
    let mut skipped: HashSet<&str> = HashSet::new();
    for (i, l) in lines.iter().enumerate() {
        let line = l.line();
        let problem = match verdict(cmd, mode, r, snap, i, line) {
            Verdict::Count {
                spec_id,
                position_id,
            } => {
                j.counted.push(Target {
                    line: l,
                    spec_id,
                    position_id,
                });
                continue;
            }
            Verdict::Skip => None,
            Verdict::Fail(problem) => Some(problem),
        };
        if skipped.insert(&line.spec_no) {
            j.skipped.push(line.spec_no.clone());
        }
        if let Some(problem) = problem {
            j.failed.push(LineFailure {
                spec_no: line.spec_no.clone(),
                position_no: position_key(cmd, line).to_string(),
                problem,
            });
        }
    }
    refuse_failed(cmd, r, lines, &j, p);
    j
}

/// Failed lines refuse a strict stocktake (an unknown spec named once); otherwise only one
/// that knows no spec at all or can apply nothing.
fn refuse_failed<L: AsLine>(
    cmd: &Stocktake,
    r: &Resolved,
    lines: &[L],
    j: &Judged<'_, L>,
    p: &mut Problems,
) {
    if cmd.strict {
        let mut named = HashSet::new();
        for f in &j.failed {
            let unknown = matches!(f.problem.kind, Kind::Unknown { .. });
            if !unknown || named.insert(f.spec_no.as_str()) {
                p.extend([f.problem.clone()]);
            }
        }
    } else if !lines.is_empty() {
        if !lines
            .iter()
            .any(|l| r.specs.contains_key(&l.line().spec_no))
        {
            p.push(Field::Lines, None, Kind::NoLiveSpec);
        } else if j.counted.is_empty() && !j.failed.is_empty() {
            p.extend(j.failed.iter().map(|f| f.problem.clone()));
        }
    }
}

/// Refuses before the write lock what the stock cannot change: every refusal of a request
/// without a usable warehouse, and of a stocktake that may create stock records (no line
/// fails for want of one). Answers the warehouse otherwise.
fn refuse_early(
    cmd: &Stocktake,
    mode: DefectMode,
    r: &Resolved,
    p: &mut Problems,
) -> CoreResult<i64> {
    let Some(warehouse) = &r.warehouse else {
        judge(cmd, mode, r, None, &cmd.lines, p);
        return Err(CoreError::Problems(std::mem::take(p).into_vec()));
    };
    if cmd.create_stock {
        judge(cmd, mode, r, None, &cmd.lines, p);
        if !p.is_empty() {
            return Err(CoreError::Problems(std::mem::take(p).into_vec()));
        }
    }
    Ok(warehouse.id)
}

/// One counted line, resolved.
struct PdLine {
    spec_id: i64,
    defect: bool,
    position_id: Option<i64>,
    new: i64,
    remark: String,
}

/// What a stocktake nothing is wrong with applies, and answers.
struct Decided {
    lines: Vec<PdLine>,
    skipped: Vec<String>,
    failed: Vec<LineFailure>,
}

/// Judges the request against the stock: the lines to count, or the refusal carrying every
/// problem found.
fn decide(
    cmd: &Stocktake,
    checked: Checked<'_>,
    r: &Resolved,
    snap: &Snapshot,
    mut p: Problems,
) -> CoreResult<Decided> {
    let Some(valid) = checked.lines else {
        judge(cmd, checked.mode, r, Some(snap), &cmd.lines, &mut p);
        return Err(CoreError::Problems(p.into_vec()));
    };
    let j = judge(cmd, checked.mode, r, Some(snap), &valid, &mut p);
    p.finish()?;
    let lines = j
        .counted
        .into_iter()
        .map(|t| PdLine {
            spec_id: t.spec_id,
            defect: t.line.line.defect,
            position_id: t.position_id,
            new: t.line.new.raw(),
            remark: t.line.line.remark.clone(),
        })
        .collect();
    Ok(Decided {
        lines,
        skipped: j.skipped,
        failed: j.failed,
    })
}

/// A stored line of a stocktake: the counted line and the stock it found (`old_num`).
struct PdDetail {
    line: PdLine,
    old: i64,
}

impl LineRow for PdDetail {
    const TABLE: &'static str = "pd_detail";
    const PARENT: &'static str = "document_id";
    const COLUMNS: &'static [&'static str] = &[
        "spec_id",
        "defect",
        "old_num",
        "new_num",
        "remark",
        "position_id",
    ];
    fn bind<'q>(&'q self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        let l = &self.line;
        q.bind(l.spec_id)
            .bind(i64::from(l.defect))
            .bind(self.old)
            .bind(l.new)
            .bind(l.remark.as_str())
            .bind(l.position_id)
    }
}

/// The stock a line finds; adds the moves that make it the counted quantity (increases into
/// the default position when the line names none, decreases as `take_out` chooses).
fn count(snap: &Snapshot, l: &PdLine, default_pos: i64, moves: &mut Vec<Move>) -> i64 {
    let old = match l.position_id {
        Some(p) => snap.position_num(l.spec_id, l.defect, p),
        None => snap.spec_num(l.spec_id, l.defect),
    };
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
        moves.extend(snap.take_out(
            l.spec_id,
            l.defect,
            l.position_id,
            None,
            old - l.new,
            &l.remark,
        ));
    }
    old
}

/// The rows a stocktake stores and the moves that apply it.
fn plan(snap: &Snapshot, lines: Vec<PdLine>, default_pos: i64) -> (Vec<PdDetail>, Vec<Move>) {
    let mut moves = Vec::new();
    let rows = lines
        .into_iter()
        .map(|line| PdDetail {
            old: count(snap, &line, default_pos, &mut moves),
            line,
        })
        .collect();
    (rows, moves)
}

/// Posts the moves of a stocktake under fresh stock-in/stock-out numbers.
async fn post(
    tx: &mut Transaction<'static, Any>,
    snap: &mut Snapshot,
    moves: Vec<Move>,
    seller_id: i64,
    pd_id: i64,
    operator: &str,
    now: i64,
) -> CoreResult<()> {
    let in_no = if moves.iter().any(|m| m.delta > 0) {
        Series::StockIn.next(tx, seller_id, now).await?
    } else {
        String::new()
    };
    let out_no = if moves.iter().any(|m| m.delta < 0) {
        Series::StockOut.next(tx, seller_id, now).await?
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

/// Stores the stocktake's document; answers its id.
async fn insert_pd(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &Stocktake,
    warehouse_id: i64,
    pd_no: &str,
    now: i64,
) -> CoreResult<i64> {
    let status = if cmd.kind.applies_now() {
        PdStatus::Done
    } else {
        PdStatus::Pending
    };
    let doc = sqlx::query(
        "INSERT INTO document (seller_id, kind, doc_no, status, warehouse_id, creator, remark, mode, defect_mode, outer_no, created, modified)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(caller.seller_id)
    .bind(KIND_STOCKTAKE)
    .bind(pd_no)
    .bind(status.code())
    .bind(warehouse_id)
    .bind(&caller.app_key)
    .bind(&cmd.remark)
    .bind(i64::from(cmd.by_position))
    .bind(cmd.defect_mode)
    .bind(&cmd.outer_no)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(doc.try_get(0)?)
}

/// Stores the stocktake and its lines and, when it applies now, posts its moves; answers its
/// id and number.
async fn persist(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &Stocktake,
    snap: &mut Snapshot,
    rows: &[PdDetail],
    moves: Vec<Move>,
) -> CoreResult<(i64, String)> {
    let now = clock::now_millis();
    let pd_no = cmd.kind.series().next(tx, caller.seller_id, now).await?;
    let pd_id = insert_pd(tx, caller, cmd, snap.warehouse_id, &pd_no, now).await?;
    write_lines(tx, pd_id, now, rows).await?;
    if cmd.kind.applies_now() {
        post(
            tx,
            snap,
            moves,
            caller.seller_id,
            pd_id,
            &caller.app_key,
            now,
        )
        .await?;
    }
    Ok((pd_id, pd_no))
}

impl Store {
    pub async fn stocktake(&self, caller: &Caller, cmd: Stocktake) -> CoreResult<StocktakeDone> {
        let mut problems = Problems::new();
        let checked = validate(&cmd, &mut problems);
        // Master data is read before the write lock: a refusal that the stock cannot change
        // is answered without ever taking it.
        let resolved = {
            let mut conn = self.pool.acquire().await?;
            refuse_duplicate(&mut conn, caller, &cmd).await?;
            resolve(&mut conn, caller, &cmd).await?
        };
        let warehouse_id = refuse_early(&cmd, checked.mode, &resolved, &mut problems)?;

        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        refuse_duplicate(tx, caller, &cmd).await?;
        let spec_ids: Vec<i64> = resolved.specs.values().copied().collect();
        let mut snap = ledger::load(tx, warehouse_id, &spec_ids).await?;
        let decided = decide(&cmd, checked, &resolved, &snap, problems)?;
        let default_pos = default_position(tx, warehouse_id).await?;
        let (rows, moves) = plan(&snap, decided.lines, default_pos);
        let (pd_id, pd_no) = persist(tx, caller, &cmd, &mut snap, &rows, moves).await?;
        w.tx.commit().await?;
        Ok(StocktakeDone {
            pd_id,
            pd_no,
            skipped: decided.skipped,
            failed: decided.failed,
        })
    }

    /// Applies a pending stocktake of the seller `sid` (`openwdt stocktake check`): each line
    /// overwrites the stock as it is now, and its old_num is set to what it found.
    pub async fn check_stocktake(&self, sid: &str, pd_no: &str) -> CoreResult<()> {
        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        let (seller_id, pd_id, warehouse_id) = pending_pd(tx, sid, pd_no).await?;
        let lines = stored_lines(tx, pd_id).await?;
        let spec_ids: Vec<i64> = lines.iter().map(|(_, l)| l.spec_id).collect();
        let mut snap = ledger::load(tx, warehouse_id, &spec_ids).await?;
        let default_pos = default_position(tx, warehouse_id).await?;
        let mut moves = Vec::new();
        let found: Vec<(i64, i64)> = lines
            .iter()
            .map(|(id, l)| (*id, count(&snap, l, default_pos, &mut moves)))
            .collect();
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

/// A stored stocktake's lines, each with its row id.
async fn stored_lines(
    tx: &mut Transaction<'static, Any>,
    pd_id: i64,
) -> CoreResult<Vec<(i64, PdLine)>> {
    let rows = sqlx::query(
        "SELECT id, spec_id, defect, position_id, new_num, remark FROM pd_detail WHERE document_id = $1 ORDER BY id",
    )
    .bind(pd_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut lines = Vec::with_capacity(rows.len());
    for r in &rows {
        let line = PdLine {
            spec_id: r.try_get(1)?,
            defect: r.try_get::<i64, _>(2)? != 0,
            position_id: r.try_get(3)?,
            new: r.try_get(4)?,
            remark: r.try_get(5)?,
        };
        lines.push((r.try_get(0)?, line));
    }
    Ok(lines)
}

/// (seller_id, document id, warehouse id) of a pending stocktake.
async fn pending_pd(
    tx: &mut Transaction<'static, Any>,
    sid: &str,
    pd_no: &str,
) -> CoreResult<(i64, i64, i64)> {
    let row = sqlx::query(
        "SELECT d.seller_id, d.id, d.warehouse_id, d.status FROM document d JOIN seller s ON s.id = d.seller_id
         WHERE s.sid = $1 AND d.kind = $2 AND d.doc_no = $3",
    )
    .bind(sid)
    .bind(KIND_STOCKTAKE)
    .bind(pd_no)
    .fetch_optional(&mut **tx)
    .await?;
    let value = pd_no.to_string();
    let Some(r) = row else {
        return Err(refused(Kind::Unknown { value }));
    };
    let state: i64 = r.try_get(3)?;
    if state != PdStatus::Pending.code() {
        return Err(refused(Kind::WrongState { value, state }));
    }
    Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
}

/// The refusal of a stocktake number (`openwdt stocktake check|cancel`).
fn refused(kind: Kind) -> CoreError {
    CoreError::Problems(vec![Problem {
        field: Field::DocNo,
        line: None,
        subject: None,
        kind,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{DetailStock, SpecStock};

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
            kind: StocktakeKind::Order { check: true },
            warehouse_no: "W".into(),
            defect_mode: 0,
            remark: String::new(),
            strict,
            lines: lines.iter().map(|s| line(s)).collect(),
            outer_no: None,
            by_position: false,
            create_stock,
        }
    }

    fn known(specs: &[(&str, i64)]) -> Resolved {
        Resolved {
            warehouse: Some(Warehouse { id: 1 }),
            specs: specs.iter().map(|(s, i)| (s.to_string(), *i)).collect(),
            positions: HashMap::new(),
        }
    }

    /// Each problem's field, line and kind.
    fn found(p: &Problems) -> Vec<(Field, Option<usize>, Kind)> {
        p.iter()
            .map(|p| (p.field, p.line, p.kind.clone()))
            .collect()
    }

    fn unknown(i: usize, spec_no: &str) -> (Field, Option<usize>, Kind) {
        let value = spec_no.to_string();
        (Field::SpecNo, Some(i), Kind::Unknown { value })
    }

    fn d(s: &str) -> Dec4 {
        s.parse().unwrap()
    }

    #[test]
    fn a_clean_request_passes_every_line_with_its_quantity() {
        let mut cmd = take(true, true, &["A", "B"]);
        cmd.defect_mode = 1;
        cmd.lines[1].new_num = "2.5".into();
        let mut p = Problems::new();
        let c = validate(&cmd, &mut p);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(c.mode, DefectMode::NormalOnly);
        let lines = c.lines.expect("nothing wrong");
        let got: Vec<(&str, Dec4)> = lines
            .iter()
            .map(|l| (l.line.spec_no.as_str(), l.new))
            .collect();
        assert_eq!(got, [("A", d("1")), ("B", d("2.5"))]);
    }

    #[test]
    fn validation_collects_every_problem_in_input_order() {
        let long = "X".repeat(41);
        let mut cmd = take(true, true, &["", &long, "C", "D", "E"]);
        cmd.warehouse_no = "W".repeat(41);
        cmd.outer_no = Some("O".repeat(41));
        cmd.defect_mode = 3;
        cmd.by_position = true;
        let positions = [
            Some("P1"),
            Some("P1"),
            None,
            Some(&*"P".repeat(21)),
            Some("P1"),
        ];
        for (l, pos) in cmd.lines.iter_mut().zip(positions) {
            l.position_no = pos.map(str::to_string);
        }
        cmd.lines[3].new_num = "-1".into();
        cmd.lines[4].remark = "r".repeat(256);
        let mut p = Problems::new();
        let c = validate(&cmd, &mut p);
        assert!(c.lines.is_none());
        assert_eq!(
            c.mode,
            DefectMode::All,
            "an invalid mode still judges every line"
        );
        let got: Vec<(Field, Option<usize>)> = p.iter().map(|p| (p.field, p.line)).collect();
        assert_eq!(
            got,
            [
                (Field::WarehouseNo, None),
                (Field::OuterNo, None),
                (Field::DefectMode, None),
                (Field::SpecNo, Some(0)),
                (Field::SpecNo, Some(1)),
                (Field::PositionNo, Some(2)),
                (Field::PositionNo, Some(3)),
                (Field::Quantity, Some(3)),
                (Field::Remark, Some(4)),
            ]
        );
        let v = p.into_vec();
        assert_eq!(v[3].kind, Kind::Missing);
        assert_eq!(v[4].subject, None, "a too long spec_no is its own subject");
        assert_eq!(
            (v[5].kind.clone(), v[5].subject.as_deref()),
            (Kind::PositionRequired, Some("C"))
        );
        assert_eq!(
            v[7].kind,
            Kind::BadQuantity {
                value: "-1".into(),
                zero_ok: true
            }
        );
    }

    #[test]
    fn a_repeated_line_is_named_once_and_only_among_counted_lines() {
        let mut cmd = take(true, true, &["A", "A", "A", "B", "B", "C", "C"]);
        cmd.defect_mode = 1;
        // B normal and defective are two lines; defective C is not counted.
        cmd.lines[4].defect = true;
        cmd.lines[5].defect = true;
        cmd.lines[6].defect = true;
        let mut p = Problems::new();
        assert!(validate(&cmd, &mut p).lines.is_none());
        let value = "A".to_string();
        assert_eq!(
            found(&p),
            [(Field::SpecNo, Some(1), Kind::RepeatedLine { value })]
        );
        // A position stocktake may count one spec at two positions.
        let mut cmd = take(true, true, &["A", "A"]);
        cmd.by_position = true;
        cmd.lines[0].position_no = Some("P1".into());
        cmd.lines[1].position_no = Some("P2".into());
        let mut p = Problems::new();
        assert_eq!(validate(&cmd, &mut p).lines.map(|l| l.len()), Some(2));
    }

    #[test]
    fn strict_mode_names_each_unknown_spec_once_and_refuses() {
        let mut p = Problems::new();
        let cmd = take(true, true, &["A", "X", "X", "Y"]);
        let j = judge(
            &cmd,
            DefectMode::All,
            &known(&[("A", 1)]),
            None,
            &cmd.lines,
            &mut p,
        );
        assert_eq!(j.failed.len(), 3);
        assert_eq!(j.skipped, ["X", "Y"]);
        assert_eq!(found(&p), [unknown(1, "X"), unknown(3, "Y")]);
    }

    #[test]
    fn lenient_mode_skips_unknown_specs_unless_nothing_is_known_or_applicable() {
        let mut p = Problems::new();
        let cmd = take(false, true, &["A", "X"]);
        let j = judge(
            &cmd,
            DefectMode::All,
            &known(&[("A", 1)]),
            None,
            &cmd.lines,
            &mut p,
        );
        let failed: Vec<Option<usize>> = j.failed.iter().map(|f| f.problem.line).collect();
        assert_eq!(failed, [Some(1)]);
        assert_eq!(j.counted.len(), 1);
        assert!(p.is_empty());
        let cmd = take(false, true, &["X"]);
        judge(&cmd, DefectMode::All, &known(&[]), None, &cmd.lines, &mut p);
        assert_eq!(found(&p), [(Field::Lines, None, Kind::NoLiveSpec)]);
        // A known spec outside the mode: nothing applies, so the failed lines refuse.
        let mut p = Problems::new();
        let mut cmd = take(false, true, &["A", "X"]);
        cmd.lines[0].defect = true;
        let r = known(&[("A", 1)]);
        judge(&cmd, DefectMode::NormalOnly, &r, None, &cmd.lines, &mut p);
        assert_eq!(found(&p), [unknown(1, "X")]);
    }

    #[test]
    fn a_position_must_be_one_of_the_warehouse() {
        let mut cmd = take(true, true, &["A", "A"]);
        cmd.by_position = true;
        cmd.lines[0].position_no = Some("P1".into());
        cmd.lines[1].position_no = Some("ZZ".into());
        let mut r = known(&[("A", 1)]);
        r.positions.insert("P1".into(), 10);
        let mut p = Problems::new();
        let j = judge(&cmd, DefectMode::All, &r, None, &cmd.lines, &mut p);
        let counted: Vec<Option<i64>> = j.counted.iter().map(|t| t.position_id).collect();
        assert_eq!(counted, [Some(10)]);
        assert_eq!(j.failed[0].position_no, "ZZ");
        let kind = Kind::UnknownPosition {
            value: "ZZ".into(),
            warehouse: "W".into(),
        };
        assert_eq!(found(&p), [(Field::PositionNo, Some(1), kind)]);
    }

    #[test]
    fn a_missing_stock_record_fails_only_without_create_stock_once_stock_is_known() {
        let snap = Snapshot {
            warehouse_id: 1,
            specs: HashMap::new(),
        };
        let r = known(&[("A", 1)]);
        let mut p = Problems::new();
        let cmd = take(true, false, &["A"]);
        // Before the stock is read nothing can be said about records.
        let j = judge(&cmd, DefectMode::All, &r, None, &cmd.lines, &mut p);
        assert!(j.failed.is_empty());
        let j = judge(&cmd, DefectMode::All, &r, Some(&snap), &cmd.lines, &mut p);
        assert_eq!(j.failed.len(), 1);
        assert!(
            matches!(&p.iter().next().unwrap().kind, Kind::NoStockRecord { value, .. } if value == "A"),
            "{p:?}"
        );
        let mut p = Problems::new();
        let cmd = take(true, true, &["A"]);
        let j = judge(&cmd, DefectMode::All, &r, Some(&snap), &cmd.lines, &mut p);
        assert!(j.failed.is_empty());
        // No warehouse: said first.
        let mut p = Problems::new();
        p.push(Field::Remark, None, Kind::Missing);
        let none = Resolved {
            warehouse: None,
            ..known(&[("A", 1)])
        };
        judge(&cmd, DefectMode::All, &none, None, &cmd.lines, &mut p);
        assert!(
            matches!(p.iter().next().unwrap().kind, Kind::UnknownWarehouse { .. }),
            "{p:?}"
        );
    }

    fn pd_line(spec_id: i64, position_id: Option<i64>, new: &str) -> PdLine {
        PdLine {
            spec_id,
            defect: false,
            position_id,
            new: d(new).raw(),
            remark: "r".into(),
        }
    }

    fn stock(specs: Vec<(i64, Vec<DetailStock>)>) -> Snapshot {
        Snapshot {
            warehouse_id: 1,
            specs: specs
                .into_iter()
                .map(|(id, rows)| ((id, false), SpecStock::loaded(rows)))
                .collect(),
        }
    }

    /// Each move's (spec, position, change).
    fn moved(moves: &[Move]) -> Vec<(i64, i64, i64)> {
        moves
            .iter()
            .map(|m| (m.spec_id, m.position_id, m.delta))
            .collect()
    }

    #[test]
    fn a_plan_stores_what_each_line_found_and_moves_the_difference() {
        let snap = stock(vec![
            (1, vec![DetailStock::loaded(10, 0, d("8").raw())]),
            (3, vec![DetailStock::loaded(10, 0, d("4").raw())]),
            (4, vec![DetailStock::loaded(11, 2, d("5").raw())]),
        ]);
        let lines = vec![
            pd_line(1, None, "10"),
            pd_line(2, None, "0.5"),
            pd_line(3, None, "4"),
            pd_line(4, None, "2"),
        ];
        let (rows, moves) = plan(&snap, lines, 99);
        let old: Vec<(i64, i64)> = rows.iter().map(|r| (r.line.spec_id, r.old)).collect();
        let raw = |s| d(s).raw();
        assert_eq!(old, [(1, raw("8")), (2, 0), (3, raw("4")), (4, raw("5"))]);
        // Increases land in the default position; a decrease takes from the rows held.
        assert_eq!(
            moved(&moves),
            [(1, 99, raw("2")), (2, 99, raw("0.5")), (4, 11, -raw("3"))]
        );
    }

    #[test]
    fn a_position_line_finds_and_moves_only_its_position() {
        let snap = stock(vec![(
            1,
            vec![
                DetailStock::loaded(10, 0, d("5").raw()),
                DetailStock::loaded(11, 0, d("3").raw()),
            ],
        )]);
        let lines = vec![pd_line(1, Some(11), "1"), pd_line(1, Some(12), "2")];
        let (rows, moves) = plan(&snap, lines, 99);
        let raw = |s| d(s).raw();
        let old: Vec<i64> = rows.iter().map(|r| r.old).collect();
        assert_eq!(old, [raw("3"), 0]);
        assert_eq!(moved(&moves), [(1, 11, -raw("2")), (1, 12, raw("2"))]);
    }
}
