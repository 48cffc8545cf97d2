//! Warehouses and positions (仓库, 默认货位): `setting.Warehouse.queryWarehouse` /
//! `warehouse_query.php`, and the flagship's `wms.PositionCapacity.search`.

use openwdt_core::clock;
use openwdt_core::warehouse::{PositionFilter, WarehouseFilter, WarehouseRow};
use openwdt_wire::api::master::enterprise as ea;
use openwdt_wire::api::master::flagship as fa;
use openwdt_wire::Dec4;

use crate::enterprise::{self as ent, first_page_total};
use crate::flagship::{self as flag, range, required, Out};

/// Decided: the flagship documents no span for the warehouse query's window; any span is
/// taken (a seller has few warehouses).
const ANY_SPAN: i64 = i64::MAX / 1000;
/// `wms.PositionCapacity.search`: "时间跨度不能大于7天".
const DAYS_7: i64 = 7 * 86_400;

impl flag::Op for fa::WarehouseQueryCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::WarehouseQueryArgs,
    ) -> Result<Out<fa::WarehouseList>, flag::Fail> {
        let q = req.params;
        let times = range(
            ("start_time", q.start_time.as_deref()),
            ("end_time", q.end_time.as_deref()),
            ANY_SPAN,
            false,
        )?;
        let f = WarehouseFilter {
            warehouse_no: q.warehouse_no,
            name: q.warehouse_name,
            warehouse_type: q.warehouse_type,
            sub_type: q.sub_type,
            modified_from: times.map(|t| t.0),
            modified_to: times.map(|t| t.1),
            // 0 shows every warehouse; 1 (the default) hides disabled ones.
            include_disabled: q.hide_delete == Some(0),
        };
        let (rows, total) = c
            .state
            .store
            .query_warehouses(&c.caller, &f, c.page())
            .await?;
        let details = rows
            .into_iter()
            .map(|w| fa::Warehouse {
                warehouse_id: w.warehouse_id,
                warehouse_no: w.warehouse_no,
                name: w.name,
                zip: w.zip,
                address: w.address,
                province: w.province,
                city: w.city,
                district: w.district,
                mobile: w.mobile,
                remark: w.remark,
                warehouse_type: w.warehouse_type,
                telno: w.telno,
                sub_type: w.sub_type,
                contact: w.contact,
                modified: w.modified,
                is_disabled: w.is_disabled,
                created: clock::format_millis(w.created),
                purchase_contact: w.purchase_contact,
                purchase_telno: w.purchase_telno,
                purchase_address: w.purchase_address,
                prop1: w.prop1,
                prop2: w.prop2,
            })
            .collect();
        Ok(Out::data(fa::WarehouseList {
            total_count: total,
            details,
        }))
    }
}

fn enterprise_warehouse(w: WarehouseRow) -> ea::Warehouse {
    ea::Warehouse {
        warehouse_no: w.warehouse_no,
        name: w.name,
        warehouse_type: w.warehouse_type,
        ext_warehouse_no: w.ext_warehouse_no,
        province: w.province,
        city: w.city,
        district: w.district,
        address: w.address,
        contact: w.contact,
        telno: w.telno,
        zip: w.zip,
        mobile: w.mobile,
        is_defect: i64::from(w.is_defect),
        remark: w.remark,
        prop1: w.prop1,
        prop2: w.prop2,
        modified: clock::format_millis(w.modified),
        warehouse_id: w.warehouse_id,
        match_warehouse_id: 0,
        is_disabled: if w.is_disabled { "1" } else { "0" }.into(),
        created: clock::format_millis(w.created),
        coordinates_x: Dec4::ZERO.into(),
        coordinates_y: Dec4::ZERO.into(),
    }
}

impl ent::Op for ea::WarehouseQueryCall {
    async fn run(
        c: &ent::Ctx<'_>,
        req: ea::WarehouseQuery,
    ) -> Result<ea::WarehouseQueryAnswer, ent::Fail> {
        let f = WarehouseFilter {
            warehouse_no: req.warehouse_no,
            // 0 or absent: every type. Decided: a type code is stored once and answered as is
            // by both editions (1 普通 and 2 自流转 mean the same in both tables).
            warehouse_type: req.warehouse_type.filter(|t| *t != 0),
            sub_type: req.sub_type,
            // Decided: the edition answers `is_disabled` per warehouse, so disabled ones are
            // listed too ("全量获取").
            include_disabled: true,
            ..Default::default()
        };
        let page = c.page();
        let (rows, total) = c.state.store.query_warehouses(&c.caller, &f, page).await?;
        Ok(ea::WarehouseQueryAnswer {
            total_count: first_page_total(page, total),
            warehouses: rows.into_iter().map(enterprise_warehouse).collect(),
        })
    }
}

impl flag::Op for fa::PositionSearchCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::PositionSearchArgs,
    ) -> Result<Out<fa::PositionList>, flag::Fail> {
        let q = req.params;
        let times = range(
            ("start_time", q.start_time.as_deref()),
            ("end_time", q.end_time.as_deref()),
            DAYS_7,
            false,
        )?;
        if times.is_none() {
            // Without times, warehouse_no and spec_no are required.
            required(
                q.warehouse_no.as_deref().unwrap_or(""),
                "仓库编号",
                "warehouse_no",
            )?;
            required(q.spec_no.as_deref().unwrap_or(""), "商家编码", "spec_no")?;
        }
        c.state
            .store
            .require_warehouse(&c.caller, q.warehouse_no.as_deref())
            .await?;
        let f = PositionFilter {
            warehouse_no: q.warehouse_no,
            spec_no: q.spec_no,
            goods_no: q.goods_no,
            modified_from: times.map(|t| t.0),
            modified_to: times.map(|t| t.1),
        };
        let (rows, total) = c
            .state
            .store
            .search_positions(&c.caller, &f, c.page())
            .await?;
        let detail_list = rows
            .into_iter()
            .map(|r| fa::PositionCapacity {
                rec_id: r.rec_id,
                defect: r.defect,
                stock_num: r.stock_num,
                spec_id: r.spec_id,
                spec_no: r.spec_no,
                goods_no: r.goods_no,
                goods_name: r.goods_name,
                short_name: r.short_name,
                spec_code: r.spec_code,
                spec_name: r.spec_name,
                barcode: r.barcode,
                brand_name: r.brand_name,
                brand_id: 0,
                class_name: r.class_name,
                class_id: 0,
                warehouse_id: r.warehouse_id,
                warehouse_no: r.warehouse_no,
                zone_id: 0,
                zone_no: String::new(),
                position_id: r.position_id,
                position_no: r.position_no,
            })
            .collect();
        Ok(Out::data(fa::PositionList {
            detail_list,
            total_count: total,
        }))
    }
}
