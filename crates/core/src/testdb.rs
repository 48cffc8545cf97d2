//! Databases with the demo fixture, for tests of commands and queries: a SQLite file, and a
//! PostgreSQL database beside `OPENWDT_TEST_POSTGRES_URL` when that is set.

use crate::auth::Caller;
use crate::fixture::Fixture;
use crate::store::Store;

/// The database, removed when dropped.
pub(crate) enum TempDb {
    Sqlite(std::path::PathBuf),
    Postgres { admin: String, name: String },
}

impl Drop for TempDb {
    fn drop(&mut self) {
        match self {
            TempDb::Sqlite(path) => {
                for ext in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(ext);
                    let _ = std::fs::remove_file(p);
                }
            }
            TempDb::Postgres { admin, name } => {
                let (admin, name) = (admin.clone(), name.clone());
                // Off the test's runtime, which may be shutting down.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("runtime");
                    rt.block_on(async {
                        if let Ok(pool) = sqlx::AnyPool::connect(&admin).await {
                            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                            let _ = sqlx::query(&sql).execute(&pool).await;
                            pool.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// The demo seller loaded into a fresh database at `url`; its app's caller.
async fn load(url: &str) -> (Store, Caller) {
    let store = Store::open(url).await.expect("open");
    let fx = Fixture::parse(include_str!("demo.toml")).expect("demo fixture");
    store.load_fixture(&fx).await.expect("load");
    let caller = store
        .app_credentials("demo", "demo_key")
        .await
        .expect("lookup")
        .expect("demo app")
        .caller;
    (store, caller)
}

/// A fresh database per backend under test (SQLite always), named after the test.
pub(crate) async fn demos(name: &str) -> Vec<(Store, Caller, TempDb)> {
    let path = std::env::temp_dir().join(format!("openwdt-core-{}-{name}.db", std::process::id()));
    let db = TempDb::Sqlite(path.clone());
    drop(TempDb::Sqlite(path.clone()));
    let (store, caller) = load(&format!("sqlite://{}", path.display())).await;
    let mut out = vec![(store, caller, db)];
    if let Ok(admin) = std::env::var("OPENWDT_TEST_POSTGRES_URL") {
        sqlx::any::install_default_drivers();
        let db_name = format!(
            "openwdt_core_{}_{}",
            std::process::id(),
            name.replace('-', "_")
        );
        let pool = sqlx::AnyPool::connect(&admin)
            .await
            .expect("OPENWDT_TEST_POSTGRES_URL is set but PostgreSQL is unreachable");
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {db_name} WITH (FORCE)"))
            .execute(&pool)
            .await;
        sqlx::query(&format!("CREATE DATABASE {db_name}"))
            .execute(&pool)
            .await
            .expect("create database");
        pool.close().await;
        let db = TempDb::Postgres {
            admin: admin.clone(),
            name: db_name.clone(),
        };
        let (base, _) = admin.rsplit_once('/').expect("a database URL");
        let (store, caller) = load(&format!("{base}/{db_name}")).await;
        out.push((store, caller, db));
    }
    out
}
