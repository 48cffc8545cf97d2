//! Warehouses and positions as the queries read them (flagship
//! `setting.Warehouse.queryWarehouse` and `wms.PositionCapacity.search`, enterprise
//! `warehouse_query.php`). Scoped to the caller's seller and the warehouses its app may see.

use openwdt_wire::Dec4;
use sqlx::Row;

use crate::auth::Caller;
use crate::error::CoreResult;
use crate::query::{Filter, Page};
use crate::store::Store;

/// Which warehouses a query answers; time bounds are over the last modification (unix
/// milliseconds, inclusive).
#[derive(Clone, Debug, Default)]
pub struct WarehouseFilter {
    pub warehouse_no: Option<String>,
    pub name: Option<String>,
    /// The vendor's type code (1 普通 …); `None` answers every type.
    pub warehouse_type: Option<i64>,
    pub sub_type: Option<i64>,
    pub modified_from: Option<i64>,
    pub modified_to: Option<i64>,
    /// Answer disabled warehouses too (the flagship's `hide_delete=0`).
    pub include_disabled: bool,
}

/// A warehouse with everything both editions answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarehouseRow {
    pub warehouse_id: i64,
    pub warehouse_no: String,
    pub name: String,
    pub warehouse_type: i64,
    pub sub_type: i64,
    pub province: String,
    pub city: String,
    pub district: String,
    pub address: String,
    pub zip: String,
    pub contact: String,
    pub telno: String,
    pub mobile: String,
    pub remark: String,
    pub prop1: String,
    pub prop2: String,
    pub ext_warehouse_no: String,
    pub purchase_contact: String,
    pub purchase_telno: String,
    pub purchase_address: String,
    pub is_defect: bool,
    pub is_disabled: bool,
    /// The position stock goes to when none is named.
    pub default_position_no: String,
    pub created: i64,
    pub modified: i64,
}

const WAREHOUSE_VIEW: &str = "(SELECT w.*, COALESCE((SELECT p.position_no FROM position p WHERE p.warehouse_id = w.id AND p.is_default = 1), '') AS default_position_no FROM warehouse w) v";

/// Which (warehouse, spec, position) rows `search_positions` answers; time bounds are over
/// the row's last modification.
#[derive(Clone, Debug, Default)]
pub struct PositionFilter {
    pub warehouse_no: Option<String>,
    pub spec_no: Option<String>,
    pub goods_no: Option<String>,
    pub modified_from: Option<i64>,
    pub modified_to: Option<i64>,
}

/// A spec's stock of one kind (normal or defect) at one position of a warehouse, over all
/// its batches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PositionRow {
    /// The lowest id of the stock rows summed; 0 for a spec with no stock in the warehouse,
    /// answered at the warehouse's default position.
    pub rec_id: i64,
    pub warehouse_id: i64,
    pub warehouse_no: String,
    pub position_id: i64,
    pub position_no: String,
    pub is_default: bool,
    pub spec_id: i64,
    pub spec_no: String,
    pub spec_code: String,
    pub spec_name: String,
    pub barcode: String,
    pub goods_no: String,
    pub goods_name: String,
    pub short_name: String,
    pub brand_name: String,
    pub class_name: String,
    pub defect: bool,
    pub stock_num: Dec4,
    pub modified: i64,
}

const POSITION_COLS: &str = "w.id AS warehouse_id, w.warehouse_no, p.id AS position_id, p.position_no, p.is_default,
    sp.id AS spec_id, sp.spec_no, sp.spec_code, sp.spec_name, sp.barcode, g.goods_no, g.goods_name, g.short_name,
    g.brand_name, g.class_name";

/// Stock per (warehouse, spec, defect, position), summed over batches.
fn stocked_positions() -> String {
    format!(
        "SELECT MIN(sd.id) AS rec_id, s.seller_id, {POSITION_COLS}, s.defect,
           CAST(SUM(sd.num) AS BIGINT) AS stock_num, MAX(sd.modified) AS modified
         FROM stock_detail sd JOIN stock_spec s ON s.id = sd.stock_spec_id JOIN warehouse w ON w.id = s.warehouse_id
         JOIN position p ON p.id = sd.position_id JOIN spec sp ON sp.id = s.spec_id JOIN goods g ON g.id = sp.goods_id
         GROUP BY s.seller_id, w.id, w.warehouse_no, p.id, p.position_no, p.is_default, sp.id, sp.spec_no, sp.spec_code,
           sp.spec_name, sp.barcode, g.goods_no, g.goods_name, g.short_name, g.brand_name, g.class_name, s.defect"
    )
}

/// The default position of every warehouse for the spec named by `$2` where the warehouse
/// holds none of it (seller `$1`).
fn default_positions_of_spec() -> String {
    format!(
        "SELECT 0 AS rec_id, w.seller_id, {POSITION_COLS}, 0 AS defect, 0 AS stock_num, sp.modified AS modified
         FROM warehouse w JOIN position p ON p.warehouse_id = w.id AND p.is_default = 1
         JOIN spec sp ON sp.seller_id = w.seller_id AND sp.spec_no = $2 AND sp.deleted = 0
         JOIN goods g ON g.id = sp.goods_id
         WHERE w.seller_id = $1 AND NOT EXISTS (SELECT 1 FROM stock_spec s WHERE s.warehouse_id = w.id AND s.spec_id = sp.id)"
    )
}

