//! Serving fal errors from real servers: the axum and actix-web integrations behind the
//! cargo features named after their crates, and the JSON extractor they share.
//!
//! A handler returns `Result<_, ErrorResponse>` and uses `?` on any fal error (see the
//! `From` impls of [`ErrorResponse`](crate::ErrorResponse)); the framework writes the
//! response's exact status, headers and body. With the `tracing` feature each error is
//! logged once, where the response is handed to the framework.
//!
//! Documenting them: `utoipa` (OpenAPI responses from the catalog) and `schemars` (JSON
//! Schema of the wire types).

#[cfg(feature = "actix-web")]
pub mod actix;
#[cfg(feature = "anyhow")]
mod anyhow;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "eyre")]
mod eyre;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub mod json;
#[cfg(feature = "schemars")]
pub mod schemars;
#[cfg(any(feature = "axum", feature = "actix-web"))]
mod trace;
#[cfg(feature = "utoipa")]
pub mod utoipa;
