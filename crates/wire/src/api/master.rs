//! Master data of both editions: goods and their specs, warehouses and their positions,
//! purchase providers. One section per endpoint, each with its `endpoint!` declaration.
//!
//! Requests decode leniently (see [`crate::lenient`]); a push's optional text distinguishes
//! "not sent" (`None`: an update keeps the stored value) from `""` (clears it), see
//! [`crate::lenient::maybe_text`]. Decimals in requests are [`crate::lenient::Num`] (kept as
//! sent, checked by the core).

pub mod flagship {
    //! 旗舰版: `goods.Goods.push`, `goods.Goods.queryWithSpec`, `setting.Warehouse.queryWarehouse`,
    //! `wms.PositionCapacity.search`, `setting.PurchaseProvider.push`,
    //! `setting.PurchaseProvider.queryDetail`.

    use serde::{Deserialize, Serialize};
    use serde_with::skip_serializing_none;

    use crate::decimal::Dec4;
    use crate::endpoint::Kind;
    use crate::lenient::{self, Num};

    /// The `pager` argument some SDKs send after `params`; paging itself travels in the query
    /// string (`page_no`, `page_size`, `calc_total`) and is read by the shared plumbing.
    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PagerArg {
        #[serde(with = "lenient::opt_int")]
        pub page_size: Option<i64>,
        #[serde(with = "lenient::opt_int")]
        pub page_no: Option<i64>,
    }

    // ---- goods.Goods.push ----

    /// `goodsInfo`: the goods (SPU), created or updated by `goods_no`.
    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct GoodsInfo {
        #[serde(with = "lenient::text")]
        pub goods_no: String,
        #[serde(with = "lenient::maybe_text")]
        pub goods_name: Option<String>,
        /// Absent or empty: 无.
        #[serde(with = "lenient::maybe_text")]
        pub class_name: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub brand_name: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub unit_name: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub aux_unit_name: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub flag_name: Option<String>,
        /// 0 其它 (default), 1 销售货品, 2 原材料, 3 包装物, 4 周转材料, 5 虚拟商品, 6 固定资产,
        /// 8 分装箱, 9 周期送货品, 10 赠品.
        #[serde(with = "lenient::opt_int")]
        pub goods_type: Option<i64>,
        #[serde(with = "lenient::maybe_text")]
        pub short_name: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub alias: Option<String>,
        /// In the documented example, not in the table.
        #[serde(with = "lenient::maybe_text")]
        pub pinyin: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub origin: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub remark: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub prop1: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub prop2: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub prop3: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub prop4: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub prop5: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub prop6: Option<String>,
        /// Create a brand or class that does not exist (default false).
        #[serde(with = "lenient::opt_flag")]
        pub auto_create_bc: Option<bool>,
    }

