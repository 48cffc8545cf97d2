//! The openwdt domain: sellers, apps and their warehouse permissions, warehouses and
//! positions, goods and specs, batches, purchase orders, documents and the stock ledger.
//!
//! It knows nothing of HTTP or of either API edition's field names: the gateways translate
//! requests into the commands here and results into their envelopes.
//!
//! Invariants every write keeps:
//! - the stock of each (warehouse, spec, defect, position, batch) is the sum of its ledger
//!   postings, and the stock of each (warehouse, spec, defect) the sum of those;
//! - every posting belongs to a completed document;
//! - a command is all or nothing (one transaction) and never spans two sellers.

#[macro_use]
mod attrs;
pub mod auth;
pub mod cancel;
pub mod clock;
pub mod copy;
pub mod document;
pub mod error;
pub mod fixture;
pub mod goods;
mod ledger;
pub(crate) mod master;
pub mod movement;
pub mod other;
pub mod preturn;
pub mod problem;
pub mod provider;
pub mod purchase;
pub mod query;
pub mod stock_query;
pub mod stockin;
pub mod stockio;
pub mod stocktake;
pub mod store;
#[cfg(test)]
mod testdb;
pub mod totals;
pub mod transfer;
pub mod verify;
pub mod warehouse;

pub use error::{CoreError, CoreResult};
pub use openwdt_wire::Dec4;
pub use store::Store;
