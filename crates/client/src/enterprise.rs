//! The enterprise client.

use std::fmt;

use openwdt_wire::endpoint::{Edition, Kind};

use openwdt_wire::api::enterprise as api;
use openwdt_wire::api::master::enterprise as master;
use openwdt_wire::api::other::enterprise as other;
use openwdt_wire::api::{
    cancel::enterprise as cancel, stockpd::enterprise as stockpd, transfer::enterprise as transfer,
};
use openwdt_wire::enterprise as wire;
use openwdt_wire::fields::as_int;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{decode, read_json, with_retries, ApiError, Error, Options, Pushed, Safety};

/// An enterprise (企业版) client: `POST {base}/openapi2/<name>.php`.
#[derive(Clone)]
pub struct EnterpriseClient {
    http: reqwest::Client,
    base: String,
    sid: String,
    appkey: String,
    appsecret: String,
    opts: Options,
}

/// Shows who calls where, never the appsecret.
impl fmt::Debug for EnterpriseClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnterpriseClient")
            .field("base", &self.base)
            .field("sid", &self.sid)
            .field("appkey", &self.appkey)
            .finish_non_exhaustive()
    }
}

/// A form request ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedForm {
    pub url: String,
    /// The endpoint's fields, then `sid`, `appkey`, `timestamp` and `sign`.
    pub fields: Vec<(String, String)>,
}

impl EnterpriseClient {
    /// `base_url` is the server (`http://127.0.0.1:8080`) or the cloud's `…/openapi2`.
    pub fn new(base_url: &str, sid: &str, appkey: &str, appsecret: &str) -> Result<Self, Error> {
        Self::with_options(base_url, sid, appkey, appsecret, Options::default())
    }

    pub fn with_options(
        base_url: &str,
        sid: &str,
        appkey: &str,
        appsecret: &str,
        opts: Options,
    ) -> Result<Self, Error> {
        Ok(EnterpriseClient {
            http: opts.http()?,
            base: format!("{}/openapi2", crate::base(base_url, "/openapi2")?),
            sid: sid.into(),
            appkey: appkey.into(),
            appsecret: appsecret.into(),
            opts,
        })
    }

    /// The URL of endpoint `name` (`stock_query` or `stock_query.php`).
    pub fn url(&self, name: &str) -> String {
        format!("{}/{}", self.base, php(name))
    }

    /// Builds and signs a request without sending it (`openwdt call --dry-run`).
    pub fn prepare<P: Serialize + ?Sized>(
        &self,
        name: &str,
        params: &P,
    ) -> Result<SignedForm, Error> {
        Ok(self.sign(name, form(params)?, crate::unix_now()))
    }

    fn sign(&self, name: &str, fields: Vec<(String, String)>, unix: i64) -> SignedForm {
        SignedForm {
            url: self.url(name),
            fields: wire::signed_form(&self.sid, &self.appkey, &self.appsecret, unix, fields),
        }
    }

    /// Calls endpoint `name` with `params` (an object: text and numbers as form fields,
    /// objects and lists as JSON strings); answers the fields beside `code` and `message`.
    pub async fn call<P: Serialize + ?Sized>(
        &self,
        name: &str,
        params: &P,
    ) -> Result<Map<String, Value>, Error> {
        Ok(self.call_keyed(name, form(params)?).await?.answer)
    }

    async fn call_keyed(
        &self,
        name: &str,
        fields: Vec<(String, String)>,
    ) -> Result<Pushed<Map<String, Value>>, Error> {
        let name = php(name);
        let safety = safety(&name);
        with_retries(&self.opts, safety, &name, |n| {
            let req = self.sign(&name, fields.clone(), crate::unix_now());
            async move {
                let mut reply = self.send(req).await?;
                let code = reply.get("code").and_then(|c| as_int("code", c).ok());
                let message = reply
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                let existing_no = match safety {
                    Safety::Keyed(field) => {
                        reply.get(field).and_then(Value::as_str).map(String::from)
                    }
                    _ => None,
                };
                reply.remove("code");
                reply.remove("message");
                match code {
                    Some(0) => Ok(Pushed {
                        answer: reply,
                        replayed: false,
                    }),
                    // A retry that finds its own first attempt already done.
                    Some(wire::CODE_DUPLICATE) if n > 0 && existing_no.is_some() => Ok(Pushed {
                        answer: reply,
                        replayed: true,
                    }),
                    Some(code) => Err(Error::Api(ApiError {
                        code,
                        message,
                        existing_no: existing_no.filter(|_| code == wire::CODE_DUPLICATE),
                    })),
                    None => Err(Error::Decode {
                        message: "the answer has no integer `code`".into(),
                        body: Value::Object(reply).to_string(),
                    }),
                }
            }
        })
        .await
    }

