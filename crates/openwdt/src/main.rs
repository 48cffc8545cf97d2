//! `openwdt`: an inventory server speaking the Wangdiantong open API.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use openwdt_core::fixture::{Fixture, DEMO};
use openwdt_core::store::{lock_sqlite_file, Durability, FileLock};
use openwdt_core::Store;

mod bench;
mod call;

#[derive(Parser)]
#[command(
    name = "openwdt",
    version,
    about = "Inventory server speaking the Wangdiantong (旺店通) open API"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the HTTP server.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        #[arg(long, default_value = "sqlite://openwdt.db", env = "OPENWDT_DB")]
        db: String,
        /// Load a TOML fixture (idempotent) before serving.
        #[arg(long)]
        fixture: Vec<PathBuf>,
        /// Load the built-in demo seller and print its credentials and a request to paste.
        #[arg(long)]
        demo: bool,
        #[command(flatten)]
        limits: Limits,
        /// `full`: SQLite commits survive power loss (synchronous=FULL). `relaxed`: faster, but
        /// the last commits can be lost on power loss or an OS crash; for throwaway databases.
        #[arg(long, value_enum, default_value_t = DurabilityArg::Full)]
        durability: DurabilityArg,
    },
    /// Create or upgrade the database schema.
    Migrate {
        #[arg(long, default_value = "sqlite://openwdt.db", env = "OPENWDT_DB")]
        db: String,
    },
    /// Check the ledger invariants over the whole database; exits 1 naming each violation.
    Verify {
        #[arg(long, default_value = "sqlite://openwdt.db", env = "OPENWDT_DB")]
        db: String,
    },
    /// Copy a whole database into a new, empty one (e.g. SQLite → PostgreSQL), keeping every id.
    Copy {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// Check (post to stock) or cancel a stored purchase stock-in.
    Stockin {
        #[command(subcommand)]
        action: DocAction,
    },
    /// Check (apply to stock) or cancel a pending stocktake (enterprise is_check=0).
    Stocktake {
        #[command(subcommand)]
        action: DocAction,
    },
    /// Send one signed API call (either edition) and print the JSON answer.
    Call(call::CallArgs),
    /// Measure the write paths over HTTP through openwdt-client on a fresh temporary database; prints figures.
    Bench {
        /// Lines per stocktake, purchase order and stock-in.
        #[arg(long, default_value_t = 100_000)]
        lines: usize,
        /// Lines of the smaller stocktake of the size-scaling step (the larger has 10×); 0 skips it.
        #[arg(long, default_value_t = 20_000)]
        scale_lines: usize,
        /// Sequential 10-line stocktakes of the durability step (FULL against NORMAL); 0 skips it.
        #[arg(long, default_value_t = 200)]
        small_writes: usize,
    },
}

/// What a client can hold of the server, each bounded.
#[derive(clap::Args)]
struct Limits {
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = 32 * 1024 * 1024)]
    body_limit: usize,
    /// Request-body bytes all connections may buffer at once; a request past it is refused.
    #[arg(long, default_value_t = 256 * 1024 * 1024)]
    body_budget: usize,
    /// Seconds a request's headers may take to arrive, from its first byte.
    #[arg(long, default_value_t = 10)]
    header_timeout: u64,
    /// Seconds a request's whole body may take to arrive.
    #[arg(long, default_value_t = 60)]
    body_timeout: u64,
    /// Seconds a keep-alive connection may wait for its next request.
    #[arg(long, default_value_t = 60)]
    idle_timeout: u64,
    /// Connections served at once; more wait in the listen backlog.
    #[arg(long, default_value_t = 1024)]
    max_connections: usize,
    /// Seconds in-flight requests get after SIGTERM before every connection is closed.
    #[arg(long, default_value_t = 30)]
    drain_timeout: u64,
    /// Most values a list parameter of a query takes (spec_nos, comma-separated status).
    #[arg(long, default_value_t = 1000)]
    list_limit: usize,
}

