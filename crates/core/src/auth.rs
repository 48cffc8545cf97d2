//! Sellers, apps and their warehouse permissions.

use sqlx::Row;

use crate::error::CoreResult;
use crate::store::Store;

/// Which warehouses an app may touch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WarehousePerm {
    All,
    Only(Vec<String>),
}

impl WarehousePerm {
    pub fn allows(&self, warehouse_no: &str) -> bool {
        match self {
            WarehousePerm::All => true,
            WarehousePerm::Only(list) => list.iter().any(|w| w == warehouse_no),
        }
    }
    pub(crate) fn encode(&self) -> String {
        match self {
            WarehousePerm::All => "*".into(),
            WarehousePerm::Only(list) => serde_json::to_string(list).expect("strings serialise"),
        }
    }
    fn decode(s: &str) -> WarehousePerm {
        if s == "*" {
            WarehousePerm::All
        } else {
            WarehousePerm::Only(serde_json::from_str(s).unwrap_or_default())
        }
    }
}

/// The caller of a command: an app of one seller. Every command is scoped to it.
#[derive(Clone)]
pub struct Caller {
    pub seller_id: i64,
    pub sid: String,
    pub app_key: String,
    pub warehouses: WarehousePerm,
}

/// An app's credentials, for the gateway to check a signature. Deliberately not `Debug`:
/// secrets must never reach a log line.
pub struct AppCredentials {
    pub caller: Caller,
    pub secret: String,
    pub salt: String,
}

/// Why a caller could not be identified (the gateways word each case themselves).
#[derive(Debug, PartialEq, Eq)]
pub enum AuthFailure {
    UnknownSid,
    UnknownKey,
}

impl Store {
    pub async fn app_credentials(
        &self,
        sid: &str,
        app_key: &str,
    ) -> CoreResult<Result<AppCredentials, AuthFailure>> {
        let Some(seller) = sqlx::query("SELECT id FROM seller WHERE sid = $1")
            .bind(sid)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(Err(AuthFailure::UnknownSid));
        };
        let seller_id: i64 = seller.try_get(0)?;
        let Some(app) = sqlx::query(
            "SELECT secret, salt, warehouses FROM app WHERE seller_id = $1 AND app_key = $2",
        )
        .bind(seller_id)
        .bind(app_key)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(Err(AuthFailure::UnknownKey));
        };
        let perm: String = app.try_get(2)?;
        Ok(Ok(AppCredentials {
            caller: Caller {
                seller_id,
                sid: sid.to_string(),
                app_key: app_key.to_string(),
                warehouses: WarehousePerm::decode(&perm),
            },
            secret: app.try_get(0)?,
            salt: app.try_get(1)?,
        }))
    }
}
