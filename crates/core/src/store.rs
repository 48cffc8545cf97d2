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

impl WriteTx<'_> {
    /// Commits and lets the next writer in.
    pub(crate) async fn commit(self) -> CoreResult<()> {
        self.tx.commit().await?;
        Ok(())
    }

    /// Commits a command that succeeded; rolls back one that failed before letting the next
    /// writer in. A transaction merely dropped is rolled back only when its connection is next
    /// used: on SQLite its write lock outlives the guard, and the next writer, whose deferred
    /// transaction has already read, gets "database is locked" at once (seen with 32 racing
    /// stock-outs whose refusals had written their business order first).
    pub(crate) async fn finish<T>(self, result: CoreResult<T>) -> CoreResult<T> {
        match result {
            Ok(v) => {
                self.tx.commit().await?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.tx.rollback().await;
                Err(e)
            }
        }
    }
}

/// How SQLite commits. PostgreSQL keeps its own `synchronous_commit` (on by default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Durability {
    /// `synchronous=FULL`: an acknowledged write survives power loss.
    #[default]
    Full,
    /// `synchronous=NORMAL`: faster; the last writes can be lost on power loss or an OS crash
    /// (never on a crash of openwdt alone). For throwaway test databases.
    Relaxed,
}

/// How long opening a database may take before it fails with a clear reason.
pub const OPEN_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

impl Store {
    /// Opens (creating an SQLite file if needed) and migrates the database at `url`, durable.
    pub async fn open(url: &str) -> CoreResult<Store> {
        Self::open_with(url, Durability::Full).await
    }

    /// Opens and migrates the database at `url`. A database that cannot be reached, read or
    /// written fails within [`OPEN_TIMEOUT`] with one error naming the path or host and the
    /// reason, before any pool is built (whose retries would only repeat it).
    pub async fn open_with(url: &str, durability: Durability) -> CoreResult<Store> {
        sqlx::any::install_default_drivers();
        let backend = backend_of(url)?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_string(),
        };
        let opts = sqlx::any::AnyConnectOptions::from_str(&url)?;
        let sync = match durability {
            Durability::Full => "FULL",
            Durability::Relaxed => "NORMAL",
        };
        // A 32 MiB page cache per connection (SQLite's default is 2 MiB): a large document's
        // transaction then stays in memory until its commit instead of spilling pages to the
        // WAL mid-way, which made a 200k-line stocktake cost more than 10 × a 20k-line one.
        let pragmas = format!(
            "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA synchronous={sync}; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768"
        );
        probe(&opts, backend, &pragmas, &url).await?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 16 })
            .acquire_timeout(std::time::Duration::from_secs(30))
            .after_connect(move |conn, _| {
                let pragmas = pragmas.clone();
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(pragmas.as_str()).await?;
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

    /// The SQLite `synchronous` setting in force (0 OFF, 1 NORMAL, 2 FULL), for tests and the
    /// bench; `None` on PostgreSQL.
    pub async fn sqlite_synchronous(&self) -> CoreResult<Option<i64>> {
        if self.backend != Backend::Sqlite {
            return Ok(None);
        }
        let row = sqlx::query("PRAGMA synchronous")
            .fetch_one(&self.pool)
            .await?;
        Ok(Some(sqlx::Row::try_get(&row, 0)?))
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
            "goods",
            "spec",
            "provider",
            "purchase_order",
            "purchase_order_detail",
            "stockin_purchase",
            "stockin_detail",
            "batch",
            "doc_line",
            "document_io",
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

fn backend_of(url: &str) -> CoreResult<Backend> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Backend::Postgres)
    } else {
        Err(crate::CoreError::local(format!(
            "unsupported database URL scheme (expected sqlite:// or postgres://): {}",
            url.split(':').next().unwrap_or("")
        )))
    }
}

/// Where a database URL points, for an error message: the SQLite path or the PostgreSQL
/// host and port, never a password.
pub fn db_place(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split('?').next().unwrap_or(rest);
    if url.starts_with("sqlite:") {
        return rest.to_string();
    }
    let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    host.split('/').next().unwrap_or(host).to_string()
}