impl Store {
    /// The seller's warehouses the app may see, in id order.
    pub async fn query_warehouses(
        &self,
        caller: &Caller,
        f: &WarehouseFilter,
        page: Page,
    ) -> CoreResult<(Vec<WarehouseRow>, i64)> {
        let mut w = Filter::new("seller_id", caller.seller_id);
        w.perm("warehouse_no", &caller.warehouses);
        w.maybe_text("warehouse_no = $?", f.warehouse_no.as_deref());
        w.maybe_text("name = $?", f.name.as_deref());
        w.maybe_int("warehouse_type = $?", f.warehouse_type);
        w.maybe_int("sub_type = $?", f.sub_type);
        w.maybe_int("modified >= $?", f.modified_from);
        w.maybe_int("modified <= $?", f.modified_to);
        if !f.include_disabled {
            w.int("is_disabled = $?", 0);
        }
        let (rows, total) = w.fetch(self, WAREHOUSE_VIEW, "id", page).await?;
        let t = |r: &sqlx::any::AnyRow, c: &str| -> CoreResult<String> { Ok(r.try_get(c)?) };
        let rows = rows
            .iter()
            .map(|r| {
                Ok(WarehouseRow {
                    warehouse_id: r.try_get("id")?,
                    warehouse_no: t(r, "warehouse_no")?,
                    name: t(r, "name")?,
                    warehouse_type: r.try_get("warehouse_type")?,
                    sub_type: r.try_get("sub_type")?,
                    province: t(r, "province")?,
                    city: t(r, "city")?,
                    district: t(r, "district")?,
                    address: t(r, "address")?,
                    zip: t(r, "zip")?,
                    contact: t(r, "contact")?,
                    telno: t(r, "telno")?,
                    mobile: t(r, "mobile")?,
                    remark: t(r, "remark")?,
                    prop1: t(r, "prop1")?,
                    prop2: t(r, "prop2")?,
                    ext_warehouse_no: t(r, "ext_warehouse_no")?,
                    purchase_contact: t(r, "purchase_contact")?,
                    purchase_telno: t(r, "purchase_telno")?,
                    purchase_address: t(r, "purchase_address")?,
                    is_defect: r.try_get::<i64, _>("is_defect")? != 0,
                    is_disabled: r.try_get::<i64, _>("is_disabled")? != 0,
                    default_position_no: t(r, "default_position_no")?,
                    created: r.try_get("created")?,
                    modified: r.try_get("modified")?,
                })
            })
            .collect::<CoreResult<Vec<_>>>()?;
        Ok((rows, total))
    }

    /// Where specs are kept: per warehouse, spec, defect and position, the stock summed over
    /// batches, ordered by warehouse, spec, defect and position.
    ///
    /// Decided: openwdt assigns no position to a spec (stock goes to the position a document
    /// names, else to the warehouse's default position), so a spec's positions are those
    /// holding its stock; and when `spec_no` is given, every warehouse holding none of it
    /// answers its default position with zero stock (`rec_id` 0), which is where that spec's
    /// stock would go.
    pub async fn search_positions(
        &self,
        caller: &Caller,
        f: &PositionFilter,
        page: Page,
    ) -> CoreResult<(Vec<PositionRow>, i64)> {
        let mut w = Filter::new("seller_id", caller.seller_id);
        // First after the seller, so the default-position rows can name it `$2`.
        w.maybe_text("spec_no = $?", f.spec_no.as_deref());
        let view = if f.spec_no.is_some() {
            format!(
                "({} UNION ALL {}) v",
                stocked_positions(),
                default_positions_of_spec()
            )
        } else {
            format!("({}) v", stocked_positions())
        };
        w.perm("warehouse_no", &caller.warehouses);
        w.maybe_text("warehouse_no = $?", f.warehouse_no.as_deref());
        w.maybe_text("goods_no = $?", f.goods_no.as_deref());
        w.maybe_int("modified >= $?", f.modified_from);
        w.maybe_int("modified <= $?", f.modified_to);
        let (rows, total) = w
            .fetch(
                self,
                &view,
                "warehouse_id, spec_id, defect, position_id",
                page,
            )
            .await?;
        let rows = rows
            .iter()
            .map(|r| {
                Ok(PositionRow {
                    rec_id: r.try_get("rec_id")?,
                    warehouse_id: r.try_get("warehouse_id")?,
                    warehouse_no: r.try_get("warehouse_no")?,
                    position_id: r.try_get("position_id")?,
                    position_no: r.try_get("position_no")?,
                    is_default: r.try_get::<i64, _>("is_default")? != 0,
                    spec_id: r.try_get("spec_id")?,
                    spec_no: r.try_get("spec_no")?,
                    spec_code: r.try_get("spec_code")?,
                    spec_name: r.try_get("spec_name")?,
                    barcode: r.try_get("barcode")?,
                    goods_no: r.try_get("goods_no")?,
                    goods_name: r.try_get("goods_name")?,
                    short_name: r.try_get("short_name")?,
                    brand_name: r.try_get("brand_name")?,
                    class_name: r.try_get("class_name")?,
                    defect: r.try_get::<i64, _>("defect")? != 0,
                    stock_num: Dec4::from_raw(r.try_get("stock_num")?),
                    modified: r.try_get("modified")?,
                })
            })
            .collect::<CoreResult<Vec<_>>>()?;
        Ok((rows, total))
    }
}
