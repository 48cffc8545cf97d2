//! The database behind the domain: one pool, migrations, and the helpers every command
//! shares (write transactions, document numbers, batched statements).

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::str::FromStr;
use tokio::sync::{Mutex, MutexGuard};

use crate::clock;
use crate::error::CoreResult;

/// Rows per multi-row statement: SQLite binds at most 32766 values, PostgreSQL 65535.
pub(crate) const CHUNK: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct Store {
    pub(crate) pool: AnyPool,
    pub backend: Backend,
    /// SQLite allows one writer; taking this before `BEGIN` keeps two of our own writers from
    /// meeting inside SQLite, where the loser would get SQLITE_BUSY instead of waiting.
    write_lock: Mutex<()>,
}

pub(crate) struct WriteTx<'a> {
    pub tx: Transaction<'static, Any>,
    _guard: MutexGuard<'a, ()>,
}

impl Store {
    /// Opens (creating an SQLite file if needed) and migrates the database at `url`.
    pub async fn open(url: &str) -> CoreResult<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(crate::CoreError::rejected(format!(
                "unsupported database URL scheme (expected sqlite:// or postgres://): {}",
                url.split(':').next().unwrap_or("")
            )));
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_string(),
        };
        let opts = sqlx::any::AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 16 })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(opts)
            .await?;
        let store = Store {
            pool,
            backend,
            write_lock: Mutex::new(()),
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> CoreResult<()> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&self.pool).await,
            Backend::Postgres => {
                sqlx::migrate!("./migrations/postgres")
                    .run(&self.pool)
                    .await
            }
        }
        .map_err(|e| crate::CoreError::Storage(e.into()))
    }

    /// Answers once the database is reachable.
    pub async fn ping(&self) -> CoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Row counts of the tables a command writes, for checking that a refused request wrote nothing.
    pub async fn table_counts(&self) -> CoreResult<Vec<(&'static str, i64)>> {
        let mut out = Vec::new();
        for t in [
            "document",
            "pd_detail",
            "ledger",
            "stock_spec",
            "stock_detail",
            "doc_seq",
            "spec",
            "purchase_order",
            "purchase_order_detail",
            "stockin_purchase",
            "stockin_detail",
            "batch",
        ] {
            let row = sqlx::query(&format!("SELECT COUNT(*) FROM {t}"))
                .fetch_one(&self.pool)
                .await?;
            out.push((t, sqlx::Row::try_get(&row, 0)?));
        }
        Ok(out)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(crate) async fn begin_write(&self) -> CoreResult<WriteTx<'_>> {
        let guard = self.write_lock.lock().await;
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            // Writers of every process on the database take turns, as they do within one
            // process on SQLite; released at commit or rollback.
            sqlx::query("SELECT pg_advisory_xact_lock(7101)")
                .execute(&mut *tx)
                .await?;
        }
        Ok(WriteTx { tx, _guard: guard })
    }
}

/// The next document number `PREFIX + day + sequence`, the sequence per seller, prefix and
/// Shanghai day, 4 digits wide and widening past 9999.
pub(crate) async fn next_doc_no(
    tx: &mut Transaction<'static, Any>,
    seller_id: i64,
    prefix: &str,
    day_fmt: &str,
    now: i64,
) -> CoreResult<String> {
    let day = clock::day(now, day_fmt);
    let row: AnyRow = sqlx::query(
        "INSERT INTO doc_seq (seller_id, prefix, day, last) VALUES ($1, $2, $3, 1)
         ON CONFLICT (seller_id, prefix, day) DO UPDATE SET last = doc_seq.last + 1
         RETURNING last",
    )
    .bind(seller_id)
    .bind(prefix)
    .bind(&day)
    .fetch_one(&mut **tx)
    .await?;
    let n: i64 = sqlx::Row::try_get(&row, 0)?;
    Ok(format!("{prefix}{day}{n:04}"))
}

/// `(?, ?, …), (…)` for `rows` rows of `cols` values.
///
/// Batched statements use anonymous `?` placeholders throughout: SQLite finds a named one
/// (`$N`) by a linear scan of the statement's parameters on every bind, which made a
/// 12,000-value insert quadratic (a 100,000-line stocktake took 54 s; 6 s with `?`).
pub(crate) fn values_list(rows: usize, cols: usize) -> String {
    let row = format!("({})", vec!["?"; cols].join(","));
    vec![row.as_str(); rows].join(",")
}

/// `?, ?, …` for an `IN (…)` list of a batched statement (see [`values_list`]).
pub(crate) fn in_list(n: usize) -> String {
    vec!["?"; n].join(",")
}

/// The first column of the first row a query answers, if any.
pub(crate) async fn first_col<'q, T>(
    tx: &mut Transaction<'static, Any>,
    q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
) -> CoreResult<Option<T>>
where
    T: for<'r> sqlx::Decode<'r, Any> + sqlx::Type<Any>,
{
    match q.fetch_optional(&mut **tx).await? {
        Some(r) => Ok(Some(sqlx::Row::try_get(&r, 0)?)),
        None => Ok(None),
    }
}

/// Moves a document to `status`, stamping its modification time.
pub(crate) async fn set_doc_status(
    tx: &mut Transaction<'static, Any>,
    doc_id: i64,
    status: i64,
    now: i64,
) -> CoreResult<()> {
    sqlx::query("UPDATE document SET status = $1, modified = $2 WHERE id = $3")
        .bind(status)
        .bind(now)
        .bind(doc_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whether a transaction runs on PostgreSQL.
pub(crate) fn is_pg(tx: &Transaction<'static, Any>) -> bool {
    tx.backend_name() == "PostgreSQL"
}

/// A batched statement for its backend: SQLite keeps the anonymous `?` (see [`values_list`]),
/// PostgreSQL wants them numbered `$1, $2, …`. The statements carry no `?` inside literals.
pub(crate) fn batched(sql: &str, pg: bool) -> String {
    if !pg {
        return sql.to_string();
    }
    let mut out = String::with_capacity(sql.len() + sql.len() / 2);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}
