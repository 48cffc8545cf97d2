//! The flagship client.

use std::fmt;

use openwdt_wire::api::flagship::{self as api, Pager};
use openwdt_wire::api::master::flagship as master;
use openwdt_wire::api::{
    cancel::flagship as cancel, stock::flagship as stock, stockpd::flagship as stockpd,
    transfer::flagship as transfer,
};
use openwdt_wire::api::{other::flagship as other, other_order::flagship as other_order};
use openwdt_wire::endpoint::{encode_args, Edition, Endpoint};
use openwdt_wire::flagship::{self as wire, Call, SignedRequest};
use serde_json::Value;

use crate::{decode, read_json, with_retries, ApiError, Error, Options, Paged, Safety};

/// A flagship (旗舰版) client: `POST {base}/openapi?method=…`.
#[derive(Clone)]
pub struct FlagshipClient {
    http: reqwest::Client,
    url: String,
    sid: String,
    key: String,
    secret: String,
    salt: String,
    opts: Options,
}

/// Shows who calls where, never the secret or the salt.
impl fmt::Debug for FlagshipClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FlagshipClient")
            .field("url", &self.url)
            .field("sid", &self.sid)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl FlagshipClient {
    /// `base_url` is the server (`http://127.0.0.1:8080`) or the cloud's `…/openapi`;
    /// `appsecret` is the `secret:salt` string the vendor hands out.
    pub fn new(base_url: &str, sid: &str, key: &str, appsecret: &str) -> Result<Self, Error> {
        Self::with_options(base_url, sid, key, appsecret, Options::default())
    }

    pub fn with_options(
        base_url: &str,
        sid: &str,
        key: &str,
        appsecret: &str,
        opts: Options,
    ) -> Result<Self, Error> {
        let (secret, salt) = wire::split_secret(appsecret)
            .ok_or_else(|| Error::Config("the flagship appsecret must be `secret:salt`".into()))?;
        Ok(FlagshipClient {
            http: opts.http()?,
            url: format!("{}/openapi", crate::base(base_url, "/openapi")?),
            sid: sid.into(),
            key: key.into(),
            secret: secret.into(),
            salt: salt.into(),
            opts,
        })
    }

    /// The endpoint requests go to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Builds and signs a request without sending it (`openwdt call --dry-run`).
    pub fn prepare(&self, method: &str, pager: Option<Pager>, args: &[Value]) -> SignedRequest {
        let body = Value::Array(args.to_vec()).to_string();
        self.sign(method, pager, body, crate::unix_now())
    }

    fn sign(&self, method: &str, pager: Option<Pager>, body: String, unix: i64) -> SignedRequest {
        wire::signed_request(
            Call {
                sid: &self.sid,
                key: &self.key,
                secret: &self.secret,
                salt: &self.salt,
                method,
                timestamp: wire::timestamp_from_unix(unix),
                pager,
            },
            body,
        )
    }

    /// Calls `method` with positional arguments; answers `data`.
    pub async fn call(&self, method: &str, args: Vec<Value>) -> Result<Value, Error> {
        Ok(self.reply(method, None, args).await?.data)
    }

    /// Calls a paged `method`; answers `data` and, when the pager asked, `total`.
    pub async fn page_call(
        &self,
        method: &str,
        pager: Pager,
        args: Vec<Value>,
    ) -> Result<Paged<Value>, Error> {
        let r = self.reply(method, Some(pager), args).await?;
        Ok(Paged {
            data: r.data,
            total: r.total,
        })
    }

    /// Calls and answers the whole successful reply (`status`, `data`, `total`).
    pub async fn reply(
        &self,
        method: &str,
        pager: Option<Pager>,
        args: Vec<Value>,
    ) -> Result<wire::Reply, Error> {
        let body = Value::Array(args).to_string();
        let safety = if is_query(method) {
            Safety::Query
        } else {
            Safety::Never
        };
        with_retries(&self.opts, safety, method, |_| {
            let req = self.sign(method, pager, body.clone(), crate::unix_now());
            self.send(req)
        })
        .await
    }

    async fn send(&self, req: SignedRequest) -> Result<wire::Reply, Error> {
        let resp = self
            .http
            .post(&self.url)
            .query(&req.query)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/json; charset=utf-8",
            )
            .body(req.body)
            .send()
            .await
            .map_err(Error::transport)?;
        let v = read_json(resp).await?;
        let reply: wire::Reply = decode(v)?;
        if reply.status != 0 {
            return Err(Error::Api(ApiError {
                code: reply.status,
                message: reply.message.unwrap_or_default(),
                existing_no: None,
            }));
        }
        Ok(reply)
    }

    /// Calls a declared endpoint with its request, laid out as its positional arguments, and
    /// decodes `data` and `total`.
    async fn paged<E: Endpoint>(
        &self,
        pager: Option<Pager>,
        req: &E::Request,
    ) -> Result<Paged<E::Answer>, Error> {
        let args = encode_args::<E>(req).map_err(|e| Error::Config(format!("request: {e}")))?;
        let r = self.reply(E::NAME, pager, args).await?;
        Ok(Paged {
            data: decode(r.data)?,
            total: r.total,
        })
    }

    /// As [`Self::paged`], for methods whose answer is `data` alone.
    pub(crate) async fn data<E: Endpoint>(
        &self,
        pager: Option<Pager>,
        req: &E::Request,
    ) -> Result<E::Answer, Error> {
        Ok(self.paged::<E>(pager, req).await?.data)
    }

    /// `wms.StockPd.stockSyncByPd`: overwrite the counted stock of a warehouse.
    pub async fn stock_sync_by_pd(
        &self,
        order: &api::PdOrder,
        specs: &[api::PdSpec],
    ) -> Result<api::PdResult, Error> {
        self.data::<api::StockSyncByPdCall>(
            None,
            &api::StockSyncByPdArgs {
                order: order.clone(),
                specs: specs.to_vec(),
            },
        )
        .await
    }

    /// `wms.StockSpec.search`: stock records.
    pub async fn stock_search(
        &self,
        params: &api::StockSearch,
        pager: Pager,
    ) -> Result<Paged<Vec<api::StockSpec>>, Error> {
        self.paged::<api::StockSearchCall>(
            Some(pager),
            &api::Params {
                params: params.clone(),
            },
        )
        .await
    }

    /// `wms.StockPd.queryStockPd`: stocktakes.
    pub async fn query_stock_pd(
        &self,
        params: &api::StockPdQuery,
        pager: Pager,
    ) -> Result<api::StockPdList, Error> {
        self.data::<api::QueryStockPdCall>(
            Some(pager),
            &api::Params {
                params: params.clone(),
            },
        )
        .await
    }

    /// `wms.StockPd.queryStockPdDetail`: a stocktake's lines.
    pub async fn query_stock_pd_detail(
        &self,
        params: &api::StockPdDetailQuery,
        pager: Pager,
    ) -> Result<Paged<Vec<api::StockPdDetail>>, Error> {
        self.paged::<api::QueryStockPdDetailCall>(
            Some(pager),
            &api::Params {
                params: params.clone(),
            },
        )
        .await
    }

    /// `wms.StockSpec.queryChangeHistory`: ledger postings.
    pub async fn query_change_history(
        &self,
        params: &api::ChangeHistoryQuery,
        pager: Pager,
    ) -> Result<api::ChangeHistoryList, Error> {
        self.data::<api::QueryChangeHistoryCall>(
            Some(pager),
            &api::Params {
                params: params.clone(),
            },
        )
        .await
    }

    /// `purchase.PurchaseOrder.createOrder`: the new order's number is `message`.
    pub async fn create_purchase_order(
        &self,
        order: &api::PurchaseOrderNew,
    ) -> Result<api::CreateOrderResult, Error> {
        self.data::<api::CreatePurchaseOrderCall>(
            None,
            &api::Params {
                params: order.clone(),
            },
        )
        .await
    }

    /// `purchase.PurchaseOrder.queryWithDetail`: orders with their lines.
    pub async fn query_purchase_orders(
        &self,
        params: &api::PurchaseOrderQuery,
        pager: Pager,
    ) -> Result<api::PurchaseOrderList, Error> {
        self.data::<api::QueryPurchaseOrdersCall>(
            Some(pager),
            &api::Params {
                params: params.clone(),
            },
        )
        .await
    }

    /// `wms.stockin.Purchase.upload`: a purchase stock-in; answers its `RK…` number.
    pub async fn upload_purchase_stockin(
        &self,
        order: &api::StockinOrder,
        details: &[api::StockinOrderDetail],
    ) -> Result<String, Error> {
        self.data::<api::UploadPurchaseStockinCall>(
            None,
            &api::StockinUploadArgs {
                stockin_order: order.clone(),
                stockin_detail_list: details.to_vec(),
            },
        )
        .await
    }

    /// `wms.stockin.Purchase.queryWithDetail`: purchase stock-ins with their lines.
    pub async fn query_purchase_stockins(
        &self,
        params: &api::PurchaseStockinQuery,
        pager: Pager,
    ) -> Result<api::PurchaseStockinList, Error> {
        self.data::<api::QueryPurchaseStockinsCall>(
            Some(pager),
            &api::Params {
                params: params.clone(),
            },
        )
        .await
    }

    // ---- master data ----

    /// `goods.Goods.push`: creates or updates one goods with its specs; answers the goods id.
    pub async fn goods_push(
        &self,
        goods: &master::GoodsInfo,
        specs: &[master::SpecInfo],
    ) -> Result<i64, Error> {
        self.data::<master::GoodsPushCall>(
            None,
            &master::GoodsPushArgs {
                goods: goods.clone(),
                specs: specs.to_vec(),
            },
        )
        .await
    }

    /// `goods.Goods.queryWithSpec`: goods with their specs.
    pub async fn query_goods(
        &self,
        params: &master::GoodsQuery,
        pager: Pager,
    ) -> Result<master::GoodsList, Error> {
        self.data::<master::GoodsQueryCall>(
            Some(pager),
            &master::GoodsQueryArgs {
                params: params.clone(),
                pager: None,
            },
        )
        .await
    }

    /// `setting.Warehouse.queryWarehouse`: the warehouses the app may see.
    pub async fn query_warehouses(
        &self,
        params: &master::WarehouseQuery,
        pager: Pager,
    ) -> Result<master::WarehouseList, Error> {
        self.data::<master::WarehouseQueryCall>(
            Some(pager),
            &master::WarehouseQueryArgs {
                params: params.clone(),
                pager: None,
            },
        )
        .await
    }

    /// `wms.PositionCapacity.search`: specs' positions in warehouses, with their stock.
    pub async fn search_positions(
        &self,
        params: &master::PositionSearch,
        pager: Pager,
    ) -> Result<master::PositionList, Error> {
        self.data::<master::PositionSearchCall>(
            Some(pager),
            &master::PositionSearchArgs {
                params: params.clone(),
                pager: None,
            },
        )
        .await
    }

    /// `setting.PurchaseProvider.push`: creates or updates a provider by `provider_no`.
    pub async fn push_provider(
        &self,
        provider: &master::ProviderInfo,
    ) -> Result<master::ProviderPushResult, Error> {
        self.data::<master::ProviderPushCall>(
            None,
            &master::ProviderPushArgs {
                provider: provider.clone(),
            },
        )
        .await
    }

    /// `setting.PurchaseProvider.queryDetail`: providers.
    pub async fn query_providers(
        &self,
        params: &master::ProviderQuery,
        pager: Pager,
    ) -> Result<master::ProviderList, Error> {
        self.data::<master::ProviderQueryCall>(
            Some(pager),
            &master::ProviderQueryArgs {
                params: params.clone(),
                pager: None,
            },
        )
        .await
    }
}

