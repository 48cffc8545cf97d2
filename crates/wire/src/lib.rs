//! Wire formats of the two Wangdiantong open API editions.
//!
//! Pure functions and value types shared by the server and the client: one signing
//! implementation per edition, envelopes, status codes, and decoding of the loosely typed
//! fields both editions send (decimal strings, `0/1/true` booleans, length limits).
//! Nothing here does IO.

pub mod api;
pub mod decimal;
pub mod digest;
pub mod endpoint;
pub mod enterprise;
pub mod fields;
pub mod flagship;
pub mod lenient;
pub mod text;

pub use decimal::{Dec4, Dec4Str};
pub use endpoint::{Decl, Edition, Endpoint, Kind};
pub use lenient::Num;
