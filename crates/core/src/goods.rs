//! Goods (SPU) and their specs (SKU): pushed by either edition (flagship `goods.Goods.push`,
//! one goods a call; enterprise `goods_push.php`, a list), read back with their specs.
//!
//! A push creates what is new and updates what exists: a goods by `goods_no`, a spec by
//! `spec_no`, which is unique per seller. Whatever a push leaves out (`None`) keeps its stored
//! value on an update and takes the documented default on a create; `Some("")` clears a text.
//! Specs pushed are usable at once by every other command (they read `spec` live).

use std::collections::{HashMap, HashSet};

use openwdt_wire::Dec4;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::auth::Caller;
use crate::clock;
use crate::error::CoreResult;
use crate::problem::{Field, Kind, Problems};
use crate::query::{Filter, Page};
use crate::store::{batched, in_list, is_pg, Store, CHUNK};

attrs!(
    /// A goods' texts. `class_name`, `brand_name`, `unit_name`, `aux_unit_name` and
    /// `flag_name` read 无 when absent or empty, as the vendors default them.
    GoodsTexts {
        goods_name,
        short_name,
        alias,
        pinyin,
        origin,
        remark,
        class_name,
        brand_name,
        unit_name,
        aux_unit_name,
        flag_name,
        prop1,
        prop2,
        prop3,
        prop4,
        prop5,
        prop6,
    }
);

attrs!(
    /// A spec's texts.
    SpecTexts {
        spec_code,
        barcode,
        spec_name,
        /// Label names joined with commas.
        goods_label,
        img_url,
        remark,
        tax_code,
        unit_name,
        aux_unit_name,
        prop1,
        prop2,
        prop3,
        prop4,
        prop5,
        prop6,
    }
);

attrs!(
    /// A spec's small integers (codes and day counts).
    SpecInts {
        /// Sum of the warehouse-process bits (2, 8, 16, …, 2048).
        wms_process_mask,
        /// 0 none, 1 strong, 2 weak serial numbers.
        sn_type,
        validity_days,
        sales_days,
        receive_days,
        /// -1 非单发件, 0 普通, 1 普通大件, 2 独立大件, 3 按箱规拆分.
        large_type,
        /// 0 by days, 1 by months.
        validity_type,
        /// 0 持续补货, 1 不补货, 2 低于警戒库存补货 (the default).
        replenish_type,
    }
);

attrs!(
    /// A spec's flags. `is_allow_neg_stock` and `is_zero_cost` default to true.
    SpecFlags {
        is_lower_cost,
        is_allow_neg_stock,
        is_single_batch,
        is_not_need_examine,
        is_zero_cost,
        is_not_use_air,
        is_popular,
    }
);

attrs!(
    /// A spec's decimals: prices, size and weight, scores, tax rate (a fraction, 0.13).
    SpecAmounts {
        lowest_price,
        retail_price,
        wholesale_price,
        member_price,
        market_price,
        weight,
        height,
        length,
        width,
        custom_price1,
        custom_price2,
        tax_rate,
        sale_score,
        pack_score,
        pick_score,
        sort_score,
        scan_score,
        supply_score,
        shelve_score,
        stockin_score,
        inspect_score,
        packing_score,
        operate_score,
        weigh_score,
        consign_score,
    }
);

/// One goods as pushed, with the specs pushed under it.
#[derive(Clone, Debug, Default)]
pub struct GoodsPatch {
    pub goods_no: String,
    /// 0 其它 … 10 赠品.
    pub goods_type: Option<i64>,
    pub texts: GoodsTexts<Option<String>>,
    pub specs: Vec<SpecPatch>,
}

/// One spec as pushed. Decimals are the text sent, checked here with every other problem.
#[derive(Clone, Debug, Default)]
pub struct SpecPatch {
    pub spec_no: String,
    pub texts: SpecTexts<Option<String>>,
    pub ints: SpecInts<Option<i64>>,
    pub flags: SpecFlags<Option<bool>>,
    pub amounts: SpecAmounts<Option<String>>,
}

/// A goods' stored attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoodsRecord {
    pub goods_type: i64,
    pub texts: GoodsTexts<String>,
}

/// A spec's stored attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpecRecord {
    pub texts: SpecTexts<String>,
    pub ints: SpecInts<i64>,
    pub flags: SpecFlags<bool>,
    pub amounts: SpecAmounts<Dec4>,
}

/// What a push did to one goods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushedGoods {
    pub goods_no: String,
    pub goods_id: i64,
    /// The goods was new.
    pub created: bool,
    pub specs_created: usize,
    /// Specs that existed (a deleted one pushed again counts here: it is revived).
    pub specs_updated: usize,
}