impl FlagshipClient {
    /// `purchase.PurchaseOrder.cancelOrder`: cancel an order 编辑中. Never retried.
    pub async fn cancel_purchase_order(&self, purchase_no: &str) -> Result<(), Error> {
        self.data::<cancel::PurchaseCancelOrderCall>(
            None,
            &cancel::CancelOrder {
                purchase_no: purchase_no.into(),
            },
        )
        .await
    }

    /// `purchase.PurchaseOrder.cancelByType`: cancel or stop waiting for a list of orders;
    /// `code` 1 and `message` name the orders that failed. Never retried.
    pub async fn cancel_purchase_orders_by_type(
        &self,
        params: &cancel::CancelByType,
    ) -> Result<cancel::CancelByTypeResult, Error> {
        self.data::<cancel::PurchaseCancelByTypeCall>(
            None,
            &cancel::CancelByTypeArgs {
                params: params.clone(),
            },
        )
        .await
    }

    /// `wms.stockin.Purchase.cancel`: cancel a purchase stock-in 编辑中. Never retried.
    pub async fn cancel_purchase_stockin(&self, stockin_no: &str) -> Result<(), Error> {
        self.data::<cancel::PurchaseStockinCancelCall>(
            None,
            &cancel::StockinCancel {
                stockin_no: stockin_no.into(),
            },
        )
        .await
    }

