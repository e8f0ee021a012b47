//! Serving fal errors from real servers: the axum and actix-web integrations behind the
//! cargo features named after their crates, and the JSON extractor core they share
//! (feature `json`, which either of them turns on; on its own it serves
//! any other server through `fal_error::json::from_body`).
//!
//! A handler returns `Result<_, ErrorResponse>` and uses `?` on any fal error (see the
//! `From` impls of [`ErrorResponse`](crate::ErrorResponse)); the framework writes the
//! response's exact status, headers and body. With the `tracing` feature each error is
//! logged once, where the response is handed to the framework.
//!
//! Documenting them: `utoipa` (OpenAPI responses from the catalog) and `schemars` (JSON
//! Schema of the wire types).

/// `Deref`, `DerefMut` and `From<T>` of a framework's `Json<T>` wrapper, the same for each
/// framework.
#[cfg(any(feature = "axum", feature = "actix-web"))]
macro_rules! json_wrapper_impls {
    ($wrapper:ident) => {
        impl<T> ::std::ops::Deref for $wrapper<T> {
            type Target = T;

            fn deref(&self) -> &T {
                &self.0
            }
        }

        impl<T> ::std::ops::DerefMut for $wrapper<T> {
            fn deref_mut(&mut self) -> &mut T {
                &mut self.0
            }
        }

        impl<T> From<T> for $wrapper<T> {
            fn from(value: T) -> Self {
                $wrapper(value)
            }
        }
    };
}

#[cfg(feature = "actix-web")]
pub mod actix;
#[cfg(feature = "actix-web")]
pub(crate) mod actix_layer;
#[cfg(feature = "anyhow")]
mod anyhow;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "headers")]
mod axum_header;
#[cfg(feature = "axum")]
pub(crate) mod axum_layer;
#[cfg(feature = "axum")]
mod axum_query;
#[cfg(feature = "axum")]
mod axum_url;
#[cfg(feature = "eyre")]
mod eyre;
#[cfg(feature = "garde")]
pub mod garde;
#[cfg(feature = "json")]
// Without a framework only `from_body` is used; the extractors' helpers stay compiled.
#[cfg_attr(not(any(feature = "axum", feature = "actix-web")), allow(dead_code))]
pub mod json;
#[cfg(feature = "reqwest")]
pub mod reqwest;
#[cfg(feature = "reqwest-retry")]
pub mod reqwest_retry;
#[cfg(feature = "schemars")]
pub mod schemars;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) mod serving;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) mod trace;
#[cfg(feature = "utoipa")]
pub mod utoipa;
#[cfg(feature = "validator")]
pub mod validator;
