use thiserror::Error;

/// What a command can answer besides success.
#[derive(Debug, Error)]
pub enum CoreError {
    /// A local operation refused (an invalid fixture file, a copy into a database that is not
    /// empty): a plain message for the command line, never the answer to a request.
    #[error("{0}")]
    Local(String),
    /// The request breaks business rules: typed problems, in input order, that each gateway
    /// renders in its edition's terms.
    #[error("{} problem(s) in the request", .0.len())]
    Problems(Vec<crate::problem::Problem>),
    /// The integrator's outer number already names a document of the seller: `existing` is
    /// that document's number, so a retried push can learn what it created the first time —
    /// `None` when the calling app may not see the document's warehouse, whose number it must
    /// not learn this way.
    #[error("duplicate {field:?} {value}")]
    Duplicate {
        field: crate::problem::Field,
        value: String,
        existing: Option<String>,
    },
    /// The database cannot be opened or reached; the message names where and why.
    #[error("{0}")]
    Unavailable(String),
    /// The storage failed; the transaction was rolled back.
    #[error("storage error: {0}")]
    Storage(#[from] sqlx::Error),
    /// Stored data contradicts itself (a bug or a hand-edited database).
    #[error("inconsistent data: {0}")]
    Inconsistent(String),
}

impl CoreError {
    pub fn local(msg: impl Into<String>) -> Self {
        CoreError::Local(msg.into())
    }
}

pub type CoreResult<T> = Result<T, CoreError>;
