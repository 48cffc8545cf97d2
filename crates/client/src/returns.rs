//! Purchase returns and their stock-outs, on both editions.

use openwdt_wire::api::flagship::Pager;
use openwdt_wire::api::preturn::{enterprise as ea, flagship as fa};

use crate::{EnterpriseClient, Error, FlagshipClient, Pushed};

impl FlagshipClient {
    /// `purchase.PurchaseReturn.createOrder`: a purchase return numbered by its `outer_no`;
    /// answers the number. Never retried.
    pub async fn create_purchase_return(
        &self,
        order: &fa::ReturnInfo,
        lines: &[fa::ReturnDetail],
        is_check: bool,
    ) -> Result<String, Error> {
        let args = fa::CreateReturnArgs {
            order_info: order.clone(),
            detail_list: lines.to_vec(),
            is_check,
        };
        Ok(self
            .data::<fa::CreateReturnCall>(None, &args)
            .await?
            .message)
    }

    /// `purchase.PurchaseReturn.queryWithDetail`: returns with their lines' `out_num`.
    pub async fn query_purchase_returns(
        &self,
        params: &fa::ReturnQuery,
        pager: Pager,
    ) -> Result<fa::ReturnList, Error> {
        let args = fa::Params {
            params: params.clone(),
        };
        self.data::<fa::QueryReturnsCall>(Some(pager), &args).await
    }

    /// `purchase.PurchaseReturn.cancelOrder`: cancel a return 编辑中/待审核. Never retried.
    pub async fn cancel_purchase_return(&self, return_no: &str) -> Result<(), Error> {
        let args = fa::ReturnNo {
            return_no: return_no.into(),
        };
        self.data::<fa::CancelReturnCall>(None, &args).await?;
        Ok(())
    }

    /// `purchase.PurchaseReturn.batchCancelOrder`: each of 1–20 returns on its own; the ones
    /// not cancelled are in `error_info`. Never retried.
    pub async fn cancel_purchase_returns(
        &self,
        return_nos: &[String],
    ) -> Result<fa::BatchCancelResult, Error> {
        let args = fa::BatchCancelArgs {
            return_nos: return_nos.to_vec(),
        };
        self.data::<fa::BatchCancelReturnsCall>(None, &args).await
    }

    /// `purchase.PurchaseReturn.pending`: stop waiting for returns 部分出库. Never retried.
    pub async fn stop_purchase_returns(
        &self,
        return_nos: &[String],
    ) -> Result<fa::PendingResult, Error> {
        let args = fa::PendingArgs {
            purchase_return_nos: return_nos.to_vec(),
        };
        self.data::<fa::PendingReturnsCall>(None, &args).await
    }

    /// `wms.stockout.PurchaseReturn.createOrder`: a return stock-out; answers its number.
    /// Never retried.
    pub async fn create_return_stockout(
        &self,
        order: &fa::ReturnOutInfo,
        lines: &[fa::ReturnOutDetail],
    ) -> Result<String, Error> {
        let args = fa::ReturnOutArgs {
            order_info: order.clone(),
            detail_list: lines.to_vec(),
        };
        Ok(self.data::<fa::ReturnOutCall>(None, &args).await?.message)
    }

    /// `wms.stockout.PurchaseReturn.queryWithDetail`: return stock-outs with their lines.
    pub async fn query_return_stockouts(
        &self,
        params: &fa::ReturnOutQuery,
        pager: Pager,
    ) -> Result<fa::ReturnOutList, Error> {
        let args = fa::Params {
            params: params.clone(),
        };
        self.data::<fa::QueryReturnOutsCall>(Some(pager), &args)
            .await
    }
}

impl EnterpriseClient {
    /// `purchase_return_push.php`: a purchase return keyed by `outer_no`.
    pub async fn purchase_return_push(
        &self,
        push: &ea::ReturnPush,
    ) -> Result<Pushed<ea::ReturnPushAnswer>, Error> {
        self.typed("purchase_return_push.php", push).await
    }

    /// `purchase_return_query.php`: returns with their lines.
    pub async fn purchase_return_query(
        &self,
        q: &ea::ReturnQuery,
    ) -> Result<ea::ReturnQueryAnswer, Error> {
        Ok(self.typed("purchase_return_query.php", q).await?.answer)
    }

    /// `purchase_return_end.php`: cancel (`type` 0) or stop waiting for (`type` 1) returns.
    /// When none could be ended the call fails (code 2000). Never retried.
    pub async fn purchase_return_end(
        &self,
        req: &ea::ReturnEnd,
    ) -> Result<ea::ReturnEndAnswer, Error> {
        Ok(self.typed("purchase_return_end.php", req).await?.answer)
    }

    /// `purchase_return_order_push.php`: a return stock-out keyed by `outer_no`.
    pub async fn purchase_return_order_push(
        &self,
        push: &ea::ReturnOutPush,
    ) -> Result<Pushed<ea::ReturnOutPushAnswer>, Error> {
        self.typed("purchase_return_order_push.php", push).await
    }

    /// `stockout_order_query_return.php`: return stock-outs with their lines.
    pub async fn stockout_order_query_return(
        &self,
        q: &ea::ReturnOutQuery,
    ) -> Result<ea::ReturnOutQueryAnswer, Error> {
        Ok(self
            .typed("stockout_order_query_return.php", q)
            .await?
            .answer)
    }
}