    async fn send(&self, req: SignedForm) -> Result<Map<String, Value>, Error> {
        let resp = self
            .http
            .post(&req.url)
            .form(&req.fields)
            .send()
            .await
            .map_err(Error::transport)?;
        match read_json(resp).await? {
            Value::Object(m) => Ok(m),
            other => Err(Error::Decode {
                message: "the answer is not a JSON object".into(),
                body: other.to_string(),
            }),
        }
    }

    pub(crate) async fn typed<P: Serialize, T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
        params: &P,
    ) -> Result<Pushed<T>, Error> {
        let r = self.call_keyed(name, form(params)?).await?;
        Ok(Pushed {
            answer: decode(Value::Object(r.answer))?,
            replayed: r.replayed,
        })
    }

    /// `stock_query.php`: normal stock per warehouse and spec.
    pub async fn stock_query(&self, q: &api::StockQuery) -> Result<api::StockQueryAnswer, Error> {
        Ok(self.typed("stock_query.php", q).await?.answer)
    }

    /// `stock_sync_by_pd.php`: a stocktake keyed by `api_outer_no`.
    pub async fn stock_sync_by_pd(
        &self,
        pd: &api::StockSyncByPd,
    ) -> Result<Pushed<api::StockSyncByPdAnswer>, Error> {
        self.typed("stock_sync_by_pd.php", pd).await
    }

    /// `purchase_order_push.php`: a purchase order keyed by `outer_no`.
    pub async fn purchase_order_push(
        &self,
        po: &api::PurchaseOrderPush,
    ) -> Result<Pushed<api::PurchaseOrderPushAnswer>, Error> {
        self.typed("purchase_order_push.php", po).await
    }

    /// `purchase_order_query.php`: orders with their lines.
    pub async fn purchase_order_query(
        &self,
        q: &api::PurchaseOrderQuery,
    ) -> Result<api::PurchaseOrderQueryAnswer, Error> {
        Ok(self.typed("purchase_order_query.php", q).await?.answer)
    }

    /// `stockin_purchase_push.php`: a purchase stock-in keyed by `outer_no`.
    pub async fn stockin_purchase_push(
        &self,
        push: &api::StockinPurchasePush,
    ) -> Result<Pushed<api::StockinPurchasePushAnswer>, Error> {
        self.typed("stockin_purchase_push.php", push).await
    }

    /// `stockin_order_query_purchase.php`: purchase stock-ins with their lines.
    pub async fn stockin_order_query_purchase(
        &self,
        q: &api::StockinOrderQueryPurchase,
    ) -> Result<api::StockinOrderQueryPurchaseAnswer, Error> {
        Ok(self
            .typed("stockin_order_query_purchase.php", q)
            .await?
            .answer)
    }

    // ---- master data ----

    /// `goods_push.php`: creates or updates goods with their specs.
    pub async fn goods_push(
        &self,
        push: &master::GoodsPush,
    ) -> Result<Pushed<master::GoodsPushAnswer>, Error> {
        self.typed("goods_push.php", push).await
    }

    /// `goods_query.php`: goods with their specs.
    pub async fn goods_query(
        &self,
        q: &master::GoodsQuery,
    ) -> Result<master::GoodsQueryAnswer, Error> {
        Ok(self.typed("goods_query.php", q).await?.answer)
    }

    /// `warehouse_query.php`: the warehouses the app may see.
    pub async fn warehouse_query(
        &self,
        q: &master::WarehouseQuery,
    ) -> Result<master::WarehouseQueryAnswer, Error> {
        Ok(self.typed("warehouse_query.php", q).await?.answer)
    }

    /// `purchase_provider_create.php`: creates or updates a provider by `provider_no`.
    pub async fn purchase_provider_create(
        &self,
        p: &master::ProviderCreate,
    ) -> Result<Pushed<master::ProviderCreateAnswer>, Error> {
        self.typed("purchase_provider_create.php", p).await
    }

    /// `purchase_provider_query.php`: providers, with the fields `column` names.
    pub async fn purchase_provider_query(
        &self,
        q: &master::ProviderQuery,
    ) -> Result<master::ProviderQueryAnswer, Error> {
        Ok(self.typed("purchase_provider_query.php", q).await?.answer)
    }
}

impl EnterpriseClient {
    /// `purchase_order_end.php`: cancel (`type` 0) or stop waiting for (`type` 1) purchase
    /// orders. Orders that could not be ended are in `error_list`; when none could, the call
    /// fails (code 2000) and nothing was written. Never retried.
    pub async fn purchase_order_end(
        &self,
        req: &cancel::PurchaseOrderEnd,
    ) -> Result<cancel::PurchaseOrderEndAnswer, Error> {
        Ok(self.typed("purchase_order_end.php", req).await?.answer)
    }

