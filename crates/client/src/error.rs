use std::fmt;

/// Everything a call can fail with. No variant carries a secret, a salt or a signed URL.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The API answered with a failure: the flagship's `status` or the enterprise `code`,
    /// and its message.
    #[error("{0}")]
    Api(ApiError),
    /// The request did not complete: connect, timeout, or the answer was cut off. Queries and
    /// outer_no-keyed pushes have been retried before this is returned.
    #[error("transport: {0}")]
    Transport(#[source] reqwest::Error),
    /// An HTTP status other than 200 with a body that is not an answer.
    #[error("HTTP {status}: {body}")]
    Http { status: u16, body: String },
    /// The answer is not what the endpoint documents.
    #[error("undecodable answer: {message}")]
    Decode { message: String, body: String },
    /// The client was given something it cannot send (a `secret:salt` without the colon,
    /// an unknown method form, a base URL that does not parse).
    #[error("invalid client setting: {0}")]
    Config(String),
}

impl Error {
    /// The API's own error, if this is one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(a) => Some(a),
            _ => None,
        }
    }

    pub(crate) fn transport(e: reqwest::Error) -> Error {
        // reqwest's message names the URL, and a flagship URL carries the salt.
        Error::Transport(e.without_url())
    }
}

/// A failure answer, as the edition sent it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// Flagship `status` (1, 7, 8, 99, 100) or enterprise `code` (see docs/enterprise-codes.md).
    pub code: i64,
    pub message: String,
    /// On an enterprise 2005 (outer number already used): the existing document's number.
    pub existing_no: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "API error {}: {}", self.code, self.message)?;
        if let Some(no) = &self.existing_no {
            write!(f, " (existing: {no})")?;
        }
        Ok(())
    }
}
