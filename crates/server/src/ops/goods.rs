//! Goods and their specs (货品档案): `goods.Goods.push` / `goods_push.php`,
//! `goods.Goods.queryWithSpec` / `goods_query.php`.

use openwdt_core::goods::{
    spec_line, GoodsFilter, GoodsPatch, GoodsRow, GoodsTexts, SpecAmounts, SpecFlags, SpecInts,
    SpecPatch, SpecRow, SpecTexts,
};
use openwdt_core::problem::{Field, Problem};
use openwdt_core::{clock, CoreError};
use openwdt_wire::api::master::enterprise as ea;
use openwdt_wire::api::master::flagship as fa;
use openwdt_wire::enterprise::CODE_MISSING;
use openwdt_wire::Num;

use crate::enterprise::{self as ent, first_page_total, window};
use crate::flagship::{self as flag, range, Out, DAYS_30};

fn text(v: Option<Num>) -> Option<String> {
    v.map(Num::into_string)
}

/// Whether a problem is about a spec (its line counts specs over the whole push) rather
/// than about its goods (its line is the goods' index).
fn is_spec_field(f: Field) -> bool {
    matches!(
        f,
        Field::SpecNo
            | Field::SpecName
            | Field::SpecCode
            | Field::Barcode
            | Field::SpecAttribute(_)
    )
}

// ---- goods.Goods.push ----

fn flagship_spec(s: fa::SpecInfo) -> SpecPatch {
    SpecPatch {
        spec_no: s.spec_no,
        texts: SpecTexts {
            spec_code: s.spec_code,
            barcode: s.barcode,
            spec_name: s.spec_name,
            goods_label: s.goods_label,
            img_url: s.img_url,
            remark: s.remark,
            tax_code: s.tax_code,
            unit_name: s.unit_name,
            aux_unit_name: s.aux_unit_name,
            prop1: s.prop1,
            prop2: s.prop2,
            prop3: s.prop3,
            prop4: s.prop4,
            prop5: s.prop5,
            prop6: s.prop6,
        },
        ints: SpecInts {
            wms_process_mask: s.wms_process_mask,
            sn_type: s.sn_type,
            validity_days: s.validity_days,
            sales_days: s.sales_days,
            receive_days: s.receive_days,
            large_type: s.large_type,
            validity_type: s.validity_type,
            replenish_type: None,
        },
        flags: SpecFlags {
            is_lower_cost: s.is_lower_cost,
            ..Default::default()
        },
        amounts: SpecAmounts {
            lowest_price: text(s.lowest_price),
            retail_price: text(s.retail_price),
            wholesale_price: text(s.wholesale_price),
            member_price: text(s.member_price),
            market_price: text(s.market_price),
            weight: text(s.weight),
            height: text(s.height),
            length: text(s.length),
            width: text(s.width),
            custom_price1: text(s.custom_price1),
            custom_price2: text(s.custom_price2),
            tax_rate: None,
            sale_score: text(s.sale_score),
            pack_score: text(s.pack_score),
            pick_score: text(s.pick_score),
            sort_score: text(s.sort_score),
            scan_score: text(s.scan_score),
            supply_score: text(s.supply_score),
            shelve_score: text(s.shelve_score),
            stockin_score: text(s.stockin_score),
            inspect_score: text(s.inspect_score),
            packing_score: text(s.packing_score),
            operate_score: text(s.operate_score),
            weigh_score: text(s.weigh_score),
            consign_score: text(s.consign_score),
        },
    }
}

/// A flagship push's problem, named as its arguments name it: goods fields by their name in
/// `goodsInfo`, spec fields as `specInfoList[i].name`.
fn flagship_push_name(p: &Problem) -> String {
    let name = match p.field {
        Field::GoodsNo => "goods_no",
        Field::GoodsName => "goods_name",
        Field::SpecNo => "spec_no",
        Field::SpecName => "spec_name",
        Field::SpecCode => "spec_code",
        Field::Barcode => "barcode",
        Field::Remark => "remark",
        Field::Attribute(n) | Field::SpecAttribute(n) => n,
        Field::Lines => return "specInfoList".into(),
        other => crate::ops::domain_name(other),
    };
    match p.line {
        Some(i) if is_spec_field(p.field) => format!("specInfoList[{i}].{name}"),
        _ => name.to_string(),
    }
}