/// Where the problem of spec line `flat` sits: `(goods index, spec index within it)`.
/// Spec problems of a push carry the spec's index counted over the whole request (the
/// goods' spec lists one after another); a flagship push has one goods, so it is the index
/// in `specInfoList`.
pub fn spec_line(pushes: &[GoodsPatch], flat: usize) -> Option<(usize, usize)> {
    let mut start = 0;
    for (i, g) in pushes.iter().enumerate() {
        if flat < start + g.specs.len() {
            return Some((i, flat - start));
        }
        start += g.specs.len();
    }
    None
}

// ---- validate (pure) ----

/// Names whose empty value reads 无.
const NONE_DEFAULT: [&str; 5] = [
    "class_name",
    "brand_name",
    "unit_name",
    "aux_unit_name",
    "flag_name",
];
const NONE: &str = "无";

fn goods_text_max(name: &str) -> usize {
    match name {
        "origin" | "class_name" | "brand_name" => 64,
        "remark" => 512,
        "unit_name" | "aux_unit_name" => 20,
        "flag_name" => 32,
        _ => 255,
    }
}

fn spec_text_max(name: &str) -> usize {
    match name {
        "spec_code" | "tax_code" => 40,
        "barcode" => 50,
        "spec_name" => 100,
        "img_url" => 1024,
        "remark" => 512,
        "unit_name" | "aux_unit_name" => 20,
        _ => 255,
    }
}

fn spec_int_range(name: &str) -> (i64, i64) {
    match name {
        "wms_process_mask" => (0, 4095),
        "sn_type" => (0, 2),
        "validity_days" => (0, 999_999),
        "large_type" => (-1, 3),
        "validity_type" => (0, 1),
        "replenish_type" => (0, 2),
        _ => (0, i64::from(i32::MAX)),
    }
}

/// The field a spec text is reported under.
fn spec_text_field(name: &'static str) -> Field {
    match name {
        "spec_code" => Field::SpecCode,
        "barcode" => Field::Barcode,
        "spec_name" => Field::SpecName,
        other => Field::SpecAttribute(other),
    }
}

fn goods_text_field(name: &'static str) -> Field {
    match name {
        "goods_name" => Field::GoodsName,
        "remark" => Field::Remark,
        other => Field::Attribute(other),
    }
}

/// A spec after its values were checked: its decimals parsed.
struct CheckedSpec<'a> {
    patch: &'a SpecPatch,
    line: usize,
    amounts: SpecAmounts<Option<Dec4>>,
}

struct CheckedGoods<'a> {
    patch: &'a GoodsPatch,
    line: usize,
    specs: Vec<CheckedSpec<'a>>,
}

fn range(p: &mut Problems, field: Field, line: usize, v: Option<i64>, (min, max): (i64, i64)) {
    if let Some(v) = v.filter(|v| !(min..=max).contains(v)) {
        p.push(
            field,
            Some(line),
            Kind::OutOfRange {
                value: v.to_string(),
                min,
                max,
            },
        );
    }
}

/// Checks every value of a push that needs nothing stored: required numbers, lengths,
/// ranges, decimals, numbers repeated within the request.
fn validate<'a>(pushes: &'a [GoodsPatch], p: &mut Problems) -> Vec<CheckedGoods<'a>> {
    let mut goods_seen = HashSet::new();
    let mut spec_seen = HashSet::new();
    let mut flat = 0;
    let mut out = Vec::with_capacity(pushes.len());
    if pushes.is_empty() {
        p.push(Field::Lines, None, Kind::Missing);
    }
    for (gi, g) in pushes.iter().enumerate() {
        let line = Some(gi);
        p.text(Field::GoodsNo, line, &g.goods_no, 40);
        if !g.goods_no.trim().is_empty() && !goods_seen.insert(g.goods_no.as_str()) {
            p.push(
                Field::GoodsNo,
                line,
                Kind::Repeated {
                    value: g.goods_no.clone(),
                },
            );
        }
        range(p, Field::Attribute("goods_type"), gi, g.goods_type, (0, 10));
        for (name, v) in g.texts.pairs() {
            if let Some(v) = v {
                p.max_len(goods_text_field(name), line, v, goods_text_max(name));
            }
        }
        // Decided: a goods is pushed with at least one spec (both editions send a spec list;
        // the enterprise edition updates a goods only through one of its specs).
        if g.specs.is_empty() {
            p.push(Field::Lines, line, Kind::Missing);
        }
        let mut specs = Vec::with_capacity(g.specs.len());
        for s in &g.specs {
            let line = Some(flat);
            p.text(Field::SpecNo, line, &s.spec_no, 40);
            if !s.spec_no.trim().is_empty() && !spec_seen.insert(s.spec_no.as_str()) {
                p.push(
                    Field::SpecNo,
                    line,
                    Kind::Repeated {
                        value: s.spec_no.clone(),
                    },
                );
            }
            for (name, v) in s.texts.pairs() {
                if let Some(v) = v {
                    p.max_len(spec_text_field(name), line, v, spec_text_max(name));
                }
            }
            for (name, v) in s.ints.pairs() {
                range(
                    p,
                    Field::SpecAttribute(name),
                    flat,
                    *v,
                    spec_int_range(name),
                );
            }
            let amounts = s.amounts.clone().map(|name, v| {
                let v = v?;
                let d = p.amount(Field::SpecAttribute(name), line, &v)??;
                if name == "tax_rate" && d > Dec4::from_int(1) {
                    p.push(
                        Field::SpecAttribute(name),
                        line,
                        Kind::Invalid { value: v.clone() },
                    );
                }
                Some(d)
            });
            specs.push(CheckedSpec {
                patch: s,
                line: flat,
                amounts,
            });
            flat += 1;
        }
        out.push(CheckedGoods {
            patch: g,
            line: gi,
            specs,
        });
    }
    out
}

