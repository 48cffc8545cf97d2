//! `openwdt copy`: moves a whole database into an empty one of either backend (a user
//! outgrowing SQLite moves to PostgreSQL), keeping every id so documents, postings and
//! stock rows keep pointing at each other.

use sqlx::Row;

use crate::error::{CoreError, CoreResult};
use crate::store::{batched, Backend, Store, CHUNK};

/// Every table, parents before children. Columns are read from the source's schema, so a
/// migration that adds columns (0004's master-data attributes) needs no change here; a new
/// table needs a line.
const TABLES: &[&str] = &[
    "seller",
    "app",
    "warehouse",
    "position",
    "provider",
    "goods",
    "spec",
    "batch",
    "stock_spec",
    "stock_detail",
    "purchase_order",
    "purchase_order_detail",
    "document",
    "pd_detail",
    "stockin_purchase",
    "stockin_detail",
    "doc_line",
    "ledger",
    "document_io",
    "doc_seq",
];

/// Every column of both schemas is an integer or a text; nullable ones come back as `None`.
enum Val {
    I(Option<i64>),
    S(Option<String>),
}

impl Store {
    /// Copies every row of `self` into `to`, which must be migrated and empty; answers the
    /// row count per table.
    pub async fn copy_to(&self, to: &Store) -> CoreResult<Vec<(&'static str, usize)>> {
        let existing: i64 = sqlx::query("SELECT COUNT(*) FROM seller")
            .fetch_one(&to.pool)
            .await?
            .try_get(0)?;
        if existing != 0 {
            return Err(CoreError::local(
                "the target database is not empty (it has sellers); copy only into a new database",
            ));
        }
        self.refuse_control_text().await?;
        let mut w = to.begin_write().await?;
        let mut counts = Vec::new();
        for table in TABLES {
            // Column names and kinds from the source: `SELECT *` of the empty-safe schema.
            let cols = columns(self, table).await?;
            let names: Vec<&str> = cols.iter().map(|(n, _)| n.as_str()).collect();
            let rows = sqlx::query(&format!("SELECT {} FROM {table}", names.join(", ")))
                .fetch_all(&self.pool)
                .await?;
            let mut values: Vec<Vec<Val>> = Vec::with_capacity(rows.len());
            for r in &rows {
                let mut row = Vec::with_capacity(cols.len());
                for (i, (_, is_int)) in cols.iter().enumerate() {
                    row.push(if *is_int {
                        Val::I(r.try_get(i)?)
                    } else {
                        Val::S(r.try_get(i)?)
                    });
                }
                values.push(row);
            }
            let per = (CHUNK * 8 / cols.len()).max(1);
            for chunk in values.chunks(per) {
                let sql = format!(
                    "INSERT INTO {table} ({}) VALUES {}",
                    names.join(", "),
                    crate::store::values_list(chunk.len(), cols.len())
                );
                let sql = batched(&sql, to.backend == Backend::Postgres);
                let mut q = sqlx::query(&sql);
                for row in chunk {
                    for v in row {
                        q = match v {
                            Val::I(x) => q.bind(*x),
                            Val::S(x) => q.bind(x.clone()),
                        };
                    }
                }
                q.execute(&mut *w.tx).await?;
            }
            if to.backend == Backend::Postgres && names.contains(&"id") {
                // Identity columns continue after the copied ids.
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                ))
                .execute(&mut *w.tx)
                .await?;
            }
            counts.push((*table, rows.len()));
        }
        w.tx.commit().await?;
        Ok(counts)
    }
}

impl Store {
    /// Fails naming the first table, row and column whose text holds a character no field may
    /// hold (NUL and other C0 controls; see `openwdt_wire::text`). Such text could only come
    /// from an older openwdt on SQLite; PostgreSQL refuses NUL, so a copy would fail half way.
    async fn refuse_control_text(&self) -> CoreResult<()> {
        for table in TABLES {
            let cols = columns(self, table).await?;
            let texts: Vec<&str> = cols
                .iter()
                .filter(|(_, is_int)| !is_int)
                .map(|(n, _)| n.as_str())
                .collect();
            if texts.is_empty() {
                continue;
            }
            let key = &cols[0].0;
            let sql = format!("SELECT {key}, {} FROM {table}", texts.join(", "));
            for r in sqlx::query(&sql).fetch_all(&self.pool).await? {
                for (i, col) in texts.iter().enumerate() {
                    let v: Option<String> = r.try_get(i + 1)?;
                    if let Some(c) = v.as_deref().and_then(openwdt_wire::text::first_forbidden) {
                        let row: i64 = r.try_get(0).unwrap_or_default();
                        return Err(CoreError::local(format!(
                            "table {table}, row {key}={row}, column {col} holds the control character {c}; \
                             nothing was copied: correct that row first"
                        )));
                    }
                }
            }
        }
        Ok(())
    }
}

/// (name, is integer) of a table's columns, from the schema the migrations made.
async fn columns(store: &Store, table: &str) -> CoreResult<Vec<(String, bool)>> {
    let rows = match store.backend {
        Backend::Sqlite => {
            sqlx::query(&format!(
                "SELECT name, type FROM pragma_table_info('{table}') ORDER BY cid"
            ))
            .fetch_all(&store.pool)
            .await?
        }
        Backend::Postgres => {
            sqlx::query(
                "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT) FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            )
            .bind(table)
            .fetch_all(&store.pool)
            .await?
        }
    };
    rows.iter()
        .map(|r| {
            let name: String = r.try_get(0)?;
            let ty: String = r.try_get(1)?;
            let ty = ty.to_ascii_uppercase();
            Ok((name, ty.contains("INT")))
        })
        .collect()
}