    /// `wms.StockPd.queryStockPdInDetail`: the stock-ins of stocktakes' gains.
    pub async fn query_stock_pd_in_detail(
        &self,
        params: &stockpd::PdInQuery,
        pager: Pager,
    ) -> Result<stockpd::PdInList, Error> {
        self.data::<stockpd::StockPdInDetailCall>(
            Some(pager),
            &stockpd::PdInArgs {
                params: params.clone(),
                pager: None,
            },
        )
        .await
    }

    /// `wms.StockPd.queryStockPdOutDetail`: the stock-outs of stocktakes' losses.
    pub async fn query_stock_pd_out_detail(
        &self,
        params: &stockpd::PdOutQuery,
        pager: Pager,
    ) -> Result<stockpd::PdOutList, Error> {
        self.data::<stockpd::StockPdOutDetailCall>(
            Some(pager),
            &stockpd::PdOutArgs {
                params: params.clone(),
                pager: None,
            },
        )
        .await
    }

    /// `wms.StockSpec.queryAvailableStock`: available stock per warehouse and spec.
    pub async fn query_available_stock(
        &self,
        params: &stock::AvailableStockQuery,
        pager: Pager,
    ) -> Result<stock::AvailableStockList, Error> {
        self.data::<stock::QueryAvailableStockCall>(
            Some(pager),
            &stock::AvailableStockArgs {
                params: params.clone(),
                pager: None,
            },
        )
        .await
    }

