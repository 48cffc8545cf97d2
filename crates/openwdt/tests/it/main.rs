//! The integration tests: one binary, so the whole stack links once. Each module is one
//! concern; every HTTP behaviour test runs on SQLite and on PostgreSQL (see `common`).

#[macro_use]
mod common;

mod call;
mod cancel;
mod cli;
mod client;
mod concurrency;
mod enterprise;
mod flagship_protocol;
mod hardening;
mod master;
mod moves;
mod other;
mod other_orders;
mod preturn;
mod purchase;
mod queries;
mod stock_queries;
mod stocktake;
mod transfer;