impl flag::Op for fa::GoodsPushCall {
    async fn run(c: &flag::Ctx<'_>, req: fa::GoodsPushArgs) -> Result<Out<i64>, flag::Fail> {
        let g = req.goods;
        // Decided: openwdt keeps brands and classes as names on the goods (no archive of its
        // own), so `auto_create_bc` has nothing to create and any name is taken as sent.
        let patch = GoodsPatch {
            goods_no: g.goods_no,
            goods_type: g.goods_type,
            texts: GoodsTexts {
                goods_name: g.goods_name,
                short_name: g.short_name,
                alias: g.alias,
                pinyin: g.pinyin,
                origin: g.origin,
                remark: g.remark,
                class_name: g.class_name,
                brand_name: g.brand_name,
                unit_name: g.unit_name,
                aux_unit_name: g.aux_unit_name,
                flag_name: g.flag_name,
                prop1: g.prop1,
                prop2: g.prop2,
                prop3: g.prop3,
                prop4: g.prop4,
                prop5: g.prop5,
                prop6: g.prop6,
            },
            specs: req.specs.into_iter().map(flagship_spec).collect(),
        };
        let pushed = c
            .state
            .store
            .push_goods(&c.caller, std::slice::from_ref(&patch))
            .await
            .map_err(|e| match e {
                CoreError::Problems(list) => flag::problems_at(&list, flagship_push_name),
                other => other.into(),
            })?;
        Ok(Out::data(pushed[0].goods_id))
    }
}

fn enterprise_spec(s: ea::SpecInfo) -> SpecPatch {
    SpecPatch {
        spec_no: s.spec_no,
        texts: SpecTexts {
            spec_code: s.spec_code,
            barcode: s.barcode,
            spec_name: s.spec_name,
            goods_label: None,
            img_url: s.img_url,
            remark: s.spec_remark,
            tax_code: s.tax_code,
            unit_name: s.spec_unit_name,
            aux_unit_name: s.spec_aux_unit_name,
            prop1: s.prop1,
            prop2: s.prop2,
            prop3: s.prop3,
            prop4: s.prop4,
            prop5: s.prop5,
            prop6: s.prop6,
        },
        ints: SpecInts {
            sn_type: s.is_sn_enable,
            validity_days: s.validity_days,
            large_type: s.large_type,
            replenish_type: s.replenish_type,
            ..Default::default()
        },
        flags: SpecFlags {
            is_lower_cost: s.is_lower_cost,
            is_allow_neg_stock: s.is_allow_neg_stock,
            is_single_batch: s.is_single_batch,
            is_not_need_examine: s.is_not_need_examine,
            is_zero_cost: s.is_zero_cost,
            is_not_use_air: s.is_not_use_air,
            is_popular: s.is_popular,
        },
        amounts: SpecAmounts {
            lowest_price: text(s.lowest_price),
            retail_price: text(s.retail_price),
            wholesale_price: text(s.wholesale_price),
            member_price: text(s.member_price),
            market_price: text(s.market_price),
            weight: text(s.weight),
            length: text(s.length),
            width: text(s.width),
            height: text(s.height),
            custom_price1: text(s.custom_price1),
            custom_price2: text(s.custom_price2),
            tax_rate: text(s.tax_rate),
            sale_score: text(s.sale_score),
            pack_score: text(s.pack_score),
            pick_score: text(s.pick_score),
            ..Default::default()
        },
    }
}

fn enterprise_goods(g: ea::GoodsInfo) -> GoodsPatch {
    GoodsPatch {
        goods_no: g.goods_no,
        goods_type: g.goods_type,
        texts: GoodsTexts {
            goods_name: g.goods_name,
            short_name: g.short_name,
            alias: g.alias,
            pinyin: g.pinyin,
            origin: g.origin,
            remark: g.remark,
            class_name: g.class_name,
            brand_name: g.brand_name,
            unit_name: g.unit_name,
            aux_unit_name: g.aux_unit_name,
            flag_name: g.flag_name,
            prop1: g.props1,
            prop2: g.props2,
            prop3: g.props3,
            prop4: g.props4,
            prop5: g.props5,
            prop6: g.props6,
        },
        specs: g.spec_list.into_iter().map(enterprise_spec).collect(),
    }
}