    /// `wms.StockSpec.stockDetailSearch`: the stock per position and batch of stock records
    /// (their `rec_id`s from [`Self::stock_search2`]).
    pub async fn stock_detail_search(
        &self,
        params: &stock::StockDetailQuery,
    ) -> Result<stock::StockDetailList, Error> {
        self.data::<stock::StockDetailSearchCall>(
            None,
            &stock::StockDetailArgs {
                params: params.clone(),
            },
        )
        .await
    }

    /// `wms.StockSpec.search2`: stock records (page size up to 1000).
    pub async fn stock_search2(
        &self,
        params: &stock::Search2Query,
        pager: Pager,
    ) -> Result<stock::Search2List, Error> {
        self.data::<stock::StockSearch2Call>(
            Some(pager),
            &stock::Search2Args {
                params: params.clone(),
                pager: None,
            },
        )
        .await
    }
}

impl FlagshipClient {
    /// `wms.stockin.Other.createOtherOrder`: an other stock-in (its `outer_no` becomes its
    /// number, `message`); naming `src_order_no` fulfils that business order. Never retried.
    pub async fn create_other_stockin(
        &self,
        order: &other::OtherOrder,
    ) -> Result<other::PushResult, Error> {
        self.data::<other::StockinOtherCreateCall>(
            None,
            &other::StockinOtherArgs {
                stockin_order: order.clone(),
            },
        )
        .await
    }

