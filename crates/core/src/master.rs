//! Master data as commands read it: warehouses the caller may use and their positions, live
//! specs, batches. Lookups only, in batches; the fixtures and (later) the master-data pushes
//! write it.

use std::collections::HashMap;

use sqlx::{AnyConnection, Row};

use crate::auth::Caller;
use crate::error::{CoreError, CoreResult};
use crate::store::{batched, in_list, CHUNK};

/// Whether a connection is PostgreSQL's (batched statements number their placeholders).
fn pg(conn: &AnyConnection) -> bool {
    conn.backend_name() == "PostgreSQL"
}

pub(crate) struct Warehouse {
    pub id: i64,
}

/// The warehouse by number, if it exists for the seller and the app may use it.
pub(crate) async fn resolve_warehouse(
    conn: &mut AnyConnection,
    caller: &Caller,
    warehouse_no: &str,
) -> CoreResult<Option<Warehouse>> {
    if !caller.warehouses.allows(warehouse_no) {
        return Ok(None);
    }
    let row = sqlx::query("SELECT id FROM warehouse WHERE seller_id = $1 AND warehouse_no = $2")
        .bind(caller.seller_id)
        .bind(warehouse_no)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row {
        Some(r) => Some(Warehouse { id: r.try_get(0)? }),
        None => None,
    })
}

pub(crate) async fn default_position(
    conn: &mut AnyConnection,
    warehouse_id: i64,
) -> CoreResult<i64> {
    let row = sqlx::query("SELECT id FROM position WHERE warehouse_id = $1 AND is_default = 1")
        .bind(warehouse_id)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(r) => Ok(r.try_get(0)?),
        None => Err(CoreError::Inconsistent(format!(
            "warehouse {warehouse_id} has no default position"
        ))),
    }
}

/// Live (not deleted) specs of a seller by spec_no.
pub(crate) async fn live_specs(
    conn: &mut AnyConnection,
    seller_id: i64,
    spec_nos: &[&str],
) -> CoreResult<HashMap<String, i64>> {
    let mut found = HashMap::new();
    for chunk in spec_nos.chunks(CHUNK) {
        let sql = format!(
            "SELECT spec_no, id FROM spec WHERE seller_id = ? AND deleted = 0 AND spec_no IN ({})",
            in_list(chunk.len())
        );
        let sql = batched(&sql, pg(conn));
        let mut q = sqlx::query(&sql).bind(seller_id);
        for s in chunk {
            q = q.bind(*s);
        }
        for row in q.fetch_all(&mut *conn).await? {
            found.insert(row.try_get(0)?, row.try_get(1)?);
        }
    }
    Ok(found)
}

pub(crate) async fn positions_of(
    conn: &mut AnyConnection,
    warehouse_id: i64,
) -> CoreResult<HashMap<String, i64>> {
    let mut out = HashMap::new();
    for r in sqlx::query("SELECT position_no, id FROM position WHERE warehouse_id = $1")
        .bind(warehouse_id)
        .fetch_all(&mut *conn)
        .await?
    {
        out.insert(r.try_get(0)?, r.try_get(1)?);
    }
    Ok(out)
}

/// Ids of the named batches of a seller that exist.
pub(crate) async fn batches_of(
    conn: &mut AnyConnection,
    seller_id: i64,
    batch_nos: &[&str],
) -> CoreResult<HashMap<String, i64>> {
    let mut out = HashMap::new();
    for chunk in batch_nos.chunks(CHUNK) {
        let sql = format!(
            "SELECT batch_no, id FROM batch WHERE seller_id = ? AND batch_no IN ({})",
            in_list(chunk.len())
        );
        let sql = batched(&sql, pg(conn));
        let q = chunk
            .iter()
            .fold(sqlx::query(&sql).bind(seller_id), |q, b| q.bind(*b));
        for r in q.fetch_all(&mut *conn).await? {
            out.insert(r.try_get(0)?, r.try_get(1)?);
        }
    }
    Ok(out)
}