/// One connection, made and tried once within [`OPEN_TIMEOUT`]: an SQLite file must open
/// with its settings and take a write lock; a PostgreSQL server must answer.
async fn probe(
    opts: &sqlx::any::AnyConnectOptions,
    backend: Backend,
    pragmas: &str,
    url: &str,
) -> CoreResult<()> {
    use sqlx::{ConnectOptions, Connection};
    let place = db_place(url);
    let attempt = async {
        let mut conn = opts.connect().await?;
        if backend == Backend::Sqlite {
            conn.execute(pragmas).await?;
            // Can it be written? A file another process is writing right now is writable.
            conn.execute("PRAGMA busy_timeout=0").await?;
            match conn.execute("BEGIN IMMEDIATE").await {
                Ok(_) => {
                    // A write rolled back: a read-only file refuses it, nothing is kept.
                    let wrote = conn
                        .execute("CREATE TABLE openwdt_write_probe (x INTEGER)")
                        .await;
                    conn.execute("ROLLBACK").await?;
                    wrote?;
                }
                Err(sqlx::Error::Database(d)) if d.message().contains("locked") => {}
                Err(e) => return Err(e),
            }
        } else {
            conn.execute("SELECT 1").await?;
        }
        conn.close().await
    };
    let what = match backend {
        Backend::Sqlite => "SQLite database",
        Backend::Postgres => "PostgreSQL server",
    };
    match tokio::time::timeout(OPEN_TIMEOUT, attempt).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(crate::CoreError::Unavailable(format!(
            "cannot use the {what} {place}: {}",
            plain_reason(&e)
        ))),
        Err(_) => Err(crate::CoreError::Unavailable(format!(
            "cannot use the {what} {place}: no answer within {} s",
            OPEN_TIMEOUT.as_secs()
        ))),
    }
}

/// A connection error in a few words (sqlx's own text, which names no password).
fn plain_reason(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(d) => d.message().to_string(),
        sqlx::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    }
}

/// The next document number `PREFIX + day + sequence`, the sequence per seller, prefix and
/// Shanghai day, 4 digits wide and widening past 9999. A number a caller already chose for a
/// document or an order (a flagship `purchase_no`, an enterprise outer_no used as the number)
/// is skipped, so no caller can jam another's numbering.
pub(crate) async fn next_doc_no(
    tx: &mut Transaction<'static, Any>,
    seller_id: i64,
    prefix: &str,
    day_fmt: &str,
    now: i64,
) -> CoreResult<String> {
    let day = clock::day(now, day_fmt);
    loop {
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
        let no = format!("{prefix}{day}{n:04}");
        if !number_taken(tx, seller_id, &no).await? {
            return Ok(no);
        }
    }
}