    /// `wms.stockin.Other.queryWithDetail`: other stock-ins with their lines.
    pub async fn query_other_stockins(
        &self,
        params: &other::StockinOtherQuery,
        pager: Pager,
    ) -> Result<other::StockinOtherList, Error> {
        self.data::<other::StockinOtherQueryCall>(
            Some(pager),
            &other::Params {
                params: params.clone(),
            },
        )
        .await
    }

    /// `wms.stockin.Other.cancelOtherOrder`: cancel an other stock-in 编辑中 (or, forced,
    /// 待审核). Never retried.
    pub async fn cancel_other_stockin(&self, order_no: &str, is_force: bool) -> Result<(), Error> {
        self.data::<other::StockinOtherCancelCall>(
            None,
            &other::CancelOther {
                order_no: order_no.into(),
                is_force,
            },
        )
        .await
    }

    /// `wms.stockout.Other.createOther`: an other stock-out, refused whole when short of
    /// stock. Never retried.
    pub async fn create_other_stockout(
        &self,
        order: &other::OtherOrder,
    ) -> Result<other::PushResult, Error> {
        self.data::<other::StockoutOtherCreateCall>(
            None,
            &other::StockoutOtherArgs {
                stockout_order: order.clone(),
            },
        )
        .await
    }

    /// `wms.stockout.OtherQuery.queryWithDetail`: other stock-outs with their lines.
    pub async fn query_other_stockouts(
        &self,
        params: &other::StockoutOtherQuery,
        pager: Pager,
    ) -> Result<other::StockoutOtherList, Error> {
        self.data::<other::StockoutOtherQueryCall>(
            Some(pager),
            &other::Params {
                params: params.clone(),
            },
        )
        .await
    }

    /// `wms.stockout.Other.cancelOtherOrder`: cancel an other stock-out 未确认 (or, forced,
    /// 待审核). Never retried.
    pub async fn cancel_other_stockout(&self, order_no: &str, is_force: bool) -> Result<(), Error> {
        self.data::<other::StockoutOtherCancelCall>(
            None,
            &other::CancelOther {
                order_no: order_no.into(),
                is_force,
            },
        )
        .await
    }

    /// `wms.stockother.In.push`: an other-in business order (`message` is its number). Never
    /// retried.
    pub async fn push_other_in_order(
        &self,
        order: &other_order::OrderHead,
        details: &[other_order::OrderDetail],
    ) -> Result<other_order::OrderPushResult, Error> {
        self.data::<other_order::InOrderPushCall>(
            None,
            &other_order::OrderPushArgs {
                order: order.clone(),
                order_details: details.to_vec(),
            },
        )
        .await
    }

    /// `wms.stockother.InQuery.queryWithDetail`: other-in business orders with each line's
    /// `in_num`.
    pub async fn query_other_in_orders(
        &self,
        params: &other_order::OrderQuery,
        pager: Pager,
    ) -> Result<other_order::InOrderList, Error> {
        self.data::<other_order::InOrderQueryCall>(
            Some(pager),
            &other_order::Params {
                params: params.clone(),
            },
        )
        .await
    }

    /// `wms.stockother.In.cancelOrder`: cancel other-in business orders, each on its own;
    /// `error_data` says why each refused one was. Never retried.
    pub async fn cancel_other_in_orders(
        &self,
        order_nos: &[String],
    ) -> Result<other_order::CancelResult, Error> {
        self.data::<other_order::InOrderCancelCall>(
            None,
            &other_order::CancelOrders {
                order_no_list: order_nos.to_vec(),
            },
        )
        .await
    }

    /// `wms.stockother.Out.push`: an other-out business order. Never retried.
    pub async fn push_other_out_order(
        &self,
        order: &other_order::OrderHead,
        details: &[other_order::OrderDetail],
    ) -> Result<other_order::OrderPushResult, Error> {
        self.data::<other_order::OutOrderPushCall>(
            None,
            &other_order::OrderPushArgs {
                order: order.clone(),
                order_details: details.to_vec(),
            },
        )
        .await
    }