/// An enterprise push's problem at its path: `goods_list[i].name` for a goods field,
/// `goods_list[i].spec_list[j].name` for a spec field, in the edition's names (`props1`,
/// `spec_remark`, `spec_unit_name`, `is_sn_enable`).
fn enterprise_push_name(pushes: &[GoodsPatch], p: &Problem) -> String {
    let name = match p.field {
        Field::GoodsNo => "goods_no",
        Field::GoodsName => "goods_name",
        Field::SpecNo => "spec_no",
        Field::SpecName => "spec_name",
        Field::SpecCode => "spec_code",
        Field::Barcode => "barcode",
        Field::Remark => "remark",
        Field::Attribute(n) => match n {
            "prop1" => "props1",
            "prop2" => "props2",
            "prop3" => "props3",
            "prop4" => "props4",
            "prop5" => "props5",
            "prop6" => "props6",
            n => n,
        },
        Field::SpecAttribute(n) => match n {
            "remark" => "spec_remark",
            "unit_name" => "spec_unit_name",
            "aux_unit_name" => "spec_aux_unit_name",
            "sn_type" => "is_sn_enable",
            n => n,
        },
        Field::Lines => "spec_list",
        other => crate::ops::domain_name(other),
    };
    match (p.line, p.field) {
        (None, Field::Lines) => "goods_list".into(),
        (Some(flat), f) if is_spec_field(f) => match spec_line(pushes, flat) {
            Some((g, s)) => format!("goods_list[{g}].spec_list[{s}].{name}"),
            None => name.to_string(),
        },
        (Some(g), _) => format!("goods_list[{g}].{name}"),
        (None, _) => name.to_string(),
    }
}

impl ent::Op for ea::GoodsPushCall {
    async fn run(c: &ent::Ctx<'_>, req: ea::GoodsPush) -> Result<ea::GoodsPushAnswer, ent::Fail> {
        let pushes: Vec<GoodsPatch> = req.goods_list.into_iter().map(enterprise_goods).collect();
        c.state
            .store
            .push_goods(&c.caller, &pushes)
            .await
            .map_err(|e| match e {
                CoreError::Problems(list) => {
                    ent::problems_at(&list, |p| enterprise_push_name(&pushes, p))
                }
                other => other.into(),
            })?;
        Ok(ea::GoodsPushAnswer {})
    }
}

// ---- goods.Goods.queryWithSpec ----

fn flagship_spec_row(s: SpecRow) -> fa::Spec {
    let r = s.record;
    let barcode_list = if r.texts.barcode.is_empty() {
        Vec::new()
    } else {
        vec![fa::Barcode {
            barcode: r.texts.barcode.clone(),
            barcode_type: 1,
            is_master: 1,
            modified: clock::format_millis(s.modified),
        }]
    };
    let a = r.amounts;
    fa::Spec {
        goods_id: s.goods_id,
        spec_id: s.spec_id,
        spec_no: s.spec_no,
        spec_code: r.texts.spec_code,
        barcode: r.texts.barcode,
        spec_name: r.texts.spec_name,
        lowest_price: a.lowest_price,
        retail_price: a.retail_price,
        wholesale_price: a.wholesale_price,
        member_price: a.member_price,
        market_price: a.market_price,
        validity_days: r.ints.validity_days,
        sales_days: r.ints.sales_days,
        receive_days: r.ints.receive_days,
        weight: a.weight,
        length: a.length,
        width: a.width,
        height: a.height,
        sn_type: r.ints.sn_type,
        is_lower_cost: r.flags.is_lower_cost,
        is_not_use_air: i64::from(r.flags.is_not_use_air),
        wms_process_mask: r.ints.wms_process_mask,
        tax_rate: a.tax_rate,
        large_type: r.ints.large_type,
        goods_label: r.texts.goods_label,
        deleted: i64::from(s.deleted),
        remark: r.texts.remark,
        spec_modified: s.modified,
        spec_created: clock::format_millis(s.created),
        prop1: r.texts.prop1,
        prop2: r.texts.prop2,
        prop3: r.texts.prop3,
        prop4: r.texts.prop4,
        prop5: r.texts.prop5,
        prop6: r.texts.prop6,
        custom_price1: a.custom_price1,
        custom_price2: a.custom_price2,
        img_url: r.texts.img_url,
        spec_unit_name: r.texts.unit_name,
        spec_aux_unit_name: r.texts.aux_unit_name,
        tax_code: r.texts.tax_code,
        pack_score: a.pack_score,
        pick_score: a.pick_score,
        scan_score: a.scan_score,
        spec_flag_name: String::new(),
        barcode_count: barcode_list.len() as i64,
        sale_score: a.sale_score,
        is_not_need_examine: i64::from(r.flags.is_not_need_examine),
        barcode_list,
    }
}