/// Whether `no` already names a document or a purchase order of the seller.
pub(crate) async fn number_taken(
    tx: &mut Transaction<'static, Any>,
    seller_id: i64,
    no: &str,
) -> CoreResult<bool> {
    let q = sqlx::query(
        "SELECT 1 FROM document WHERE seller_id = $1 AND doc_no = $2
         UNION ALL SELECT 1 FROM purchase_order WHERE seller_id = $1 AND purchase_no = $2",
    )
    .bind(seller_id)
    .bind(no);
    Ok(q.fetch_optional(&mut **tx).await?.is_some())
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

/// Sets `column` of each row of `table` by id, `(id, value)`, in batched statements.
pub(crate) async fn set_by_id(
    tx: &mut Transaction<'static, Any>,
    table: &str,
    column: &str,
    values: &[(i64, i64)],
) -> CoreResult<()> {
    for chunk in values.chunks(CHUNK) {
        let sql = format!(
            "UPDATE {table} SET {column} = CASE id {} END WHERE id IN ({})",
            vec!["WHEN ? THEN ?"; chunk.len()].join(" "),
            in_list(chunk.len())
        );
        let sql = batched(&sql, is_pg(tx));
        let mut q = sqlx::query(&sql);
        for (id, v) in chunk {
            q = q.bind(*id).bind(*v);
        }
        for (id, _) in chunk {
            q = q.bind(*id);
        }
        q.execute(&mut **tx).await?;
    }
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

/// Held while a process writes an SQLite file: `<file>.lock`, locked with `flock` and
/// holding the holder's pid. SQLite's own locks let two processes interleave writes and
/// answer "database is locked" to the loser; this refuses the second process at its start.
/// The operating system releases it when the process ends, however it ends.
pub struct FileLock {
    _file: std::fs::File,
    pub path: std::path::PathBuf,
}

/// Takes the single-writer lock of the SQLite file `url` names (none for PostgreSQL or an
/// in-memory database), or fails at once naming the file and the holder's pid.
pub fn lock_sqlite_file(url: &str) -> CoreResult<Option<FileLock>> {
    use std::io::{Read, Seek, Write};
    if backend_of(url)? != Backend::Sqlite {
        return Ok(None);
    }
    // The file as SQLite itself will open it (sqlx decodes `sqlite:x`, `sqlite://x`, `%20`…),
    // made absolute, so every spelling of one file takes the same lock.
    let opts = sqlx::sqlite::SqliteConnectOptions::from_str(url)?;
    let file = opts.get_filename();
    if file.as_os_str().is_empty()
        || file.to_string_lossy().contains(":memory:")
        || url.contains("mode=memory")
    {
        return Ok(None);
    }
    let file = match (file.parent(), file.file_name()) {
        (Some(dir), Some(name)) => {
            let dir = if dir.as_os_str().is_empty() {
                std::path::Path::new(".")
            } else {
                dir
            };
            dir.canonicalize()
                .map(|d| d.join(name))
                .unwrap_or_else(|_| file.to_path_buf())
        }
        _ => file.to_path_buf(),
    };
    let db = file.display().to_string();
    let path = std::path::PathBuf::from(format!("{db}.lock"));
    let unavailable = |why: String| crate::CoreError::Unavailable(why);
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| {
            unavailable(format!(
                "cannot use the SQLite database {db}: {e} ({})",
                path.display()
            ))
        })?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            let pid = pid.trim();
            let holder = if pid.is_empty() {
                "another process".to_string()
            } else {
                format!("pid {pid}")
            };
            return Err(unavailable(format!(
                "the SQLite database {db} is in use by another openwdt process ({holder}); \
                 one process writes an SQLite file at a time: stop it, or serve from PostgreSQL"
            )));
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(unavailable(format!(
                "cannot lock the SQLite database {db}: {e}"
            )))
        }
    }
    let write_pid = |f: &mut std::fs::File| -> std::io::Result<()> {
        f.set_len(0)?;
        f.seek(std::io::SeekFrom::Start(0))?;
        write!(f, "{}", std::process::id())?;
        f.flush()
    };
    write_pid(&mut file)
        .map_err(|e| unavailable(format!("cannot write {}: {e}", path.display())))?;
    Ok(Some(FileLock { _file: file, path }))
}

/// A query being built, with its binds so far.
pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>;

/// One line of a document as stored: every document kind's lines go through [`write_lines`].
pub(crate) trait LineRow {
    /// The table of the kind's lines.
    const TABLE: &'static str;
    /// The column naming the document a line belongs to (bound first).
    const PARENT: &'static str;
    /// The line's own columns, in the order [`LineRow::bind`] binds them; `created` follows.
    const COLUMNS: &'static [&'static str];
    fn bind<'q>(&'q self, q: AnyQuery<'q>) -> AnyQuery<'q>;
}

/// Inserts a document's lines, [`CHUNK`] to a statement, each with the document's id and the
/// time `now`.
pub(crate) async fn write_lines<L: LineRow>(
    tx: &mut Transaction<'static, Any>,
    parent_id: i64,
    now: i64,
    lines: &[L],
) -> CoreResult<()> {
    let cols = L::COLUMNS.len() + 2;
    debug_assert!(CHUNK * cols <= 32_766, "{} binds too many values", L::TABLE);
    for chunk in lines.chunks(CHUNK) {
        let sql = format!(
            "INSERT INTO {} ({}, {}, created) VALUES {}",
            L::TABLE,
            L::PARENT,
            L::COLUMNS.join(", "),
            values_list(chunk.len(), cols)
        );
        let sql = batched(&sql, is_pg(tx));
        let mut q = sqlx::query(&sql);
        for l in chunk {
            q = l.bind(q.bind(parent_id)).bind(now);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}