impl From<&Limits> for openwdt_server::Config {
    fn from(l: &Limits) -> Self {
        let secs = std::time::Duration::from_secs;
        openwdt_server::Config {
            body_limit: l.body_limit,
            body_budget: l.body_budget,
            header_timeout: secs(l.header_timeout),
            body_timeout: secs(l.body_timeout),
            idle_timeout: secs(l.idle_timeout),
            max_connections: l.max_connections,
            drain_timeout: secs(l.drain_timeout),
            list_limit: l.list_limit,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DurabilityArg {
    Full,
    Relaxed,
}

impl From<DurabilityArg> for Durability {
    fn from(d: DurabilityArg) -> Self {
        match d {
            DurabilityArg::Full => Durability::Full,
            DurabilityArg::Relaxed => Durability::Relaxed,
        }
    }
}

/// Opens a database this process will write: an SQLite file only while no other process
/// holds it (the lock lives as long as the answer).
async fn open_for_writing(
    url: &str,
    durability: Durability,
) -> anyhow::Result<(Store, Option<FileLock>)> {
    let lock = lock_sqlite_file(url)?;
    let store = Store::open_with(url, durability).await?;
    Ok((store, lock))
}

#[derive(Subcommand)]
enum DocAction {
    Check(DocRef),
    Cancel(DocRef),
}

#[derive(clap::Args)]
struct DocRef {
    #[arg(long, default_value = "sqlite://openwdt.db", env = "OPENWDT_DB")]
    db: String,
    /// The seller whose document it is.
    #[arg(long)]
    sid: String,
    /// The document number (RK… or PD…/WP…).
    no: String,
}

async fn doc_action(kind: &str, action: DocAction) -> anyhow::Result<()> {
    let (verb, r) = match action {
        DocAction::Check(r) => ("checked", r),
        DocAction::Cancel(r) => ("cancelled", r),
    };
    let (store, _lock) = open_for_writing(&r.db, Durability::Full).await?;
    let result = match (kind, verb) {
        ("stockin", "checked") => store.check_stockin(&r.sid, &r.no).await,
        ("stockin", _) => store.cancel_stockin(&r.sid, &r.no).await,
        (_, "checked") => store.check_stocktake(&r.sid, &r.no).await,
        _ => store.cancel_stocktake(&r.sid, &r.no).await,
    };
    store.close().await;
    result.map_err(|e| anyhow::anyhow!(openwdt_server::describe(e)))?;
    println!("{kind} {} {verb}", r.no);
    Ok(())
}

/// Errors end the process with one line, `error: what: why`, and exit status 1.
fn main() -> std::process::ExitCode {
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match rt.block_on(run()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().cmd {
        Cmd::Serve {
            listen,
            db,
            fixture,
            demo,
            limits,
            durability,
        } => {
            serve(
                listen,
                &db,
                &fixture,
                demo,
                (&limits).into(),
                durability.into(),
            )
            .await
        }
        Cmd::Migrate { db } => {
            let (store, _lock) = open_for_writing(&db, Durability::Full).await?;
            store.close().await;
            println!("database {} is migrated", redacted(&db));
            Ok(())
        }
        Cmd::Bench {
            lines,
            scale_lines,
            small_writes,
        } => bench::run(lines, scale_lines, small_writes).await,
        Cmd::Call(args) => std::process::exit(call::run(args).await),
        Cmd::Stockin { action } => doc_action("stockin", action).await,
        Cmd::Copy { from, to } => {
            let src = Store::open(&from)
                .await
                .with_context(|| format!("opening {}", redacted(&from)))?;
            let (dst, _lock) = open_for_writing(&to, Durability::Full)
                .await
                .with_context(|| format!("opening {}", redacted(&to)))?;
            let counts = src.copy_to(&dst).await?;
            let problems = dst.verify().await?;
            src.close().await;
            dst.close().await;
            for (t, n) in &counts {
                println!("{t}: {n} rows");
            }
            if !problems.is_empty() {
                bail!("the copy fails verify: {}", problems.join("; "));
            }
            println!("copied to {}; verify ok", redacted(&to));
            Ok(())
        }
        Cmd::Stocktake { action } => doc_action("stocktake", action).await,
        Cmd::Verify { db } => {
            let store = Store::open(&db).await?;
            let problems = store.verify().await?;
            store.close().await;
            if problems.is_empty() {
                println!("ledger ok: every stock row equals the sum of its postings, every posting has a completed document");
                Ok(())
            } else {
                for p in &problems {
                    println!("{p}");
                }
                bail!("{} ledger invariant violation(s)", problems.len())
            }
        }
    }
}

async fn serve(
    listen: SocketAddr,
    db: &str,
    fixtures: &[PathBuf],
    demo: bool,
    config: openwdt_server::Config,
    durability: Durability,
) -> anyhow::Result<()> {
    config.check().map_err(anyhow::Error::msg)?;
    let (store, _lock) = open_for_writing(db, durability).await?;
    if demo {
        store
            .load_fixture(&Fixture::parse(DEMO)?)
            .await
            .context("loading the demo fixture")?;
    }
    for f in fixtures {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        store
            .load_fixture(&Fixture::parse(&text)?)
            .await
            .with_context(|| format!("loading {}", f.display()))?;
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("binding {listen}"))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, db = %redacted(db), "openwdt listening");
    if demo {
        println!("{}", demo_banner(addr));
    }
    openwdt_server::serve(listener, store, config, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}

/// The demo's credentials and a bash snippet that signs and sends a stocktake; the timestamp
/// is computed when pasted, so the snippet does not go stale.
fn demo_banner(addr: SocketAddr) -> String {
    format!(
        r#"openwdt demo is up on http://{addr}
  flagship credentials: sid=demo key=demo_key appsecret=demo_secret:demo_salt
  paste this into bash to count 12 of G001-RED-M in WH01 (wms.StockPd.stockSyncByPd):

BODY='[{{"warehouse_no":"WH01","defect_mode":0,"remark":"demo"}},[{{"spec_no":"G001-RED-M","remark":"","new_num":"12","defect":false}}]]'
TS=$(( $(date +%s) - 1325347200 ))
SIGN=$(printf '%s' "demo_secretbody${{BODY}}keydemo_keymethodwms.StockPd.stockSyncByPdsaltdemo_saltsiddemotimestamp${{TS}}v1.0demo_secret" | md5sum | cut -d' ' -f1)
curl -s -X POST "http://{addr}/openapi?sid=demo&key=demo_key&salt=demo_salt&method=wms.StockPd.stockSyncByPd&v=1.0&timestamp=${{TS}}&sign=${{SIGN}}" -H 'Content-Type: application/json' --data-raw "$BODY"; echo

  enterprise credentials: sid=demo appkey=demo_key appsecret=demo_secret
  paste this into bash to receive 5 of G001-RED-M against the approved purchase order
  CG202511230001 (stockin_purchase_push.php, checked at once):

TS=$(date +%s)
PI='{{"purchase_no":"CG202511230001","warehouse_no":"WH01","outer_no":"demo-'$TS'","is_check":1,"details_list":[{{"spec_no":"G001-RED-M","stockin_num":"5","tax_price":"14.125","tax":"0.13","position_no":"A-01-02"}}]}}'
SIGN=$(printf '06-appkey:0008-demo_key;13-purchase_info:%04d-%s;03-sid:0004-demo;09-timestamp:%04d-%sdemo_secret' "${{#PI}}" "$PI" "${{#TS}}" "$TS" | md5sum | cut -d' ' -f1)
curl -s -X POST "http://{addr}/openapi2/stockin_purchase_push.php" --data-urlencode "purchase_info=$PI" -d "sid=demo&appkey=demo_key&timestamp=$TS&sign=$SIGN"; echo
"#
    )
}

/// A database URL fit for a log line: a password in it is replaced by `***`.
fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((user_info, host)) if user_info.contains(':') => {
            let user = user_info.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_passwords_never_reach_the_log() {
        assert_eq!(
            super::redacted("postgres://app:s3cret@db:5432/wdt"),
            "postgres://app:***@db:5432/wdt"
        );
        assert_eq!(
            super::redacted("sqlite://openwdt.db"),
            "sqlite://openwdt.db"
        );
        assert_eq!(
            super::redacted("postgres://app@db/wdt"),
            "postgres://app@db/wdt"
        );
    }
}