fn flagship_goods_row(g: GoodsRow) -> fa::Goods {
    let t = g.record.texts;
    fa::Goods {
        goods_id: g.goods_id,
        goods_no: g.goods_no,
        goods_name: t.goods_name,
        short_name: t.short_name,
        alias: t.alias,
        pinyin: t.pinyin,
        goods_type: g.record.goods_type,
        spec_count: g.spec_count,
        // No brand archive: the brand is known by its name.
        brand_no: t.brand_name.clone(),
        brand_name: t.brand_name,
        brand_id: 0,
        remark: t.remark,
        prop1: t.prop1,
        prop2: t.prop2,
        prop3: t.prop3,
        prop4: t.prop4,
        prop5: t.prop5,
        prop6: t.prop6,
        origin: t.origin,
        class_name: t.class_name,
        class_id: 0,
        unit_name: t.unit_name,
        aux_unit_name: t.aux_unit_name,
        flag_name: t.flag_name,
        deleted: i64::from(g.deleted),
        goods_modified: g.modified,
        goods_created: clock::format_millis(g.created),
        modified: clock::format_millis(g.last_modified),
        washing_label: String::new(),
        spec_list: g.specs.into_iter().map(flagship_spec_row).collect(),
    }
}

impl flag::Op for fa::GoodsQueryCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::GoodsQueryArgs,
    ) -> Result<Out<fa::GoodsList>, flag::Fail> {
        let q = req.params;
        // Without times, spec_no or goods_no is required; end_time defaults to now.
        let by_number = q.spec_no.is_some() || q.goods_no.is_some();
        // "Now" is the end of the current second, so what was written this second is in.
        let end = q.end_time.clone().or_else(|| {
            q.start_time
                .as_ref()
                .map(|_| clock::format_millis(clock::now_millis() + 999))
        });
        let times = range(
            ("start_time", q.start_time.as_deref()),
            ("end_time", end.as_deref()),
            DAYS_30,
            !by_number,
        )?;
        let f = GoodsFilter {
            spec_no: q.spec_no,
            goods_no: q.goods_no,
            brand_name: q.brand_name,
            class_name: q.class_name,
            barcode: q.barcode,
            modified_from: times.map(|t| t.0),
            modified_to: times.map(|t| t.1),
            include_deleted: !q.hide_deleted.unwrap_or(true),
        };
        let (rows, total) = c.state.store.query_goods(&c.caller, &f, c.page()).await?;
        Ok(Out::data(fa::GoodsList {
            goods_list: rows.into_iter().map(flagship_goods_row).collect(),
            total_count: total,
        }))
    }
}