    /// `wms.stockother.OutQuery.queryWithDetail`: other-out business orders with each line's
    /// `out_num`.
    pub async fn query_other_out_orders(
        &self,
        params: &other_order::OrderQuery,
        pager: Pager,
    ) -> Result<other_order::OutOrderList, Error> {
        self.data::<other_order::OutOrderQueryCall>(
            Some(pager),
            &other_order::Params {
                params: params.clone(),
            },
        )
        .await
    }

    /// `wms.stockother.Out.cancelOrder`: cancel other-out business orders, each on its own.
    /// Never retried.
    pub async fn cancel_other_out_orders(
        &self,
        order_nos: &[String],
    ) -> Result<other_order::CancelResult, Error> {
        self.data::<other_order::OutOrderCancelCall>(
            None,
            &other_order::CancelOrders {
                order_no_list: order_nos.to_vec(),
            },
        )
        .await
    }
}

impl FlagshipClient {
    /// `wms.stocktransfer.Edit.createOrder`: a transfer; its `TF…` number is `message`.
    /// Never retried.
    pub async fn create_transfer(
        &self,
        order: &transfer::TransferInfo,
        details: &[transfer::TransferDetail],
        is_check: bool,
    ) -> Result<transfer::PushResult, Error> {
        self.data::<transfer::CreateTransferCall>(
            None,
            &transfer::CreateTransferArgs {
                order_info: order.clone(),
                detail_list: details.to_vec(),
                is_check,
            },
        )
        .await
    }

    /// `wms.stocktransfer.Manage.queryWithDetail`: transfers with each line's progress.
    pub async fn query_transfers(
        &self,
        params: &transfer::TransferQuery,
        pager: Pager,
    ) -> Result<transfer::TransferList, Error> {
        self.data::<transfer::QueryTransfersCall>(
            Some(pager),
            &transfer::Params {
                params: params.clone(),
            },
        )
        .await
    }

    /// `wms.stocktransfer.Manage.cancelOrder`. Never retried.
    pub async fn cancel_transfer(&self, transfer_no: &str) -> Result<(), Error> {
        self.data::<transfer::CancelTransferCall>(
            None,
            &transfer::TransferNo {
                transfer_no: transfer_no.into(),
            },
        )
        .await
    }

    /// `wms.stocktransfer.Manage.pending`: stop waiting for transfers (`isback`: bring what
    /// is in transit in now); `error_info` lists those that could not be stopped. Never
    /// retried.
    pub async fn stop_transfers(
        &self,
        transfer_nos: &[String],
        isback: bool,
    ) -> Result<transfer::PendingResult, Error> {
        self.data::<transfer::PendingTransferCall>(
            None,
            &transfer::PendingArgs {
                transfer_nos: transfer_nos.to_vec(),
                isback,
            },
        )
        .await
    }

    /// `wms.stockout.Transfer.createOrder`: a transfer stock-out; its number is `message`.
    /// Never retried.
    pub async fn create_transfer_stockout(
        &self,
        order: &transfer::MoveInfo,
        details: &[transfer::MoveDetail],
    ) -> Result<transfer::PushResult, Error> {
        self.data::<transfer::TransferOutCall>(None, &move_args(order, details))
            .await
    }

    /// `wms.stockout.Transfer.cancelOrder`. Never retried.
    pub async fn cancel_transfer_stockout(&self, transfer_out_no: &str) -> Result<(), Error> {
        self.data::<transfer::CancelTransferOutCall>(
            None,
            &transfer::TransferOutNo {
                transfer_out_no: transfer_out_no.into(),
            },
        )
        .await
    }

    /// `wms.stockin.Transfer.createOrder`: a transfer stock-in; its number is `message`.
    /// Never retried.
    pub async fn create_transfer_stockin(
        &self,
        order: &transfer::MoveInfo,
        details: &[transfer::MoveDetail],
    ) -> Result<transfer::PushResult, Error> {
        self.data::<transfer::TransferInCall>(None, &move_args(order, details))
            .await
    }

    /// `wms.stockin.Transfer.cancelOrder`. Never retried.
    pub async fn cancel_transfer_stockin(&self, transfer_in_no: &str) -> Result<(), Error> {
        self.data::<transfer::CancelTransferInCall>(
            None,
            &transfer::TransferInNo {
                transfer_in_no: transfer_in_no.into(),
            },
        )
        .await
    }

