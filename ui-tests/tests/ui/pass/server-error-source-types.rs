// A 5xx variant in `display` mode never sends the text of an underlying error as `msg`:
// a field marked by thiserror, and also a field whose type is an error type
// (`io::Error`, `Box<dyn Error + ...>`, any path ending in `Error`), unless the
// variant's own `msg` names it.
#![deny(warnings, clippy::pedantic)]

use fal_error::FalError;

#[derive(Debug)]
struct DbError;

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("db at 10.0.0.7 refused user admin")
    }
}

impl std::error::Error for DbError {}

#[derive(Debug, thiserror::Error, FalError)]
#[fal(display, status = 500, retryable = true)]
enum ServiceError {
    #[error("reading weights: {0}")]
    Io(std::io::Error),
    #[error("worker: {0}")]
    Worker(Box<dyn std::error::Error + Send + Sync>),
    #[error("database: {inner}")]
    Database { inner: DbError },
    #[error("marked: {0}")]
    Marked(#[source] DbError),
    #[fal(msg = "database said: {inner}")]
    #[error("database said: {inner}")]
    Named { inner: DbError },
    #[fal(status = 422, retryable = false)]
    #[error("bad input: {0}")]
    Client(DbError),
}

fn main() {
    let io = ServiceError::Io(std::io::Error::other("/secret/path"));
    assert_eq!(
        io.to_response().body(),
        r#"{"detail":[{"loc":["body"],"msg":"Io","type":"io","url":"https://docs.fal.ai/errors/#io"}]}"#,
    );
    assert_eq!(ServiceError::Worker("oops".into()).msg(), "Worker");
    assert_eq!(ServiceError::Database { inner: DbError }.msg(), "Database");
    assert_eq!(ServiceError::Marked(DbError).msg(), "Marked");
    assert_eq!(
        ServiceError::Named { inner: DbError }.msg(),
        "database said: db at 10.0.0.7 refused user admin"
    );
    assert_eq!(
        ServiceError::Client(DbError).msg(),
        "bad input: db at 10.0.0.7 refused user admin"
    );
}
