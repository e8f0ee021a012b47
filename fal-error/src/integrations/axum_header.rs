//! A typed header (the `headers` crate's [`Header`]) with fal's refusals: an absent header
//! is `missing` at `["header", name]`, one that does not decode a `value_error` there with
//! the received value as `input` (read as latin-1, as Starlette reads header bytes, and cut
//! to the [`JsonConfig`]'s echo limits; never for credentials). Both are sent as a
//! [`JsonRejection`] (422, `x-fal-billable-units: 0` unless the [`JsonConfig`] extension
//! turns it off), as [`Path`](crate::axum::Path) and [`Query`](crate::axum::Query) are.

use ::axum::extract::FromRequestParts;
use headers::Header;
use http::HeaderValue;
use http::header::{AUTHORIZATION, COOKIE, HeaderName, PROXY_AUTHORIZATION};
use http::request::Parts;

use crate::error::FalError;
use crate::integrations::axum_url::{config_of, echoed, loc_in};
use crate::integrations::json::{JsonConfig, JsonError, JsonRejection};
use crate::located::Located;

/// A header decoded as `H`, refused with fal's errors at `["header", name]`.
///
/// ```
/// use axum::routing::get;
/// use fal_error::axum::TypedHeader;
/// use headers::IfModifiedSince;
/// use tower_service::Service;
///
/// # let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// # runtime.block_on(async {
/// let mut app: axum::Router = axum::Router::new()
///     .route("/", get(|TypedHeader(_since): TypedHeader<IfModifiedSince>| async { "fresh" }));
/// let request = http::Request::get("/")
///     .header("if-modified-since", "yesterday")
///     .body(axum::body::Body::empty())
///     .unwrap();
/// let response = app.call(request).await.unwrap();
/// assert_eq!(response.status(), 422);
/// let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
/// assert_eq!(
///     body,
///     r#"{"detail":[{"loc":["header","if-modified-since"],"msg":"Value error, invalid HTTP header","type":"value_error","url":"https://docs.fal.ai/errors/#value_error","ctx":{"error":"invalid HTTP header"},"input":"yesterday"}]}"#,
/// );
/// # });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TypedHeader<H>(pub H);

impl<H, S> FromRequestParts<S> for TypedHeader<H>
where
    H: Header,
    S: Send + Sync,
{
    type Rejection = JsonRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, JsonRejection> {
        let config = config_of(parts);
        let name = H::name();
        let Some(first) = parts.headers.get(name) else {
            let error = JsonError::Missing.at_loc(loc_in("header", name.as_str()));
            return Err(JsonRejection::one(error, &config));
        };
        H::decode(&mut parts.headers.get_all(name).iter())
            .map(TypedHeader)
            .map_err(|error| {
                JsonRejection::one(header_refusal(name, first, &error, &config), &config)
            })
    }
}

/// The `value_error` of a header that `H::decode` refused; its error says no more than
/// that, so the type stays pydantic's catch-all.
fn header_refusal(
    name: &'static HeaderName,
    value: &HeaderValue,
    error: &headers::Error,
    config: &JsonConfig,
) -> Located<JsonError> {
    let refusal = JsonError::ValueError {
        error: error.to_string(),
    }
    .at_loc(loc_in("header", name.as_str()));
    if value.is_sensitive() || [AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE].contains(name) {
        return refusal;
    }
    // Past visible ASCII, a copy no longer than the server's header size limit.
    let received = match value.to_str() {
        Ok(text) => echoed(text, config),
        Err(_) => {
            let latin1: String = value.as_bytes().iter().copied().map(char::from).collect();
            echoed(&latin1, config)
        }
    };
    refusal.with_input(received)
}