    /// `wms.stockout.Transfer.queryWithDetail`: transfer stock-outs, with where each line
    /// was taken from.
    pub async fn query_transfer_stockouts(
        &self,
        params: &transfer::TransferOutQuery,
        pager: Pager,
    ) -> Result<transfer::TransferOutList, Error> {
        self.data::<transfer::QueryTransferOutsCall>(
            Some(pager),
            &transfer::Params {
                params: params.clone(),
            },
        )
        .await
    }

    /// `wms.stockin.Transfer.queryWithDetail`: transfer stock-ins.
    pub async fn query_transfer_stockins(
        &self,
        params: &transfer::TransferInQuery,
        pager: Pager,
    ) -> Result<transfer::TransferInList, Error> {
        self.data::<transfer::QueryTransferInsCall>(
            Some(pager),
            &transfer::Params {
                params: params.clone(),
            },
        )
        .await
    }

    /// `wms.outer.OuterTransfer.createByApi`: a quick transfer (`create_mode` 2 moves it at
    /// once); answers `transfer_no`. Never retried.
    pub async fn outer_transfer(
        &self,
        params: &transfer::OuterTransferInfo,
        details: &[transfer::OuterTransferDetail],
    ) -> Result<transfer::OuterTransferResult, Error> {
        self.data::<transfer::OuterTransferCall>(
            None,
            &transfer::OuterTransferArgs {
                params: params.clone(),
                detail_list: details.to_vec(),
            },
        )
        .await
    }
}

fn move_args(order: &transfer::MoveInfo, details: &[transfer::MoveDetail]) -> transfer::MoveArgs {
    transfer::MoveArgs {
        order_info: order.clone(),
        detail_list: details.to_vec(),
        is_check: None,
    }
}

/// Queries, by their declaration, are retried; everything else (pushes, and methods openwdt
/// does not declare) is not.
fn is_query(method: &str) -> bool {
    openwdt_wire::api::find(Edition::Flagship, method).is_some_and(|d| d.kind.is_query())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_queries_are_retried() {
        assert!(is_query("wms.StockSpec.search"));
        assert!(is_query("purchase.PurchaseOrder.queryWithDetail"));
        assert!(!is_query("wms.StockPd.stockSyncByPd"));
        assert!(!is_query("wms.stockin.Purchase.upload"));
        assert!(is_query("wms.StockSpec.search2"));
        assert!(is_query("wms.StockSpec.stockDetailSearch"));
        assert!(!is_query("purchase.PurchaseOrder.cancelByType"));
        assert!(!is_query("wms.stockin.Purchase.cancel"));
        assert!(is_query("wms.stockother.InQuery.queryWithDetail"));
        assert!(!is_query("wms.stockother.Out.push"));
        assert!(!is_query("wms.stockother.In.cancelOrder"));
        assert!(is_query("wms.stockout.Transfer.queryWithDetail"));
        assert!(!is_query("wms.outer.OuterTransfer.createByApi"));
    }

    #[test]
    fn debug_hides_the_secret_and_salt() {
        let c = FlagshipClient::new("http://127.0.0.1:1", "s", "k", "topsecret:saltysalt").unwrap();
        let shown = format!("{c:?}");
        assert!(shown.contains("http://127.0.0.1:1/openapi"), "{shown}");
        assert!(
            !shown.contains("topsecret") && !shown.contains("saltysalt"),
            "{shown}"
        );
    }

    #[test]
    fn base_url_with_or_without_the_endpoint() {
        for base in [
            "http://h:1",
            "http://h:1/",
            "http://h:1/openapi",
            "http://h:1/openapi/",
        ] {
            let c = FlagshipClient::new(base, "s", "k", "a:b").unwrap();
            assert_eq!(c.url(), "http://h:1/openapi", "{base}");
        }
        assert!(FlagshipClient::new("http://h:1", "s", "k", "no-colon").is_err());
    }
}