// ---- resolve ----

/// A spec as stored, with the goods that holds it.
#[derive(Clone, Debug)]
struct StoredSpec {
    goods_no: String,
    deleted: bool,
    record: SpecRecord,
}

/// Checks the push against what is stored: a new goods needs a name; a live spec_no held by
/// another goods cannot move. A deleted spec may be pushed under any goods: it is revived
/// there (keeping its id, so its stock and history stay with it).
fn check_stored(
    goods: &[CheckedGoods],
    stored_goods: &HashMap<String, GoodsRecord>,
    stored_specs: &HashMap<String, StoredSpec>,
    p: &mut Problems,
) {
    for g in goods {
        let name = g.patch.texts.goods_name.as_deref();
        let is_new = !stored_goods.contains_key(&g.patch.goods_no);
        if (is_new && name.is_none_or(|n| n.trim().is_empty()))
            || name.is_some_and(|n| n.trim().is_empty())
        {
            p.push(Field::GoodsName, Some(g.line), Kind::Missing);
        }
        for s in &g.specs {
            if let Some(st) = stored_specs.get(&s.patch.spec_no) {
                if !st.deleted && st.goods_no != g.patch.goods_no {
                    p.push(
                        Field::SpecNo,
                        Some(s.line),
                        Kind::Conflict {
                            value: s.patch.spec_no.clone(),
                            holder: st.goods_no.clone(),
                        },
                    );
                }
            }
        }
    }
}

// ---- plan (pure) ----

fn none_default(name: &str, v: String) -> String {
    if NONE_DEFAULT.contains(&name) && v.trim().is_empty() {
        NONE.to_string()
    } else {
        v
    }
}

/// The goods as it will be stored: the patch over what is stored, or over the defaults.
fn merge_goods(stored: Option<&GoodsRecord>, patch: &GoodsPatch) -> GoodsRecord {
    let base = stored.cloned().unwrap_or_default();
    GoodsRecord {
        goods_type: patch.goods_type.unwrap_or(base.goods_type),
        texts: base
            .texts
            .zip(patch.texts.clone())
            .map(|name, (old, new)| none_default(name, new.unwrap_or(old))),
    }
}

/// A new spec's values before its patch.
fn spec_defaults() -> SpecRecord {
    SpecRecord {
        ints: SpecInts {
            replenish_type: 2,
            ..Default::default()
        },
        flags: SpecFlags {
            is_allow_neg_stock: true,
            is_zero_cost: true,
            ..Default::default()
        },
        ..Default::default()
    }
}

fn merge_spec(
    stored: Option<&SpecRecord>,
    patch: &SpecPatch,
    amounts: &SpecAmounts<Option<Dec4>>,
) -> SpecRecord {
    let base = stored.cloned().unwrap_or_else(spec_defaults);
    SpecRecord {
        texts: base
            .texts
            .zip(patch.texts.clone())
            .map(|_, (old, new)| new.unwrap_or(old)),
        ints: base
            .ints
            .zip(patch.ints.clone())
            .map(|_, (old, new)| new.unwrap_or(old)),
        flags: base
            .flags
            .zip(patch.flags.clone())
            .map(|_, (old, new)| new.unwrap_or(old)),
        amounts: base
            .amounts
            .zip(amounts.clone())
            .map(|_, (old, new)| new.unwrap_or(old)),
    }
}

