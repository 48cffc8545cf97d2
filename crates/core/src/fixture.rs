//! Master data and opening stock from a TOML fixture, loaded idempotently: loading a file
//! twice leaves the database as loading it once.

use serde::Deserialize;
use sqlx::{Any, Row, Transaction};

use openwdt_wire::Dec4;

use crate::auth::WarehousePerm;
use crate::clock;
use crate::document::Series;
use crate::error::{CoreError, CoreResult};
use crate::ledger::{self, Move, Posting};
use crate::store::{batched, is_pg, values_list, Store, CHUNK};

/// The position every warehouse has for goods not yet put away.
pub const TEMP_POSITION: &str = "ZANCUN";
pub use crate::document::{SrcOrderType, StockinStatus};

/// The fixture the demo loads (`openwdt serve --demo`).
pub const DEMO: &str = include_str!("demo.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    #[serde(default)]
    pub seller: Vec<Seller>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seller {
    pub sid: String,
    pub name: String,
    #[serde(default)]
    pub app: Vec<App>,
    #[serde(default)]
    pub warehouse: Vec<Warehouse>,
    #[serde(default)]
    pub provider: Vec<Provider>,
    #[serde(default)]
    pub goods: Vec<Goods>,
    #[serde(default)]
    pub batch: Vec<Batch>,
    #[serde(default)]
    pub stock: Vec<Stock>,
    #[serde(default)]
    pub purchase_order: Vec<PurchaseOrder>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct App {
    pub key: String,
    pub secret: String,
    pub salt: String,
    #[serde(default = "all_warehouses")]
    pub warehouses: Vec<String>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

fn all_warehouses() -> Vec<String> {
    vec!["*".into()]
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warehouse {
    pub warehouse_no: String,
    pub name: String,
    #[serde(default)]
    pub positions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub provider_no: String,
    pub name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goods {
    pub goods_no: String,
    pub goods_name: String,
    #[serde(default)]
    pub spec: Vec<Spec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub spec_no: String,
    #[serde(default)]
    pub spec_name: String,
    #[serde(default)]
    pub barcode: String,
    #[serde(default)]
    pub deleted: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    pub batch_no: String,
    pub expire_date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stock {
    pub warehouse_no: String,
    pub spec_no: String,
    pub num: String,
    #[serde(default)]
    pub defect: bool,
    pub position_no: Option<String>,
    pub batch_no: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurchaseOrder {
    pub purchase_no: String,
    pub provider_no: String,
    pub warehouse_no: String,
    pub status: i64,
    #[serde(default)]
    pub remark: String,
    #[serde(default)]
    pub detail: Vec<PurchaseDetail>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurchaseDetail {
    pub spec_no: String,
    pub num: String,
    pub price: String,
    pub tax_rate: Option<String>,
}

impl Fixture {
    pub fn parse(text: &str) -> Result<Fixture, CoreError> {
        let bad = |e: toml::de::Error| CoreError::local(format!("fixture: {e}"));
        // Typed first, so an error keeps its line and column.
        let fixture: Fixture = toml::from_str(text).map_err(bad)?;
        // TOML escapes (\u0000) can spell characters no API field may hold; refuse them here
        // too, so both backends store the same text.
        let raw: toml::Value = toml::from_str(text).map_err(bad)?;
        let as_json =
            serde_json::to_value(&raw).map_err(|e| CoreError::local(format!("fixture: {e}")))?;
        if let Some((path, c)) = openwdt_wire::text::json_forbidden("", &as_json) {
            return Err(CoreError::local(format!(
                "fixture: {path} holds the control character {c}"
            )));
        }
        Ok(fixture)
    }
}

fn dec(what: &str, text: &str) -> CoreResult<Dec4> {
    Dec4::parse(text).map_err(|e| CoreError::local(format!("fixture: {what} {text:?}: {e}")))
}

async fn id_of(
    tx: &mut Transaction<'static, Any>,
    sql: &str,
    a: i64,
    b: &str,
    what: &str,
) -> CoreResult<i64> {
    match sqlx::query(sql)
        .bind(a)
        .bind(b)
        .fetch_optional(&mut **tx)
        .await?
    {
        Some(r) => Ok(r.try_get(0)?),
        None => Err(CoreError::local(format!("fixture: unknown {what} {b:?}"))),
    }
}

async fn upsert_id<'q>(
    tx: &mut Transaction<'static, Any>,
    q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
) -> CoreResult<i64> {
    let row = q.fetch_one(&mut **tx).await?;
    Ok(row.try_get(0)?)
}

impl Store {
    /// Loads a fixture in one transaction. Master data is inserted or updated; opening stock
    /// is posted (初始化入库) only where that stock row does not exist yet; purchase orders
    /// only where the purchase_no is new.
    pub async fn load_fixture(&self, fx: &Fixture) -> CoreResult<()> {
        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        let now = clock::now_millis();
        for s in &fx.seller {
            let seller_id = upsert_id(
                tx,
                sqlx::query("INSERT INTO seller (sid, name) VALUES ($1, $2) ON CONFLICT (sid) DO UPDATE SET name = excluded.name RETURNING id")
                    .bind(&s.sid)
                    .bind(&s.name),
            )
            .await?;
            for a in &s.app {
                let perm = if a.warehouses.iter().any(|w| w == "*") {
                    WarehousePerm::All
                } else {
                    WarehousePerm::Only(a.warehouses.clone())
                };
                sqlx::query(
                    "INSERT INTO app (seller_id, app_key, secret, salt, warehouses) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (seller_id, app_key) DO UPDATE SET secret = excluded.secret, salt = excluded.salt, warehouses = excluded.warehouses",
                )
                .bind(seller_id)
                .bind(&a.key)
                .bind(&a.secret)
                .bind(&a.salt)
                .bind(perm.encode())
                .execute(&mut **tx)
                .await?;
            }
            for wh in &s.warehouse {
                let wid = upsert_id(
                    tx,
                    sqlx::query(
                        "INSERT INTO warehouse (seller_id, warehouse_no, name, created, modified) VALUES ($1, $2, $3, $4, $4)
                         ON CONFLICT (seller_id, warehouse_no) DO UPDATE SET name = excluded.name RETURNING id",
                    )
                    .bind(seller_id)
                    .bind(&wh.warehouse_no)
                    .bind(&wh.name)
                    .bind(now),
                )
                .await?;
                let default = wh.positions.first().map_or(TEMP_POSITION, String::as_str);
                sqlx::query("UPDATE position SET is_default = 0 WHERE warehouse_id = $1")
                    .bind(wid)
                    .execute(&mut **tx)
                    .await?;
                for p in wh
                    .positions
                    .iter()
                    .map(String::as_str)
                    .chain([TEMP_POSITION])
                {
                    sqlx::query(
                        "INSERT INTO position (warehouse_id, position_no, is_default) VALUES ($1, $2, $3)
                         ON CONFLICT (warehouse_id, position_no) DO UPDATE SET is_default = excluded.is_default",
                    )
                    .bind(wid)
                    .bind(p)
                    .bind(i64::from(p == default))
                    .execute(&mut **tx)
                    .await?;
                }
            }
            for p in &s.provider {
                sqlx::query(
                    "INSERT INTO provider (seller_id, provider_no, name, created, modified) VALUES ($1, $2, $3, $4, $4)
                     ON CONFLICT (seller_id, provider_no) DO UPDATE SET name = excluded.name",
                )
                .bind(seller_id)
                .bind(&p.provider_no)
                .bind(&p.name)
                .bind(now)
                .execute(&mut **tx)
                .await?;
            }
            for g in &s.goods {
                let gid = upsert_id(
                    tx,
                    sqlx::query(
                        "INSERT INTO goods (seller_id, goods_no, goods_name, created, modified) VALUES ($1, $2, $3, $4, $4)
                         ON CONFLICT (seller_id, goods_no) DO UPDATE SET goods_name = excluded.goods_name RETURNING id",
                    )
                    .bind(seller_id)
                    .bind(&g.goods_no)
                    .bind(&g.goods_name)
                    .bind(now),
                )
                .await?;
                for chunk in g.spec.chunks(CHUNK) {
                    let sql = format!(
                        "INSERT INTO spec (seller_id, goods_id, spec_no, spec_name, barcode, deleted, created, modified) VALUES {}
                         ON CONFLICT (seller_id, spec_no) DO UPDATE SET goods_id = excluded.goods_id, spec_name = excluded.spec_name,
                           barcode = excluded.barcode, deleted = excluded.deleted",
                        values_list(chunk.len(), 8)
                    );
                    let sql = batched(&sql, is_pg(tx));
                    let mut q = sqlx::query(&sql);
                    for sp in chunk {
                        q = q
                            .bind(seller_id)
                            .bind(gid)
                            .bind(&sp.spec_no)
                            .bind(&sp.spec_name)
                            .bind(&sp.barcode)
                            .bind(i64::from(sp.deleted))
                            .bind(now)
                            .bind(now);
                    }
                    q.execute(&mut **tx).await?;
                }
            }
            for b in &s.batch {
                if let Some(d) = &b.expire_date {
                    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                        CoreError::local(format!(
                            "fixture: batch {:?}: expire_date {d:?} is not yyyy-MM-dd",
                            b.batch_no
                        ))
                    })?;
                }
                sqlx::query(
                    "INSERT INTO batch (seller_id, batch_no, expire_date) VALUES ($1, $2, $3)
                     ON CONFLICT (seller_id, batch_no) DO UPDATE SET expire_date = excluded.expire_date",
                )
                .bind(seller_id)
                .bind(&b.batch_no)
                .bind(&b.expire_date)
                .execute(&mut **tx)
                .await?;
            }
            load_stock(tx, seller_id, &s.stock, now).await?;
            load_purchase_orders(tx, seller_id, &s.purchase_order, now).await?;
        }
        w.tx.commit().await?;
        Ok(())
    }
}

async fn load_stock(
    tx: &mut Transaction<'static, Any>,
    seller_id: i64,
    stock: &[Stock],
    now: i64,
) -> CoreResult<()> {
    // Opening stock: one completed document per warehouse that receives any.
    let mut by_wh: Vec<(String, Vec<&Stock>)> = Vec::new();
    for st in stock {
        match by_wh.iter_mut().find(|(w, _)| *w == st.warehouse_no) {
            Some((_, v)) => v.push(st),
            None => by_wh.push((st.warehouse_no.clone(), vec![st])),
        }
    }
    for (wno, rows) in by_wh {
        let wid = id_of(
            tx,
            "SELECT id FROM warehouse WHERE seller_id = $1 AND warehouse_no = $2",
            seller_id,
            &wno,
            "warehouse_no",
        )
        .await?;
        let mut moves = Vec::new();
        let mut spec_ids = Vec::new();
        for st in rows {
            let num = dec("stock num", &st.num)?;
            if num.is_negative() {
                return Err(CoreError::local(format!(
                    "fixture: stock num {:?} is negative",
                    st.num
                )));
            }
            let spec_id = id_of(
                tx,
                "SELECT id FROM spec WHERE seller_id = $1 AND spec_no = $2",
                seller_id,
                &st.spec_no,
                "spec_no",
            )
            .await?;
            let position_id = match &st.position_no {
                Some(p) => {
                    id_of(
                        tx,
                        "SELECT id FROM position WHERE warehouse_id = $1 AND position_no = $2",
                        wid,
                        p,
                        "position_no",
                    )
                    .await?
                }
                None => crate::master::default_position(tx, wid).await?,
            };
            let batch_id = match &st.batch_no {
                Some(b) => {
                    id_of(
                        tx,
                        "SELECT id FROM batch WHERE seller_id = $1 AND batch_no = $2",
                        seller_id,
                        b,
                        "batch_no",
                    )
                    .await?
                }
                None => 0,
            };
            let exists = sqlx::query(
                "SELECT d.id FROM stock_detail d JOIN stock_spec s ON s.id = d.stock_spec_id
                 WHERE s.warehouse_id = $1 AND s.spec_id = $2 AND s.defect = $3 AND d.position_id = $4 AND d.batch_id = $5",
            )
            .bind(wid)
            .bind(spec_id)
            .bind(i64::from(st.defect))
            .bind(position_id)
            .bind(batch_id)
            .fetch_optional(&mut **tx)
            .await?
            .is_some();
            if !exists && !num.is_zero() {
                spec_ids.push(spec_id);
                moves.push(Move {
                    spec_id,
                    defect: st.defect,
                    position_id,
                    batch_id,
                    delta: num.raw(),
                    remark: String::new(),
                });
            }
        }
        if moves.is_empty() {
            continue;
        }
        let doc_no = Series::Opening.next(tx, seller_id, now).await?;
        let in_no = Series::StockIn.next(tx, seller_id, now).await?;
        let row = sqlx::query(
            "INSERT INTO document (seller_id, kind, doc_no, status, warehouse_id, creator, remark, mode, defect_mode, created, modified)
             VALUES ($1, 'init', $2, $3, $4, 'fixture', '初始化库存', 0, 0, $5, $5) RETURNING id",
        )
        .bind(seller_id)
        .bind(&doc_no)
        .bind(StockinStatus::Done.code())
        .bind(wid)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        let document_id: i64 = row.try_get(0)?;
        let mut snap = ledger::load(tx, wid, &spec_ids).await?;
        let p = Posting {
            seller_id,
            document_id,
            src_order_type: SrcOrderType::Opening.code(),
            operator: "fixture",
            in_no: &in_no,
            out_no: "",
            is_stocktake: false,
        };
        ledger::apply(tx, &mut snap, moves, &p, now).await?;
    }
    Ok(())
}

async fn load_purchase_orders(
    tx: &mut Transaction<'static, Any>,
    seller_id: i64,
    orders: &[PurchaseOrder],
    now: i64,
) -> CoreResult<()> {
    for po in orders {
        if ![10, 20, 30, 40, 50, 60, 90].contains(&po.status) {
            return Err(CoreError::local(format!(
                "fixture: purchase_order {:?}: unknown status {}",
                po.purchase_no, po.status
            )));
        }
        let exists =
            sqlx::query("SELECT id FROM purchase_order WHERE seller_id = $1 AND purchase_no = $2")
                .bind(seller_id)
                .bind(&po.purchase_no)
                .fetch_optional(&mut **tx)
                .await?
                .is_some();
        if exists {
            continue;
        }
        let provider_id = id_of(
            tx,
            "SELECT id FROM provider WHERE seller_id = $1 AND provider_no = $2",
            seller_id,
            &po.provider_no,
            "provider_no",
        )
        .await?;
        let warehouse_id = id_of(
            tx,
            "SELECT id FROM warehouse WHERE seller_id = $1 AND warehouse_no = $2",
            seller_id,
            &po.warehouse_no,
            "warehouse_no",
        )
        .await?;
        let row = sqlx::query(
            "INSERT INTO purchase_order (seller_id, purchase_no, provider_id, warehouse_id, status, remark, created, modified)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(seller_id)
        .bind(&po.purchase_no)
        .bind(provider_id)
        .bind(warehouse_id)
        .bind(po.status)
        .bind(&po.remark)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        let purchase_id: i64 = row.try_get(0)?;
        for d in &po.detail {
            let spec_id = id_of(
                tx,
                "SELECT id FROM spec WHERE seller_id = $1 AND spec_no = $2",
                seller_id,
                &d.spec_no,
                "spec_no",
            )
            .await?;
            let tax = match &d.tax_rate {
                Some(t) => dec("tax_rate", t)?,
                None => Dec4::ZERO,
            };
            sqlx::query(
                "INSERT INTO purchase_order_detail (purchase_id, spec_id, num, arrive_num, price, tax_rate) VALUES ($1, $2, $3, 0, $4, $5)",
            )
            .bind(purchase_id)
            .bind(spec_id)
            .bind(dec("purchase num", &d.num)?.raw())
            .bind(dec("price", &d.price)?.raw())
            .bind(tax.raw())
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}