fn enterprise_spec_row(s: SpecRow) -> ea::Spec {
    let r = s.record;
    let a = r.amounts;
    ea::Spec {
        spec_id: s.spec_id,
        goods_id: s.goods_id,
        spec_no: s.spec_no,
        spec_code: r.texts.spec_code,
        barcode: r.texts.barcode,
        spec_name: r.texts.spec_name,
        is_allow_neg_stock: i64::from(r.flags.is_allow_neg_stock),
        is_sn_enable: r.ints.sn_type,
        is_single_batch: i64::from(r.flags.is_single_batch),
        is_not_need_examine: i64::from(r.flags.is_not_need_examine),
        is_zero_cost: i64::from(r.flags.is_zero_cost),
        is_lower_cost: i64::from(r.flags.is_lower_cost),
        is_not_use_air: i64::from(r.flags.is_not_use_air),
        is_popular: i64::from(r.flags.is_popular),
        replenish_type: r.ints.replenish_type,
        large_type: r.ints.large_type,
        spec_unit_name: r.texts.unit_name,
        lowest_price: a.lowest_price.into(),
        img_url: r.texts.img_url,
        retail_price: a.retail_price.into(),
        wholesale_price: a.wholesale_price.into(),
        member_price: a.member_price.into(),
        market_price: a.market_price.into(),
        sale_score: a.sale_score.into(),
        pack_score: a.pack_score.into(),
        pick_score: a.pick_score.into(),
        validity_days: r.ints.validity_days,
        sales_days: r.ints.sales_days,
        receive_days: r.ints.receive_days,
        weight: a.weight.into(),
        length: a.length.into(),
        width: a.width.into(),
        height: a.height.into(),
        tax_rate: a.tax_rate.into(),
        prop1: r.texts.prop1,
        prop2: r.texts.prop2,
        prop3: r.texts.prop3,
        prop4: r.texts.prop4,
        prop5: r.texts.prop5,
        prop6: r.texts.prop6,
        custom_price1: a.custom_price1.into(),
        custom_price2: a.custom_price2.into(),
        spec_aux_unit_name: r.texts.aux_unit_name,
        tax_code: r.texts.tax_code,
        remark: r.texts.remark,
        spec_created: clock::format_millis(s.created),
        spec_modified: clock::format_millis(s.modified),
        deleted: i64::from(s.deleted),
    }
}

fn enterprise_goods_row(g: GoodsRow) -> ea::Goods {
    let t = g.record.texts;
    ea::Goods {
        goods_id: g.goods_id,
        goods_no: g.goods_no,
        goods_name: t.goods_name,
        short_name: t.short_name,
        alias: t.alias,
        goods_type: g.record.goods_type,
        spec_count: g.spec_count,
        pinyin: t.pinyin,
        brand_no: t.brand_name.clone(),
        brand_name: t.brand_name,
        remark: t.remark,
        prop1: t.prop1,
        prop2: t.prop2,
        prop3: t.prop3,
        prop4: t.prop4,
        prop5: t.prop5,
        prop6: t.prop6,
        origin: t.origin,
        class_name: t.class_name,
        class_id: 0,
        brand_id: 0,
        unit_name: t.unit_name,
        aux_unit_name: t.aux_unit_name,
        flag_name: t.flag_name,
        goods_created: clock::format_millis(g.created),
        // The later of the goods' and its specs' modification: what the time window reads.
        goods_modified: clock::format_millis(g.last_modified),
        deleted: i64::from(g.deleted),
        spec_list: g.specs.into_iter().map(enterprise_spec_row).collect(),
    }
}

impl ent::Op for ea::GoodsQueryCall {
    async fn run(c: &ent::Ctx<'_>, req: ea::GoodsQuery) -> Result<ea::GoodsQueryAnswer, ent::Fail> {
        // With spec_no or goods_no the window does not apply (as documented); without them
        // it is required.
        let by_number = req.spec_no.is_some() || req.goods_no.is_some();
        let times = if by_number {
            None
        } else {
            let w = window(req.start_time.as_deref(), req.end_time.as_deref())?;
            if w.is_none() {
                return Err(ent::fail(
                    CODE_MISSING,
                    "缺少必要参数【 start_time, end_time 】(不传 spec_no 或 goods_no 时必传)"
                        .into(),
                ));
            }
            w
        };
        let f = GoodsFilter {
            spec_no: req.spec_no,
            goods_no: req.goods_no,
            // Decided: openwdt keeps no brand archive; a brand's number is its name.
            brand_name: req.brand_no,
            class_name: req.class_name,
            barcode: req.barcode,
            modified_from: times.map(|t| t.0),
            modified_to: times.map(|t| t.1),
            include_deleted: req.deleted.unwrap_or(false),
        };
        let page = c.page();
        let (rows, total) = c.state.store.query_goods(&c.caller, &f, page).await?;
        Ok(ea::GoodsQueryAnswer {
            total_count: first_page_total(page, total),
            goods_list: rows.into_iter().map(enterprise_goods_row).collect(),
        })
    }
}