    /// One item of `specInfoList`: a spec (SKU), created or updated by `spec_no`.
    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct SpecInfo {
        #[serde(with = "lenient::text")]
        pub spec_no: String,
        #[serde(with = "lenient::maybe_text")]
        pub spec_code: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub barcode: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub spec_name: Option<String>,
        /// Sum of 2 无需验货, 8 需要质检, 16 无需拣货, 32 无需唯一码, 64 无需自动打印吊牌.
        #[serde(with = "lenient::opt_int")]
        pub wms_process_mask: Option<i64>,
        /// Label names joined with commas.
        #[serde(with = "lenient::maybe_text")]
        pub goods_label: Option<String>,
        /// 0 none (default), 1 strong, 2 weak serial numbers.
        #[serde(with = "lenient::opt_int")]
        pub sn_type: Option<i64>,
        pub lowest_price: Option<Num>,
        pub retail_price: Option<Num>,
        pub wholesale_price: Option<Num>,
        pub member_price: Option<Num>,
        pub market_price: Option<Num>,
        #[serde(with = "lenient::opt_int")]
        pub validity_days: Option<i64>,
        #[serde(with = "lenient::opt_int")]
        pub sales_days: Option<i64>,
        #[serde(with = "lenient::opt_int")]
        pub receive_days: Option<i64>,
        pub weight: Option<Num>,
        pub height: Option<Num>,
        pub length: Option<Num>,
        pub width: Option<Num>,
        /// 0 非大件 (default), 1 普通大件, 2 独立大件, 3 按箱规拆分, -1 非单发件.
        #[serde(with = "lenient::opt_int")]
        pub large_type: Option<i64>,
        #[serde(with = "lenient::maybe_text")]
        pub prop1: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub prop2: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub prop3: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub prop4: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub prop5: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub prop6: Option<String>,
        pub custom_price1: Option<Num>,
        pub custom_price2: Option<Num>,
        #[serde(with = "lenient::opt_flag")]
        pub is_lower_cost: Option<bool>,
        #[serde(with = "lenient::maybe_text")]
        pub img_url: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub remark: Option<String>,
        pub sale_score: Option<Num>,
        pub pack_score: Option<Num>,
        pub pick_score: Option<Num>,
        pub sort_score: Option<Num>,
        pub scan_score: Option<Num>,
        pub supply_score: Option<Num>,
        pub shelve_score: Option<Num>,
        pub stockin_score: Option<Num>,
        pub inspect_score: Option<Num>,
        pub packing_score: Option<Num>,
        pub operate_score: Option<Num>,
        pub weigh_score: Option<Num>,
        pub consign_score: Option<Num>,
        #[serde(with = "lenient::maybe_text")]
        pub tax_code: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub unit_name: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub aux_unit_name: Option<String>,
        /// 0 by days (default), 1 by months.
        #[serde(with = "lenient::opt_int")]
        pub validity_type: Option<i64>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct GoodsPushArgs {
        #[serde(rename = "goodsInfo")]
        pub goods: GoodsInfo,
        #[serde(rename = "specInfoList")]
        pub specs: Vec<SpecInfo>,
    }

    crate::endpoint!(
        /// 货品推送: creates or updates one goods with its specs; `data` is the goods id.
        GoodsPushCall: Flagship "goods.Goods.push", Kind::Push,
        args ["goodsInfo", "specInfoList"] / 2, GoodsPushArgs => i64);

    // ---- goods.Goods.queryWithSpec ----

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct GoodsQuery {
        #[serde(with = "lenient::opt_text")]
        pub spec_no: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub goods_no: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub brand_name: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub class_name: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub barcode: Option<String>,
        /// Default true: deleted goods (and specs) are left out.
        #[serde(with = "lenient::opt_flag")]
        pub hide_deleted: Option<bool>,
        /// `yyyy-MM-dd HH:mm:ss` over the goods' or a spec's last modification; at most 30
        /// days apart; without times `spec_no` or `goods_no` is required. `end_time` defaults
        /// to now.
        #[serde(with = "lenient::opt_text")]
        pub start_time: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub end_time: Option<String>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct GoodsQueryArgs {
        pub params: GoodsQuery,
        #[serde(default)]
        pub pager: Option<PagerArg>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct GoodsList {
        pub goods_list: Vec<Goods>,
        pub total_count: i64,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct Goods {
        pub goods_id: i64,
        pub goods_no: String,
        pub goods_name: String,
        pub short_name: String,
        pub alias: String,
        pub pinyin: String,
        pub goods_type: i64,
        pub spec_count: i64,
        pub brand_name: String,
        /// openwdt keeps no brand archive: 0.
        pub brand_id: i64,
        pub brand_no: String,
        pub remark: String,
        pub prop1: String,
        pub prop2: String,
        pub prop3: String,
        pub prop4: String,
        pub prop5: String,
        pub prop6: String,
        pub origin: String,
        pub class_name: String,
        /// openwdt keeps no class archive: 0.
        pub class_id: i64,
        pub unit_name: String,
        pub aux_unit_name: String,
        pub flag_name: String,
        pub deleted: i64,
        /// Epoch milliseconds, as the documented example answers it.
        pub goods_modified: i64,
        /// `yyyy-MM-dd HH:mm:ss`.
        pub goods_created: String,
        /// `yyyy-MM-dd HH:mm:ss`: the later of the goods' and its specs' modification.
        pub modified: String,
        pub washing_label: String,
        pub spec_list: Vec<Spec>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct Spec {
        pub goods_id: i64,
        pub spec_id: i64,
        pub spec_no: String,
        pub spec_code: String,
        pub barcode: String,
        pub spec_name: String,
        pub lowest_price: Dec4,
        pub retail_price: Dec4,
        pub wholesale_price: Dec4,
        pub member_price: Dec4,
        pub market_price: Dec4,
        pub validity_days: i64,
        pub sales_days: i64,
        pub receive_days: i64,
        pub weight: Dec4,
        pub length: Dec4,
        pub width: Dec4,
        pub height: Dec4,
        pub sn_type: i64,
        pub is_lower_cost: bool,
        pub is_not_use_air: i64,
        pub wms_process_mask: i64,
        pub tax_rate: Dec4,
        pub large_type: i64,
        pub goods_label: String,
        pub deleted: i64,
        pub remark: String,
        /// Epoch milliseconds, as the documented example answers it.
        pub spec_modified: i64,
        /// `yyyy-MM-dd HH:mm:ss`.
        pub spec_created: String,
        pub prop1: String,
        pub prop2: String,
        pub prop3: String,
        pub prop4: String,
        pub prop5: String,
        pub prop6: String,
        pub custom_price1: Dec4,
        pub custom_price2: Dec4,
        pub img_url: String,
        pub spec_unit_name: String,
        pub spec_aux_unit_name: String,
        pub tax_code: String,
        pub pack_score: Dec4,
        pub pick_score: Dec4,
        pub scan_score: Dec4,
        pub spec_flag_name: String,
        pub barcode_count: i64,
        pub sale_score: Dec4,
        pub is_not_need_examine: i64,
        pub barcode_list: Vec<Barcode>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct Barcode {
        pub barcode: String,
        #[serde(rename = "type")]
        pub barcode_type: i64,
        pub is_master: i64,
        /// `yyyy-MM-dd HH:mm:ss`.
        pub modified: String,
    }

    crate::endpoint!(
        /// 货品档案查询: goods with their specs, paged by goods.
        GoodsQueryCall: Flagship "goods.Goods.queryWithSpec", Kind::Query { paged: true },
        args ["params", "pager"] / 1, GoodsQueryArgs => GoodsList);

    // ---- setting.Warehouse.queryWarehouse ----

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct WarehouseQuery {
        #[serde(with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub warehouse_name: Option<String>,
        /// 1 普通, 2 自流转, 3 平台, 4 京东沧海, 6 抖音云仓, 125 代发仓, 126 分销委外.
        #[serde(rename = "type", with = "lenient::opt_int")]
        pub warehouse_type: Option<i64>,
        #[serde(with = "lenient::opt_int")]
        pub sub_type: Option<i64>,
        /// `yyyy-MM-dd HH:mm:ss` over the last modification.
        #[serde(with = "lenient::opt_text")]
        pub start_time: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub end_time: Option<String>,
        /// 0 show all, 1 hide disabled warehouses (the default).
        #[serde(with = "lenient::opt_int")]
        pub hide_delete: Option<i64>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct WarehouseQueryArgs {
        pub params: WarehouseQuery,
        #[serde(default)]
        pub pager: Option<PagerArg>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct WarehouseList {
        pub total_count: i64,
        pub details: Vec<Warehouse>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct Warehouse {
        pub warehouse_id: i64,
        pub warehouse_no: String,
        pub name: String,
        pub zip: String,
        pub address: String,
        pub province: String,
        pub city: String,
        pub district: String,
        pub mobile: String,
        pub remark: String,
        #[serde(rename = "type")]
        pub warehouse_type: i64,
        pub telno: String,
        pub sub_type: i64,
        pub contact: String,
        /// Epoch milliseconds, as the documented example answers it.
        pub modified: i64,
        pub is_disabled: bool,
        /// `yyyy-MM-dd HH:mm:ss`.
        pub created: String,
        pub purchase_contact: String,
        pub purchase_telno: String,
        pub purchase_address: String,
        pub prop1: String,
        pub prop2: String,
    }

    crate::endpoint!(
        /// 仓库查询: the warehouses the app may see.
        WarehouseQueryCall: Flagship "setting.Warehouse.queryWarehouse", Kind::Query { paged: true },
        args ["params", "pager"] / 1, WarehouseQueryArgs => WarehouseList);

    // ---- wms.PositionCapacity.search ----

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PositionSearch {
        /// `yyyy-MM-dd HH:mm:ss` over the last modification, at most 7 days apart; without
        /// times `warehouse_no` and `spec_no` are required.
        #[serde(with = "lenient::opt_text")]
        pub start_time: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub end_time: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub spec_no: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub goods_no: Option<String>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct PositionSearchArgs {
        pub params: PositionSearch,
        #[serde(default)]
        pub pager: Option<PagerArg>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PositionList {
        pub detail_list: Vec<PositionCapacity>,
        pub total_count: i64,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PositionCapacity {
        pub rec_id: i64,
        pub defect: bool,
        pub stock_num: Dec4,
        pub spec_id: i64,
        pub spec_no: String,
        pub goods_no: String,
        pub goods_name: String,
        pub short_name: String,
        pub spec_code: String,
        pub spec_name: String,
        pub barcode: String,
        pub brand_name: String,
        pub brand_id: i64,
        pub class_name: String,
        pub class_id: i64,
        pub warehouse_id: i64,
        pub warehouse_no: String,
        /// openwdt has no zones: 0 and "".
        pub zone_id: i64,
        pub zone_no: String,
        pub position_id: i64,
        pub position_no: String,
    }

    crate::endpoint!(
        /// 默认货位查询: the positions of specs in warehouses, with their stock.
        PositionSearchCall: Flagship "wms.PositionCapacity.search", Kind::Query { paged: true },
        args ["params", "pager"] / 1, PositionSearchArgs => PositionList);

    // ---- setting.PurchaseProvider.push ----

    /// `provider`: created or updated by `provider_no`.
    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ProviderInfo {
        #[serde(with = "lenient::text")]
        pub provider_no: String,
        #[serde(with = "lenient::maybe_text")]
        pub provider_name: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub contact: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub telno: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub mobile: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub fax: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub qq: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub zip: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub wangwang: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub email: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub website: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub address: Option<String>,
        #[serde(with = "lenient::opt_int")]
        pub arrive_cycle_days: Option<i64>,
        #[serde(with = "lenient::maybe_text")]
        pub remark: Option<String>,
        /// 0 no (default), 1 yes.
        #[serde(with = "lenient::opt_flag")]
        pub is_disabled: Option<bool>,
        #[serde(with = "lenient::maybe_text")]
        pub account_bank_no: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub account_bank: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub collect_name: Option<String>,
        /// Region ids of the vendor's city code table; kept as sent.
        #[serde(with = "lenient::maybe_text")]
        pub province: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub city: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub district: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub provider_group: Option<String>,
        /// 跟进人: an employee's nickname.
        #[serde(with = "lenient::maybe_text")]
        pub shortname: Option<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ProviderPushArgs {
        pub provider: ProviderInfo,
    }

    /// `data` of the push: `{"status": 0, "message": "OK"}`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ProviderPushResult {
        pub status: i64,
        pub message: String,
    }

    crate::endpoint!(
        /// 供应商信息推送: creates or updates a provider by `provider_no`.
        ProviderPushCall: Flagship "setting.PurchaseProvider.push", Kind::Push,
        args ["provider"] / 1, ProviderPushArgs => ProviderPushResult);

    // ---- setting.PurchaseProvider.queryDetail ----

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ProviderQuery {
        #[serde(with = "lenient::opt_text")]
        pub provider_no: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub provider_name: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub telno: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub mobile: Option<String>,
        /// 采购平台供应商账户名.
        #[serde(with = "lenient::opt_text")]
        pub description: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub contact: Option<String>,
        /// `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss`.
        #[serde(with = "lenient::opt_text")]
        pub created_begin: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub created_end: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub modified_begin: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub modified_end: Option<String>,
        #[serde(with = "lenient::opt_flag")]
        pub is_disabled: Option<bool>,
        #[serde(with = "lenient::opt_flag")]
        pub deleted: Option<bool>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ProviderQueryArgs {
        pub params: ProviderQuery,
        #[serde(default)]
        pub pager: Option<PagerArg>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ProviderList {
        pub total_count: i64,
        pub details: Vec<Provider>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct Provider {
        pub provider_id: i64,
        pub provider_no: String,
        pub provider_name: String,
        pub contact: String,
        pub follower_name: String,
        pub telno: String,
        pub mobile: String,
        pub fax: String,
        pub zip: String,
        pub email: String,
        pub qq: String,
        pub wangwang: String,
        pub address: String,
        pub website: String,
        pub arrive_cycle_days: i64,
        /// Epoch milliseconds; left out when nothing was ever bought from the provider.
        pub last_purchase_time: Option<i64>,
        pub remark: String,
        pub is_disabled: bool,
        pub deleted: i64,
        /// Epoch milliseconds, as the documented example answers it.
        pub modified: i64,
        pub created: i64,
        pub province: String,
        pub city: String,
        pub district: String,
        pub account_bank: String,
        pub collect_name: String,
        pub account_bank_no: String,
    }

    crate::endpoint!(
        /// 供应商查询.
        ProviderQueryCall: Flagship "setting.PurchaseProvider.queryDetail", Kind::Query { paged: true },
        args ["params", "pager"] / 1, ProviderQueryArgs => ProviderList);
}

pub mod enterprise {
    //! 企业版: `goods_push.php`, `goods_query.php`, `warehouse_query.php`,
    //! `purchase_provider_create.php`, `purchase_provider_query.php`.

    use serde::{Deserialize, Serialize};
    use serde_with::skip_serializing_none;

    use crate::decimal::Dec4Str;
    use crate::endpoint::Kind;
    use crate::lenient::{self, Num};

    // ---- goods_push.php ----

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct GoodsPush {
        /// JSON text of the goods, each with its `spec_list` (≤ 50 goods, ≤ 500 specs each
        /// advised).
        #[serde(with = "lenient::json_text")]
        pub goods_list: Vec<GoodsInfo>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct GoodsInfo {
        #[serde(with = "lenient::text")]
        pub goods_no: String,
        /// 1 销售商品, 2 原材料, 3 包装, 4 周转材料, 5 虚拟商品, 6 固定资产, 0 其它.
        #[serde(with = "lenient::opt_int")]
        pub goods_type: Option<i64>,
        #[serde(with = "lenient::maybe_text")]
        pub goods_name: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub short_name: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub alias: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub pinyin: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub origin: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub class_name: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub brand_name: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub unit_name: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub remark: Option<String>,
        /// `props1`…`props6` at the goods level (one SDK); `prop1`… is read too.
        #[serde(alias = "prop1", with = "lenient::maybe_text")]
        pub props1: Option<String>,
        #[serde(alias = "prop2", with = "lenient::maybe_text")]
        pub props2: Option<String>,
        #[serde(alias = "prop3", with = "lenient::maybe_text")]
        pub props3: Option<String>,
        #[serde(alias = "prop4", with = "lenient::maybe_text")]
        pub props4: Option<String>,
        #[serde(alias = "prop5", with = "lenient::maybe_text")]
        pub props5: Option<String>,
        #[serde(alias = "prop6", with = "lenient::maybe_text")]
        pub props6: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub aux_unit_name: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub flag_name: Option<String>,
        pub spec_list: Vec<SpecInfo>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct SpecInfo {
        #[serde(with = "lenient::text")]
        pub spec_no: String,
        #[serde(with = "lenient::maybe_text")]
        pub spec_code: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub barcode: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub spec_name: Option<String>,
        /// Default 1.
        #[serde(with = "lenient::opt_flag")]
        pub is_allow_neg_stock: Option<bool>,
        /// 0 none (default), 1 strong, 2 weak serial numbers.
        #[serde(with = "lenient::opt_int")]
        pub is_sn_enable: Option<i64>,
        #[serde(with = "lenient::opt_flag")]
        pub is_single_batch: Option<bool>,
        #[serde(with = "lenient::opt_flag")]
        pub is_not_need_examine: Option<bool>,
        /// Default 1.
        #[serde(with = "lenient::opt_flag")]
        pub is_zero_cost: Option<bool>,
        #[serde(with = "lenient::opt_flag")]
        pub is_lower_cost: Option<bool>,
        #[serde(with = "lenient::opt_flag")]
        pub is_not_use_air: Option<bool>,
        #[serde(with = "lenient::opt_flag")]
        pub is_popular: Option<bool>,
        /// 0 持续补货, 1 不补货, 2 低于警戒库存补货 (default).
        #[serde(with = "lenient::opt_int")]
        pub replenish_type: Option<i64>,
        /// -1 非单发件, 0 普通件 (default), 1 普通大件, 2 独立大件.
        #[serde(with = "lenient::opt_int")]
        pub large_type: Option<i64>,
        #[serde(with = "lenient::maybe_text")]
        pub spec_unit_name: Option<String>,
        pub lowest_price: Option<Num>,
        #[serde(with = "lenient::maybe_text")]
        pub img_url: Option<String>,
        pub retail_price: Option<Num>,
        pub wholesale_price: Option<Num>,
        pub member_price: Option<Num>,
        pub market_price: Option<Num>,
        pub sale_score: Option<Num>,
        pub pack_score: Option<Num>,
        pub pick_score: Option<Num>,
        #[serde(with = "lenient::opt_int")]
        pub validity_days: Option<i64>,
        pub weight: Option<Num>,
        pub length: Option<Num>,
        pub width: Option<Num>,
        pub height: Option<Num>,
        pub tax_rate: Option<Num>,
        #[serde(with = "lenient::maybe_text")]
        pub prop1: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub prop2: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub prop3: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub prop4: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub prop5: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub prop6: Option<String>,
        pub custom_price1: Option<Num>,
        pub custom_price2: Option<Num>,
        #[serde(with = "lenient::maybe_text")]
        pub spec_aux_unit_name: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub tax_code: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub spec_remark: Option<String>,
    }

    /// Nothing beside `code` and `message` (no SDK declares more).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct GoodsPushAnswer {}

    crate::endpoint!(
        /// 创建货品档案: creates or updates goods with their specs.
        GoodsPushCall: Enterprise "goods_push.php", Kind::Push, GoodsPush => GoodsPushAnswer);

    // ---- goods_query.php ----

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct GoodsQuery {
        #[serde(with = "lenient::opt_text")]
        pub spec_no: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub goods_no: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub brand_no: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub class_name: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub barcode: Option<String>,
        /// Over the last modification, at most 30 days apart; ignored when `spec_no` or
        /// `goods_no` is given, required otherwise.
        #[serde(with = "lenient::opt_text")]
        pub start_time: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub end_time: Option<String>,
        /// 0 (default) leaves deleted goods out, 1 answers them too.
        #[serde(with = "lenient::opt_flag")]
        pub deleted: Option<bool>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct GoodsQueryAnswer {
        /// Answered on the first page only.
        pub total_count: Option<i64>,
        pub goods_list: Vec<Goods>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct Goods {
        pub goods_id: i64,
        pub goods_no: String,
        pub goods_name: String,
        pub short_name: String,
        pub alias: String,
        pub goods_type: i64,
        pub spec_count: i64,
        pub pinyin: String,
        /// openwdt keeps no brand archive: the brand's name.
        pub brand_no: String,
        pub brand_name: String,
        pub remark: String,
        pub prop1: String,
        pub prop2: String,
        pub prop3: String,
        pub prop4: String,
        pub prop5: String,
        pub prop6: String,
        pub origin: String,
        pub class_name: String,
        pub class_id: i64,
        pub brand_id: i64,
        pub unit_name: String,
        pub aux_unit_name: String,
        pub flag_name: String,
        /// `yyyy-MM-dd HH:mm:ss`.
        pub goods_created: String,
        pub goods_modified: String,
        pub deleted: i64,
        pub spec_list: Vec<Spec>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct Spec {
        pub spec_id: i64,
        pub goods_id: i64,
        pub spec_no: String,
        pub spec_code: String,
        pub barcode: String,
        pub spec_name: String,
        pub is_allow_neg_stock: i64,
        pub is_sn_enable: i64,
        pub is_single_batch: i64,
        pub is_not_need_examine: i64,
        pub is_zero_cost: i64,
        pub is_lower_cost: i64,
        pub is_not_use_air: i64,
        pub is_popular: i64,
        pub replenish_type: i64,
        pub large_type: i64,
        pub spec_unit_name: String,
        pub lowest_price: Dec4Str,
        pub img_url: String,
        pub retail_price: Dec4Str,
        pub wholesale_price: Dec4Str,
        pub member_price: Dec4Str,
        pub market_price: Dec4Str,
        pub sale_score: Dec4Str,
        pub pack_score: Dec4Str,
        pub pick_score: Dec4Str,
        pub validity_days: i64,
        pub sales_days: i64,
        pub receive_days: i64,
        pub weight: Dec4Str,
        pub length: Dec4Str,
        pub width: Dec4Str,
        pub height: Dec4Str,
        pub tax_rate: Dec4Str,
        pub prop1: String,
        pub prop2: String,
        pub prop3: String,
        pub prop4: String,
        pub prop5: String,
        pub prop6: String,
        pub custom_price1: Dec4Str,
        pub custom_price2: Dec4Str,
        pub spec_aux_unit_name: String,
        pub tax_code: String,
        pub remark: String,
        /// `yyyy-MM-dd HH:mm:ss`.
        pub spec_created: String,
        pub spec_modified: String,
        pub deleted: i64,
    }

    crate::endpoint!(
        /// 查询货品档案.
        GoodsQueryCall: Enterprise "goods_query.php", Kind::Query { paged: true }, GoodsQuery => GoodsQueryAnswer);

    // ---- warehouse_query.php ----

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct WarehouseQuery {
        /// One warehouse number (a list is not supported).
        #[serde(with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        /// 0 or absent: every type.
        #[serde(rename = "type", with = "lenient::opt_int")]
        pub warehouse_type: Option<i64>,
        #[serde(with = "lenient::opt_int")]
        pub sub_type: Option<i64>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct WarehouseQueryAnswer {
        /// Answered on the first page only.
        pub total_count: Option<i64>,
        pub warehouses: Vec<Warehouse>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct Warehouse {
        pub warehouse_no: String,
        pub name: String,
        pub warehouse_type: i64,
        pub ext_warehouse_no: String,
        pub province: String,
        pub city: String,
        pub district: String,
        pub address: String,
        pub contact: String,
        pub telno: String,
        pub zip: String,
        pub mobile: String,
        pub is_defect: i64,
        pub remark: String,
        pub prop1: String,
        pub prop2: String,
        /// `yyyy-MM-dd HH:mm:ss`.
        pub modified: String,
        pub warehouse_id: i64,
        /// openwdt matches no external warehouses: 0.
        pub match_warehouse_id: i64,
        /// `"0"` or `"1"` (a string in the SDK).
        pub is_disabled: String,
        pub created: String,
        pub coordinates_x: Dec4Str,
        pub coordinates_y: Dec4Str,
    }

    crate::endpoint!(
        /// 查询仓库.
        WarehouseQueryCall: Enterprise "warehouse_query.php", Kind::Query { paged: true }, WarehouseQuery => WarehouseQueryAnswer);

    // ---- purchase_provider_create.php ----

    /// Top-level form fields (no JSON wrapper).
    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ProviderCreate {
        #[serde(with = "lenient::text")]
        pub provider_no: String,
        #[serde(with = "lenient::maybe_text")]
        pub provider_name: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub provider_group: Option<String>,
        pub min_purchase_num: Option<Num>,
        #[serde(with = "lenient::opt_int")]
        pub purchase_cycle_days: Option<i64>,
        #[serde(with = "lenient::opt_int")]
        pub arrive_cycle_days: Option<i64>,
        #[serde(with = "lenient::maybe_text")]
        pub contact: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub telno: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub mobile: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub fax: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub zip: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub email: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub qq: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub wangwang: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub address: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub website: Option<String>,
        /// `yyyy-MM-dd HH:mm:ss`.
        #[serde(with = "lenient::opt_text")]
        pub last_purchase_time: Option<String>,
        #[serde(with = "lenient::opt_flag")]
        pub is_disabled: Option<bool>,
        #[serde(with = "lenient::maybe_text")]
        pub remark: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub account_bank_no: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub account_bank: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub collect_name: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub country: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub province: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub city: Option<String>,
        #[serde(with = "lenient::maybe_text")]
        pub district: Option<String>,
        #[serde(with = "lenient::opt_int")]
        pub charge_cycle_days: Option<i64>,
    }

    /// The provider as stored (the SDK's answer fields; unconfirmed upstream).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ProviderCreateAnswer {
        pub provider_no: String,
        pub provider_name: String,
        pub contact: String,
        pub mobile: String,
        pub address: String,
        pub is_disabled: i64,
        pub deleted: i64,
        /// `yyyy-MM-dd HH:mm:ss`.
        pub modified: String,
        pub created: String,
    }

    crate::endpoint!(
        /// 创建供应商: creates or updates a provider by `provider_no`.
        ProviderCreateCall: Enterprise "purchase_provider_create.php", Kind::Push, ProviderCreate => ProviderCreateAnswer);

    // ---- purchase_provider_query.php ----

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ProviderQuery {
        /// The fields to answer, comma-joined (all when absent); see
        /// [`Provider::only_columns`].
        #[serde(with = "lenient::comma_list", skip_serializing_if = "Vec::is_empty")]
        pub column: Vec<String>,
        #[serde(with = "lenient::opt_text")]
        pub provider_no: Option<String>,
        #[serde(with = "lenient::opt_text")]
        pub provider_name: Option<String>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ProviderQueryAnswer {
        /// Answered on the first page only.
        pub total_count: Option<i64>,
        pub provider_list: Vec<Provider>,
    }

    /// Every field is optional so that `column` can leave fields out.
    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct Provider {
        pub provider_id: Option<i64>,
        pub provider_no: Option<String>,
        pub provider_name: Option<String>,
        pub provider_group: Option<String>,
        pub contact: Option<String>,
        pub telno: Option<String>,
        pub mobile: Option<String>,
        pub fax: Option<String>,
        pub zip: Option<String>,
        pub email: Option<String>,
        pub qq: Option<String>,
        pub wangwang: Option<String>,
        pub address: Option<String>,
        pub website: Option<String>,
        pub remark: Option<String>,
        pub is_disabled: Option<i64>,
        pub deleted: Option<i64>,
        /// `yyyy-MM-dd HH:mm:ss`.
        pub modified: Option<String>,
        pub created: Option<String>,
        pub account_bank_no: Option<String>,
        pub account_bank: Option<String>,
        pub collect_name: Option<String>,
        pub country: Option<String>,
        pub province: Option<String>,
        pub city: Option<String>,
        pub district: Option<String>,
        pub min_purchase_num: Option<Dec4Str>,
        pub purchase_cycle_days: Option<i64>,
        pub arrive_cycle_days: Option<i64>,
        pub charge_cycle_days: Option<i64>,
        pub last_purchase_time: Option<String>,
    }

    impl Provider {
        /// The provider with only the named fields (all when `columns` is empty); unknown
        /// names are ignored.
        pub fn only_columns(self, columns: &[String]) -> Provider {
            if columns.is_empty() {
                return self;
            }
            let Ok(serde_json::Value::Object(mut map)) = serde_json::to_value(&self) else {
                return self;
            };
            map.retain(|k, _| columns.iter().any(|c| c.trim() == k));
            serde_json::from_value(serde_json::Value::Object(map)).unwrap_or_default()
        }
    }

    crate::endpoint!(
        /// 查询供应商.
        ProviderQueryCall: Enterprise "purchase_provider_query.php", Kind::Query { paged: true }, ProviderQuery => ProviderQueryAnswer);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::{decode_args, decode_form, encode_args};
    use serde_json::{json, Value};

    #[test]
    fn documented_goods_push_example_decodes() {
        let body = json!([{
            "goods_no": "testGoodsQ03-26 00:51:10_0", "goods_name": "testGoodsNameQ03-26 00:51:10_0",
            "short_name": "shortName", "auto_create_bc": true, "class_name": "新建分类3",
            "brand_name": "新建品牌3", "unit_name": "个", "aux_unit_name": "件", "goods_type": 1,
            "alias": "alias", "pinyin": "ceshi", "origin": "内蒙古呼和浩特市", "remark": "货品备注",
            "prop1": "P1", "prop2": "P2", "prop3": "P13", "prop4": "P14", "prop5": "P15", "prop6": "P16",
            "flag_name": "g_f"
        }, [{
            "spec_no": "spec_noQ03-26 00:51:10_0_0", "spec_name": "spec_nameQ03-26 00:51:10_0_0",
            "spec_code": "spec_code", "barcode": "spec_noQ03-26 00:51:10_0_0", "pack_score": 12,
            "lowest_price": 200, "unit_name": "个", "aux_unit_name": "10个", "remark": "单品备注",
            "goods_label": "6"
        }, {
            "spec_no": "spec_noQ03-26 00:51:10_0_1", "pack_score": 12, "lowest_price": 200.5
        }]]);
        let Value::Array(args) = body else { panic!() };
        let req = decode_args::<flagship::GoodsPushCall>(args).unwrap();
        assert_eq!(req.goods.goods_no, "testGoodsQ03-26 00:51:10_0");
        assert_eq!(req.goods.goods_type, Some(1));
        assert_eq!(req.goods.auto_create_bc, Some(true));
        assert_eq!(req.goods.prop6.as_deref(), Some("P16"));
        assert_eq!(req.specs.len(), 2);
        assert_eq!(req.specs[0].pack_score.as_ref().unwrap().as_str(), "12");
        assert_eq!(
            req.specs[1].lowest_price.as_ref().unwrap().as_str(),
            "200.5"
        );
        assert_eq!(req.specs[1].spec_name, None);
        // What the client sends decodes back the same.
        let again = decode_args::<flagship::GoodsPushCall>(
            encode_args::<flagship::GoodsPushCall>(&req).unwrap(),
        )
        .unwrap();
        assert_eq!(again, req);
    }

    #[test]
    fn a_type_error_in_a_spec_names_its_path() {
        let e = decode_args::<flagship::GoodsPushCall>(vec![
            json!({"goods_no": "G"}),
            json!([{"spec_no": "A"}, {"spec_no": "B", "is_lower_cost": "maybe"}]),
        ])
        .unwrap_err();
        assert_eq!(e.path, "specInfoList[1].is_lower_cost");
    }

    #[test]
    fn maybe_text_tells_absent_from_empty() {
        let req = decode_args::<flagship::GoodsPushCall>(vec![
            json!({"goods_no": 123, "remark": "", "alias": null}),
            json!([]),
        ])
        .unwrap();
        assert_eq!(req.goods.goods_no, "123");
        assert_eq!(req.goods.remark.as_deref(), Some(""));
        assert_eq!(req.goods.alias, None);
        assert_eq!(req.goods.origin, None);
    }

    #[test]
    fn documented_flagship_query_examples_decode() {
        let req = decode_args::<flagship::GoodsQueryCall>(vec![json!({
            "start_time": "2020-01-01 00:00:00", "end_time": "2020-01-20 00:00:00", "hide_deleted": 1
        })])
        .unwrap();
        assert_eq!(req.params.hide_deleted, Some(true));
        assert_eq!(
            req.params.start_time.as_deref(),
            Some("2020-01-01 00:00:00")
        );

        let req = decode_args::<flagship::WarehouseQueryCall>(vec![
            json!({"start_time": "2020-01-01 00:00:00", "end_time": "2020-01-20 00:00:00"}),
            json!({"page_size": "10", "page_no": 0}),
        ])
        .unwrap();
        assert_eq!(req.params.end_time.as_deref(), Some("2020-01-20 00:00:00"));
        assert_eq!(req.pager.unwrap().page_size, Some(10));

        let req = decode_args::<flagship::PositionSearchCall>(vec![
            json!({"spec_no": "all1", "warehouse_no": "daj1"}),
        ])
        .unwrap();
        assert_eq!(req.params.warehouse_no.as_deref(), Some("daj1"));

        let req = decode_args::<flagship::ProviderQueryCall>(vec![
            json!({"created_end": "2022-04-20", "created_begin": "2022-03-01"}),
        ])
        .unwrap();
        assert_eq!(req.params.created_begin.as_deref(), Some("2022-03-01"));

        let req = decode_args::<flagship::ProviderPushCall>(vec![
            json!({"provider_no": "lztest", "provider_name": "lztest", "contact": "lz"}),
        ])
        .unwrap();
        assert_eq!(req.provider.contact.as_deref(), Some("lz"));
        assert_eq!(req.provider.is_disabled, None);
    }

    #[test]
    fn documented_answers_decode_into_the_answer_types() {
        let data = json!({"total_count": 1, "details": [{
            "zip": "", "address": "", "city": "无", "created": "2021-11-26 17:02:21",
            "is_disabled": false, "mobile": "", "remark": "", "type": 1, "telno": "", "prop2": "",
            "prop1": "", "province": "", "warehouse_no": "wdtapi3-test", "sub_type": 0,
            "district": "无", "contact": "", "name": "wdtapi3-test", "modified": 1675088001000u64,
            "warehouse_id": 624
        }]});
        let list: flagship::WarehouseList = serde_json::from_value(data).unwrap();
        assert_eq!(list.details[0].warehouse_id, 624);
        assert_eq!(list.details[0].modified, 1_675_088_001_000);
        let data = json!({"total_count": 2, "detail_list": [{
            "spec_code": "all1", "goods_name": "阿拉蕾", "class_id": 0, "goods_no": "all",
            "stock_num": 217, "brand_name": "康师傅", "zone_no": "daj001", "rec_id": 6804,
            "spec_no": "all1", "brand_id": 5, "zone_id": 915, "defect": true, "warehouse_no": "daj1",
            "spec_id": 158800, "position_no": "AD-1-2-1", "short_name": "阿拉啊啊",
            "spec_name": "颜色:蓝色", "barcode": "all1", "class_name": "无", "position_id": 80095,
            "warehouse_id": 533
        }]});
        let list: flagship::PositionList = serde_json::from_value(data).unwrap();
        assert!(list.detail_list[0].defect);
        assert_eq!(list.detail_list[0].stock_num.to_string(), "217.0000");
    }

    #[test]
    fn enterprise_goods_push_decodes_from_form_text() {
        let goods_list = json!([{
            "goods_no": "G1", "goods_name": "衬衫", "goods_type": "1", "props1": "a", "prop2": "b",
            "spec_list": [{"spec_no": "G1-R", "barcode": 6901234, "retail_price": "99.5",
                           "is_allow_neg_stock": "0", "is_sn_enable": 1, "spec_remark": "r"}]
        }])
        .to_string();
        let req =
            decode_form::<enterprise::GoodsPushCall>(&[("goods_list".into(), goods_list)]).unwrap();
        let g = &req.goods_list[0];
        assert_eq!(g.goods_type, Some(1));
        assert_eq!(g.props1.as_deref(), Some("a"));
        assert_eq!(g.props2.as_deref(), Some("b"), "prop2 is read as props2");
        let s = &g.spec_list[0];
        assert_eq!(s.barcode.as_deref(), Some("6901234"));
        assert_eq!(s.is_allow_neg_stock, Some(false));
        assert_eq!(s.retail_price.as_ref().unwrap().as_str(), "99.5");
        let e = decode_form::<enterprise::GoodsPushCall>(&[(
            "goods_list".into(),
            r#"[{"goods_no":"G","spec_list":[{"spec_no":"A","is_popular":"x"}]}]"#.into(),
        )])
        .unwrap_err();
        assert_eq!(e.path, "goods_list[0].spec_list[0].is_popular");
    }

    #[test]
    fn enterprise_queries_and_provider_create_decode_from_form_fields() {
        let f = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let q = decode_form::<enterprise::GoodsQueryCall>(&f(&[
            ("start_time", "2024-01-01 00:00:00"),
            ("end_time", "2024-01-20 00:00:00"),
            ("deleted", "1"),
        ]))
        .unwrap();
        assert_eq!(q.deleted, Some(true));
        let q = decode_form::<enterprise::WarehouseQueryCall>(&f(&[
            ("warehouse_no", "WH01"),
            ("type", "0"),
        ]))
        .unwrap();
        assert_eq!(q.warehouse_type, Some(0));
        let p = decode_form::<enterprise::ProviderCreateCall>(&f(&[
            ("provider_no", "P01"),
            ("provider_name", "供应商"),
            ("min_purchase_num", "10.5"),
            ("arrive_cycle_days", "3"),
            ("is_disabled", "0"),
        ]))
        .unwrap();
        assert_eq!(p.arrive_cycle_days, Some(3));
        assert_eq!(p.is_disabled, Some(false));
        assert_eq!(p.min_purchase_num.unwrap().as_str(), "10.5");
        let q = decode_form::<enterprise::ProviderQueryCall>(&f(&[
            ("column", "provider_no,provider_name"),
            ("provider_no", "P01"),
        ]))
        .unwrap();
        assert_eq!(q.column, ["provider_no", "provider_name"]);
        // Sent back as the comma-joined text the edition documents; no column, no field.
        let fields = crate::enterprise::form_fields(&q).unwrap();
        assert!(fields.contains(&("column".into(), "provider_no,provider_name".into())));
        let all = crate::enterprise::form_fields(&enterprise::ProviderQuery::default()).unwrap();
        assert!(all.is_empty(), "{all:?}");
        let full = enterprise::Provider {
            provider_no: Some("P01".into()),
            provider_name: Some("n".into()),
            contact: Some("c".into()),
            ..Default::default()
        };
        let only = full.clone().only_columns(&q.column);
        assert_eq!(only.contact, None);
        assert_eq!(only.provider_no.as_deref(), Some("P01"));
        assert_eq!(full.clone().only_columns(&[]), full);
    }
}