    /// `stock_pd_order_query.php`: stocktakes with their lines, one page (`page_no` from 0,
    /// `page_size` 1–100); `total_count` comes with the first page.
    pub async fn stock_pd_order_query(
        &self,
        q: &stockpd::StockPdOrderQuery,
        page_no: i64,
        page_size: i64,
    ) -> Result<stockpd::StockPdOrderQueryAnswer, Error> {
        let mut fields = form(q)?;
        fields.push(("page_no".into(), page_no.to_string()));
        fields.push(("page_size".into(), page_size.to_string()));
        let r = self.call_keyed("stock_pd_order_query.php", fields).await?;
        decode(Value::Object(r.answer))
    }
}

impl EnterpriseClient {
    /// `stockin_order_push.php`: an other stock-in keyed by `outer_no`.
    pub async fn stockin_order_push(
        &self,
        push: &other::StockinOrderPush,
    ) -> Result<Pushed<other::StockinOrderPushAnswer>, Error> {
        self.typed("stockin_order_push.php", push).await
    }

    /// `stockout_order_push.php`: an other stock-out keyed by `outer_no`, refused whole when
    /// short of stock.
    pub async fn stockout_order_push(
        &self,
        push: &other::StockoutOrderPush,
    ) -> Result<Pushed<other::StockoutOrderPushAnswer>, Error> {
        self.typed("stockout_order_push.php", push).await
    }

    /// `stock_transfer_push.php`: a transfer keyed by `outer_no` (quick unless
    /// `transfer_type` 0).
    pub async fn stock_transfer_push(
        &self,
        push: &transfer::StockTransferPush,
    ) -> Result<Pushed<transfer::StockTransferPushAnswer>, Error> {
        self.typed("stock_transfer_push.php", push).await
    }

    /// `stock_transfer_query.php`: transfers with each line's progress, one page (`page_no`
    /// from 0, `page_size` 1–100); `total_count` comes with the first page.
    pub async fn stock_transfer_query(
        &self,
        q: &transfer::StockTransferQuery,
        page_no: i64,
        page_size: i64,
    ) -> Result<transfer::StockTransferQueryAnswer, Error> {
        let mut fields = form(q)?;
        fields.push(("page_no".into(), page_no.to_string()));
        fields.push(("page_size".into(), page_size.to_string()));
        let r = self.call_keyed("stock_transfer_query.php", fields).await?;
        decode(Value::Object(r.answer))
    }

    /// `stockout_transfer_push.php`: a stock-out against a two-step transfer, keyed by
    /// `outer_no`.
    pub async fn stockout_transfer_push(
        &self,
        push: &transfer::StockoutTransferPush,
    ) -> Result<Pushed<transfer::StockoutTransferPushAnswer>, Error> {
        self.typed("stockout_transfer_push.php", push).await
    }

    /// `stockin_transfer_push.php`: a stock-in against a two-step transfer, keyed by
    /// `outer_no`.
    pub async fn stockin_transfer_push(
        &self,
        push: &transfer::StockinTransferPush,
    ) -> Result<Pushed<transfer::StockinTransferPushAnswer>, Error> {
        self.typed("stockin_transfer_push.php", push).await
    }
}

fn php(name: &str) -> String {
    format!("{}.php", name.trim_end_matches(".php"))
}

/// How a call may be retried, from its declaration: queries always, keyed pushes with their
/// number field, everything else (and endpoints openwdt does not declare) never.
fn safety(name: &str) -> Safety {
    match openwdt_wire::api::find(Edition::Enterprise, name).map(|d| d.kind) {
        Some(Kind::Query { .. }) => Safety::Query,
        Some(Kind::KeyedPush { number_field, .. }) => Safety::Keyed(number_field),
        _ => Safety::Never,
    }
}

fn form<P: Serialize + ?Sized>(params: &P) -> Result<Vec<(String, String)>, Error> {
    wire::form_fields(params).map_err(|e| Error::Config(format!("request: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_only_queries_and_keyed_pushes() {
        assert_eq!(safety("stock_query.php"), Safety::Query);
        assert_eq!(safety("stockin_order_query_purchase.php"), Safety::Query);
        assert_eq!(
            safety("stockin_purchase_push.php"),
            Safety::Keyed("stockin_no")
        );
        assert_eq!(safety("stock_sync_by_pd.php"), Safety::Keyed("pd_no"));
        assert_eq!(safety("goods_push.php"), Safety::Never);
        assert_eq!(safety("purchase_order_end.php"), Safety::Never);
        assert_eq!(safety("stock_pd_order_query.php"), Safety::Query);
        assert_eq!(
            safety("stockout_order_push.php"),
            Safety::Keyed("stockout_no")
        );
        assert_eq!(
            safety("stockout_transfer_push.php"),
            Safety::Keyed("stockout_no")
        );
        assert_eq!(safety("stock_transfer_query.php"), Safety::Query);
    }

    #[test]
    fn debug_hides_the_appsecret() {
        let c = EnterpriseClient::new("http://h:1/openapi2/", "s", "k", "topsecret").unwrap();
        assert_eq!(c.url("stock_query"), "http://h:1/openapi2/stock_query.php");
        assert!(!format!("{c:?}").contains("topsecret"));
    }
}