struct SpecWrite {
    spec_no: String,
    existed: bool,
    record: SpecRecord,
}

struct GoodsWrite {
    goods_no: String,
    existed: bool,
    record: GoodsRecord,
    specs: Vec<SpecWrite>,
}

fn plan(
    goods: &[CheckedGoods],
    stored_goods: &HashMap<String, GoodsRecord>,
    stored_specs: &HashMap<String, StoredSpec>,
) -> Vec<GoodsWrite> {
    goods
        .iter()
        .map(|g| {
            let stored = stored_goods.get(&g.patch.goods_no);
            GoodsWrite {
                goods_no: g.patch.goods_no.clone(),
                existed: stored.is_some(),
                record: merge_goods(stored, g.patch),
                specs: g
                    .specs
                    .iter()
                    .map(|s| {
                        let st = stored_specs.get(&s.patch.spec_no);
                        SpecWrite {
                            spec_no: s.patch.spec_no.clone(),
                            existed: st.is_some(),
                            record: merge_spec(st.map(|st| &st.record), s.patch, &s.amounts),
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

// ---- storage ----

fn goods_columns() -> String {
    GoodsTexts::<()>::NAMES.join(", ")
}

fn spec_columns() -> Vec<&'static str> {
    let mut cols = Vec::new();
    cols.extend_from_slice(SpecTexts::<()>::NAMES);
    cols.extend_from_slice(SpecInts::<()>::NAMES);
    cols.extend_from_slice(SpecFlags::<()>::NAMES);
    cols.extend_from_slice(SpecAmounts::<()>::NAMES);
    cols
}

fn read_goods(r: &AnyRow) -> CoreResult<GoodsRecord> {
    Ok(GoodsRecord {
        goods_type: r.try_get("goods_type")?,
        texts: GoodsTexts::try_from_fn(|c| r.try_get(c))?,
    })
}

fn read_spec(r: &AnyRow) -> CoreResult<SpecRecord> {
    Ok(SpecRecord {
        texts: SpecTexts::try_from_fn(|c| r.try_get(c))?,
        ints: SpecInts::try_from_fn(|c| r.try_get(c))?,
        flags: SpecFlags::try_from_fn(|c| r.try_get::<i64, _>(c).map(|v| v != 0))?,
        amounts: SpecAmounts::try_from_fn(|c| r.try_get::<i64, _>(c).map(Dec4::from_raw))?,
    })
}

fn pg(conn: &AnyConnection) -> bool {
    conn.backend_name() == "PostgreSQL"
}

async fn stored_goods(
    conn: &mut AnyConnection,
    seller_id: i64,
    goods_nos: &[&str],
) -> CoreResult<HashMap<String, GoodsRecord>> {
    let mut out = HashMap::new();
    for chunk in goods_nos.chunks(CHUNK) {
        let sql = format!(
            "SELECT goods_no, goods_type, {} FROM goods WHERE seller_id = ? AND goods_no IN ({})",
            goods_columns(),
            in_list(chunk.len())
        );
        let sql = batched(&sql, pg(conn));
        let q = chunk
            .iter()
            .fold(sqlx::query(&sql).bind(seller_id), |q, g| q.bind(*g));
        for r in q.fetch_all(&mut *conn).await? {
            out.insert(r.try_get("goods_no")?, read_goods(&r)?);
        }
    }
    Ok(out)
}

async fn stored_specs(
    conn: &mut AnyConnection,
    seller_id: i64,
    spec_nos: &[&str],
) -> CoreResult<HashMap<String, StoredSpec>> {
    let cols = spec_columns()
        .iter()
        .map(|c| format!("s.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = HashMap::new();
    for chunk in spec_nos.chunks(CHUNK) {
        let sql = format!(
            "SELECT s.spec_no, s.deleted, g.goods_no, {cols} FROM spec s JOIN goods g ON g.id = s.goods_id
             WHERE s.seller_id = ? AND s.spec_no IN ({})",
            in_list(chunk.len())
        );
        let sql = batched(&sql, pg(conn));
        let q = chunk
            .iter()
            .fold(sqlx::query(&sql).bind(seller_id), |q, s| q.bind(*s));
        for r in q.fetch_all(&mut *conn).await? {
            out.insert(
                r.try_get("spec_no")?,
                StoredSpec {
                    goods_no: r.try_get("goods_no")?,
                    deleted: r.try_get::<i64, _>("deleted")? != 0,
                    record: read_spec(&r)?,
                },
            );
        }
    }
    Ok(out)
}

/// Values bound per row of a multi-row statement, kept under both backends' limits.
fn rows_per_statement(cols: usize) -> usize {
    (30_000 / cols).clamp(1, CHUNK)
}

/// Inserts or updates the goods, answering each goods_no's id.
async fn write_goods(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    seller_id: i64,
    goods: &[GoodsWrite],
    now: i64,
) -> CoreResult<HashMap<String, i64>> {
    let texts = GoodsTexts::<()>::NAMES;
    let ncols = 6 + texts.len();
    let updates = texts
        .iter()
        .map(|c| format!("{c} = excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut ids = HashMap::new();
    for chunk in goods.chunks(rows_per_statement(ncols)) {
        let sql = format!(
            "INSERT INTO goods (seller_id, goods_no, goods_type, deleted, created, modified, {}) VALUES {}
             ON CONFLICT (seller_id, goods_no) DO UPDATE SET goods_type = excluded.goods_type, deleted = 0,
             modified = excluded.modified, {updates} RETURNING id, goods_no",
            goods_columns(),
            crate::store::values_list(chunk.len(), ncols)
        );
        let sql = batched(&sql, is_pg(tx));
        let mut q = sqlx::query(&sql);
        for g in chunk {
            q = q
                .bind(seller_id)
                .bind(&g.goods_no)
                .bind(g.record.goods_type)
                .bind(0_i64)
                .bind(now)
                .bind(now);
            for (_, v) in g.record.texts.pairs() {
                q = q.bind(v.clone());
            }
        }
        for r in q.fetch_all(&mut **tx).await? {
            ids.insert(r.try_get(1)?, r.try_get(0)?);
        }
    }
    Ok(ids)
}

/// Inserts or updates the specs under their goods; a deleted spec is revived.
async fn write_specs(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    seller_id: i64,
    goods: &[GoodsWrite],
    goods_ids: &HashMap<String, i64>,
    now: i64,
) -> CoreResult<()> {
    let cols = spec_columns();
    let ncols = 6 + cols.len();
    let updates = cols
        .iter()
        .map(|c| format!("{c} = excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let rows: Vec<(i64, &SpecWrite)> = goods
        .iter()
        .flat_map(|g| {
            let id = goods_ids.get(&g.goods_no).copied().unwrap_or_default();
            g.specs.iter().map(move |s| (id, s))
        })
        .collect();
    for chunk in rows.chunks(rows_per_statement(ncols)) {
        let sql = format!(
            "INSERT INTO spec (seller_id, goods_id, spec_no, deleted, created, modified, {}) VALUES {}
             ON CONFLICT (seller_id, spec_no) DO UPDATE SET goods_id = excluded.goods_id, deleted = 0,
             modified = excluded.modified, {updates}",
            cols.join(", "),
            crate::store::values_list(chunk.len(), ncols)
        );
        let sql = batched(&sql, is_pg(tx));
        let mut q = sqlx::query(&sql);
        for (goods_id, s) in chunk {
            q = q
                .bind(seller_id)
                .bind(*goods_id)
                .bind(&s.spec_no)
                .bind(0_i64)
                .bind(now)
                .bind(now);
            let r = &s.record;
            for (_, v) in r.texts.pairs() {
                q = q.bind(v.clone());
            }
            for (_, v) in r.ints.pairs() {
                q = q.bind(*v);
            }
            for (_, v) in r.flags.pairs() {
                q = q.bind(i64::from(*v));
            }
            for (_, v) in r.amounts.pairs() {
                q = q.bind(v.raw());
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

impl Store {
    /// Creates or updates goods with their specs, all or nothing. Refuses with
    /// `CoreError::Problems` (goods fields carry the goods' index as `line`; spec fields the
    /// spec's index over the whole request, see [`spec_line`]).
    pub async fn push_goods(
        &self,
        caller: &Caller,
        pushes: &[GoodsPatch],
    ) -> CoreResult<Vec<PushedGoods>> {
        let mut problems = Problems::new();
        let checked = validate(pushes, &mut problems);
        let mut w = self.begin_write().await?;
        let goods_nos: Vec<&str> = pushes.iter().map(|g| g.goods_no.as_str()).collect();
        let spec_nos: Vec<&str> = pushes
            .iter()
            .flat_map(|g| g.specs.iter().map(|s| s.spec_no.as_str()))
            .collect();
        let stored_g = stored_goods(&mut w.tx, caller.seller_id, &goods_nos).await?;
        let stored_s = stored_specs(&mut w.tx, caller.seller_id, &spec_nos).await?;
        check_stored(&checked, &stored_g, &stored_s, &mut problems);
        problems.finish()?;
        let writes = plan(&checked, &stored_g, &stored_s);
        let now = clock::now_millis();
        let ids = write_goods(&mut w.tx, caller.seller_id, &writes, now).await?;
        write_specs(&mut w.tx, caller.seller_id, &writes, &ids, now).await?;
        w.tx.commit().await?;
        Ok(writes
            .iter()
            .map(|g| PushedGoods {
                goods_no: g.goods_no.clone(),
                goods_id: ids.get(&g.goods_no).copied().unwrap_or_default(),
                created: !g.existed,
                specs_created: g.specs.iter().filter(|s| !s.existed).count(),
                specs_updated: g.specs.iter().filter(|s| s.existed).count(),
            })
            .collect())
    }
}

// ---- query ----

/// Which goods a query answers. Time bounds are over the goods' or any of its specs' last
/// modification (unix milliseconds, inclusive); the gateways check the documented spans.
#[derive(Clone, Debug, Default)]
pub struct GoodsFilter {
    /// Goods holding this spec; their `specs` are narrowed to it.
    pub spec_no: Option<String>,
    pub goods_no: Option<String>,
    pub brand_name: Option<String>,
    pub class_name: Option<String>,
    /// Goods holding a spec of this barcode; their `specs` are narrowed to such specs.
    pub barcode: Option<String>,
    pub modified_from: Option<i64>,
    pub modified_to: Option<i64>,
    /// Answer deleted goods and deleted specs too (both editions hide them by default).
    pub include_deleted: bool,
}

/// A goods with its specs, carrying what both editions answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoodsRow {
    pub goods_id: i64,
    pub goods_no: String,
    pub record: GoodsRecord,
    pub deleted: bool,
    /// Its live (not deleted) specs.
    pub spec_count: i64,
    pub created: i64,
    /// The goods' own last modification.
    pub modified: i64,
    /// The later of the goods' and its specs' last modification.
    pub last_modified: i64,
    pub specs: Vec<SpecRow>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecRow {
    pub spec_id: i64,
    pub goods_id: i64,
    pub spec_no: String,
    pub record: SpecRecord,
    pub deleted: bool,
    pub created: i64,
    pub modified: i64,
}

const GOODS_VIEW: &str = "(SELECT g.*, COALESCE((SELECT MAX(s.modified) FROM spec s WHERE s.goods_id = g.id), 0) AS spec_modified,
    (SELECT COUNT(*) FROM spec s WHERE s.goods_id = g.id AND s.deleted = 0) AS spec_count FROM goods g) v";

impl Store {
    /// Goods of the caller's seller with their specs, paged by goods in id order; the total
    /// counts goods.
    pub async fn query_goods(
        &self,
        caller: &Caller,
        f: &GoodsFilter,
        page: Page,
    ) -> CoreResult<(Vec<GoodsRow>, i64)> {
        let live = if f.include_deleted {
            ""
        } else {
            " AND s.deleted = 0"
        };
        let mut w = Filter::new("seller_id", caller.seller_id);
        if !f.include_deleted {
            w.int("deleted = $?", 0);
        }
        w.maybe_text("goods_no = $?", f.goods_no.as_deref());
        w.maybe_text("brand_name = $?", f.brand_name.as_deref());
        w.maybe_text("class_name = $?", f.class_name.as_deref());
        w.maybe_text(
            &format!("id IN (SELECT s.goods_id FROM spec s WHERE s.seller_id = $1 AND s.spec_no = $?{live})"),
            f.spec_no.as_deref(),
        );
        w.maybe_text(
            &format!("id IN (SELECT s.goods_id FROM spec s WHERE s.seller_id = $1 AND s.barcode = $?{live})"),
            f.barcode.as_deref(),
        );
        match (f.modified_from, f.modified_to) {
            (Some(a), Some(b)) => w.int_pair(
                "((modified >= $?a AND modified <= $?b) OR id IN (SELECT s.goods_id FROM spec s
                  WHERE s.seller_id = $1 AND s.modified >= $?a AND s.modified <= $?b))",
                a,
                b,
            ),
            (Some(a), None) => w.int("(modified >= $? OR spec_modified >= $?)", a),
            (None, Some(b)) => w.int(
                "(modified <= $? OR id IN (SELECT s.goods_id FROM spec s WHERE s.seller_id = $1 AND s.modified <= $?))",
                b,
            ),
            (None, None) => {}
        }
        let (rows, total) = w.fetch(self, GOODS_VIEW, "id", page).await?;
        let mut goods = rows
            .iter()
            .map(|r| {
                let modified: i64 = r.try_get("modified")?;
                let spec_modified: i64 = r.try_get("spec_modified")?;
                Ok(GoodsRow {
                    goods_id: r.try_get("id")?,
                    goods_no: r.try_get("goods_no")?,
                    record: read_goods(r)?,
                    deleted: r.try_get::<i64, _>("deleted")? != 0,
                    spec_count: r.try_get("spec_count")?,
                    created: r.try_get("created")?,
                    modified,
                    last_modified: modified.max(spec_modified),
                    specs: Vec::new(),
                })
            })
            .collect::<CoreResult<Vec<_>>>()?;
        let ids: Vec<i64> = goods.iter().map(|g| g.goods_id).collect();
        let mut specs = self.specs_of(&ids, f).await?;
        for g in &mut goods {
            g.specs = specs.remove(&g.goods_id).unwrap_or_default();
        }
        Ok((goods, total))
    }

    /// The specs of a page of goods, narrowed as the filter says, in id order.
    async fn specs_of(
        &self,
        goods_ids: &[i64],
        f: &GoodsFilter,
    ) -> CoreResult<HashMap<i64, Vec<SpecRow>>> {
        let cols = spec_columns().join(", ");
        let pg = self.backend == crate::store::Backend::Postgres;
        let mut out: HashMap<i64, Vec<SpecRow>> = HashMap::new();
        for chunk in goods_ids.chunks(CHUNK) {
            let mut sql = format!(
                "SELECT id, goods_id, spec_no, deleted, created, modified, {cols} FROM spec WHERE goods_id IN ({})",
                in_list(chunk.len())
            );
            if !f.include_deleted {
                sql.push_str(" AND deleted = 0");
            }
            if f.spec_no.is_some() {
                sql.push_str(" AND spec_no = ?");
            }
            if f.barcode.is_some() {
                sql.push_str(" AND barcode = ?");
            }
            sql.push_str(" ORDER BY id");
            let sql = batched(&sql, pg);
            let mut q = chunk.iter().fold(sqlx::query(&sql), |q, id| q.bind(*id));
            if let Some(s) = &f.spec_no {
                q = q.bind(s.as_str());
            }
            if let Some(b) = &f.barcode {
                q = q.bind(b.as_str());
            }
            for r in q.fetch_all(&self.pool).await? {
                let row = SpecRow {
                    spec_id: r.try_get("id")?,
                    goods_id: r.try_get("goods_id")?,
                    spec_no: r.try_get("spec_no")?,
                    record: read_spec(&r)?,
                    deleted: r.try_get::<i64, _>("deleted")? != 0,
                    created: r.try_get("created")?,
                    modified: r.try_get("modified")?,
                };
                out.entry(row.goods_id).or_default().push(row);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(no: &str) -> SpecPatch {
        SpecPatch {
            spec_no: no.into(),
            ..Default::default()
        }
    }

    fn goods(no: &str, name: Option<&str>, specs: Vec<SpecPatch>) -> GoodsPatch {
        GoodsPatch {
            goods_no: no.into(),
            texts: GoodsTexts {
                goods_name: name.map(str::to_string),
                ..Default::default()
            },
            specs,
            ..Default::default()
        }
    }

    fn kinds(p: Problems) -> Vec<(Field, Option<usize>, Kind)> {
        p.into_vec()
            .into_iter()
            .map(|p| (p.field, p.line, p.kind))
            .collect()
    }

    #[test]
    fn validation_collects_every_problem_with_flat_spec_lines() {
        let mut bad = spec("B");
        bad.amounts.retail_price = Some("1.00001".into());
        bad.amounts.tax_rate = Some("1.5".into());
        bad.ints.sn_type = Some(3);
        bad.texts.barcode = Some("x".repeat(51));
        let pushes = vec![
            goods("G1", Some("g"), vec![spec("A"), spec("A")]),
            goods("G1", Some("g"), vec![bad, spec("")]),
            goods("G3", Some("g"), vec![]),
        ];
        let mut p = Problems::new();
        validate(&pushes, &mut p);
        let k = kinds(p);
        assert_eq!(
            k,
            vec![
                (Field::SpecNo, Some(1), Kind::Repeated { value: "A".into() }),
                (
                    Field::GoodsNo,
                    Some(1),
                    Kind::Repeated { value: "G1".into() }
                ),
                (
                    Field::Barcode,
                    Some(2),
                    Kind::TooLong {
                        max: 50,
                        value: "x".repeat(51)
                    }
                ),
                (
                    Field::SpecAttribute("sn_type"),
                    Some(2),
                    Kind::OutOfRange {
                        value: "3".into(),
                        min: 0,
                        max: 2
                    }
                ),
                (
                    Field::SpecAttribute("retail_price"),
                    Some(2),
                    Kind::BadDecimal {
                        value: "1.00001".into()
                    }
                ),
                (
                    Field::SpecAttribute("tax_rate"),
                    Some(2),
                    Kind::Invalid {
                        value: "1.5".into()
                    }
                ),
                (Field::SpecNo, Some(3), Kind::Missing),
                (Field::Lines, Some(2), Kind::Missing),
            ]
        );
        assert_eq!(spec_line(&pushes, 3), Some((1, 1)));
        assert_eq!(spec_line(&pushes, 0), Some((0, 0)));
        assert_eq!(spec_line(&pushes, 4), None);
    }

    #[test]
    fn a_live_spec_of_another_goods_conflicts_but_a_deleted_one_moves() {
        let pushes = vec![goods("G2", None, vec![spec("A"), spec("D")])];
        let mut p = Problems::new();
        let checked = validate(&pushes, &mut p);
        let stored = |deleted| StoredSpec {
            goods_no: "G1".into(),
            deleted,
            record: SpecRecord::default(),
        };
        let specs = HashMap::from([("A".into(), stored(false)), ("D".into(), stored(true))]);
        check_stored(&checked, &HashMap::new(), &specs, &mut p);
        assert_eq!(
            kinds(p),
            vec![
                (Field::GoodsName, Some(0), Kind::Missing),
                (
                    Field::SpecNo,
                    Some(0),
                    Kind::Conflict {
                        value: "A".into(),
                        holder: "G1".into()
                    }
                ),
            ]
        );
        // An existing goods keeps its name when the push leaves it out.
        let mut p = Problems::new();
        let stored_goods = HashMap::from([("G2".to_string(), GoodsRecord::default())]);
        let specs = HashMap::from([("D".into(), stored(true))]);
        check_stored(&checked, &stored_goods, &specs, &mut p);
        assert!(p.is_empty());
        let w = plan(&checked, &stored_goods, &specs);
        assert!(w[0].existed);
        assert!(!w[0].specs[0].existed && w[0].specs[1].existed);
    }

    #[test]
    fn merging_keeps_what_a_push_leaves_out_and_defaults_what_is_new() {
        let mut patch = goods("G", Some("衬衫"), vec![]);
        patch.texts.brand_name = Some(String::new());
        let new = merge_goods(None, &patch);
        assert_eq!(new.texts.goods_name, "衬衫");
        assert_eq!(new.texts.brand_name, "无");
        assert_eq!(new.texts.class_name, "无");
        assert_eq!(new.texts.remark, "");
        let mut stored = new.clone();
        stored.texts.remark = "old".into();
        stored.goods_type = 1;
        let mut update = goods("G", None, vec![]);
        update.texts.alias = Some("别名".into());
        let merged = merge_goods(Some(&stored), &update);
        assert_eq!(merged.texts.goods_name, "衬衫");
        assert_eq!(merged.texts.remark, "old");
        assert_eq!(merged.texts.alias, "别名");
        assert_eq!(merged.goods_type, 1);

        let mut s = spec("A");
        s.texts.remark = Some(String::new());
        let amounts = SpecAmounts {
            retail_price: Some(Dec4::from_int(99)),
            ..Default::default()
        };
        let fresh = merge_spec(None, &s, &amounts);
        assert!(fresh.flags.is_allow_neg_stock && fresh.flags.is_zero_cost);
        assert!(!fresh.flags.is_lower_cost);
        assert_eq!(fresh.ints.replenish_type, 2);
        assert_eq!(fresh.amounts.retail_price, Dec4::from_int(99));
        let mut old = fresh.clone();
        old.texts.remark = "keep?".into();
        old.amounts.lowest_price = Dec4::from_int(5);
        let merged = merge_spec(Some(&old), &s, &SpecAmounts::default());
        assert_eq!(merged.texts.remark, "", "an empty text clears");
        assert_eq!(merged.amounts.lowest_price, Dec4::from_int(5));
        assert_eq!(merged.amounts.retail_price, Dec4::from_int(99));
    }

    #[test]
    fn columns_follow_the_attribute_declarations() {
        let cols = spec_columns();
        assert_eq!(cols.len(), 15 + 8 + 7 + 25);
        assert!(cols.contains(&"length") && cols.contains(&"consign_score"));
        assert!(goods_columns().starts_with("goods_name, short_name"));
    }
}
