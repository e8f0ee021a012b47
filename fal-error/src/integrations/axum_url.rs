//! axum's `Path` and `Query` with fal's refusals: a path segment or query parameter that
//! does not parse is a pydantic-named item at `["path", name]` or `["query", name]`
//! (`int_parsing`, `float_parsing`, `bool_parsing`, `missing`, `extra_forbidden`,
//! `one_of`, `greater_than_equal`/`less_than_equal` for an integer out of its type's
//! range, `value_error`), with the refused text as `input`, sent as a [`JsonRejection`] (422,
//! `x-fal-billable-units: 0` unless the [`JsonConfig`] extension turns it off).

use ::axum::extract::rejection::PathRejection;
use ::axum::extract::{FromRequestParts, path::ErrorKind};
use http::request::Parts;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::echo::echo_value;
use crate::error::FalError;
use crate::integrations::axum_query::{from_query, integer_refusal, value_of};
use crate::integrations::json::{Fault, JsonConfig, JsonError, JsonRejection};
use crate::loc::{Loc, LocItem};
use crate::located::Located;

/// Path parameters, refused with fal's errors at `["path", name]`.
///
/// ```
/// use axum::routing::get;
/// use fal_error::axum::Path;
/// use tower_service::Service;
///
/// # let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// # runtime.block_on(async {
/// #[derive(serde::Deserialize)]
/// struct Image {
///     id: u32,
/// }
/// let mut app: axum::Router = axum::Router::new()
///     .route("/images/{id}", get(|Path(image): Path<Image>| async move { image.id.to_string() }));
/// let request = http::Request::get("/images/cat").body(axum::body::Body::empty()).unwrap();
/// let response = app.call(request).await.unwrap();
/// assert_eq!(response.status(), 422);
/// let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
/// assert_eq!(
///     body,
///     r#"{"detail":[{"loc":["path","id"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"cat"}]}"#,
/// );
/// # });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Path<T>(pub T);

/// Query parameters, refused with fal's errors at `["query", name]`.
///
/// ```
/// use axum::routing::get;
/// use fal_error::axum::Query;
/// use tower_service::Service;
///
/// # let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// # runtime.block_on(async {
/// #[derive(serde::Deserialize)]
/// struct Options {
///     steps: u8,
/// }
/// let mut app: axum::Router = axum::Router::new()
///     .route("/", get(|Query(options): Query<Options>| async move { options.steps.to_string() }));
/// let request = http::Request::get("/?steps=many").body(axum::body::Body::empty()).unwrap();
/// let response = app.call(request).await.unwrap();
/// let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
/// assert_eq!(
///     body,
///     r#"{"detail":[{"loc":["query","steps"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"many"}]}"#,
/// );
/// # });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = JsonRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, JsonRejection> {
        let config = config_of(parts);
        match ::axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(::axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(JsonRejection::one(
                path_refusal(&rejection, &config),
                &config,
            )),
        }
    }
}

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = JsonRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, JsonRejection> {
        let config = config_of(parts);
        let query = parts.uri.query().unwrap_or_default();
        from_query(query)
            .map(Query)
            .map_err(|fault| JsonRejection::one(query_refusal(query, fault, &config), &config))
    }
}

pub(super) fn config_of(parts: &Parts) -> JsonConfig {
    parts
        .extensions
        .get::<JsonConfig>()
        .copied()
        .unwrap_or_default()
}

/// A value taken from the request, echoed within the config's limits: a URL is as long as
/// the client makes it.
pub(super) fn echoed(text: &str, config: &JsonConfig) -> Value {
    echo_value(text, &config.echo)
}

/// `["path"]`.
const PATH: Loc = Loc::from_static(PATH_ITEMS);
const PATH_ITEMS: &[LocItem] = &[LocItem::key("path")];
/// `["query"]`.
const QUERY: Loc = Loc::from_static(QUERY_ITEMS);
const QUERY_ITEMS: &[LocItem] = &[LocItem::key("query")];

/// `["<part>", name]`.
pub(super) fn loc_in(part: &'static str, name: impl Into<LocItem>) -> Loc {
    Loc::from_static(&[]).key(part).key(name)
}

/// The pydantic type of `value`, which did not parse as `expected_type` (a Rust type
/// name): an integer out of its type's range is refused at the bound it crosses, as the
/// query's and the body's integers are.
fn parsing_error(expected_type: &str, value: &str, message: impl FnOnce() -> String) -> JsonError {
    let name = expected_type.rsplit("::").next().unwrap_or(expected_type);
    if let Some(error) = integer_refusal(value, name) {
        return error;
    }
    match name {
        "f32" | "f64" => JsonError::FloatParsing,
        "bool" => JsonError::BoolParsing,
        _ => JsonError::ValueError { error: message() },
    }
}

/// The fal error of a path that axum could not deserialize.
fn path_refusal(rejection: &PathRejection, config: &JsonConfig) -> Located<JsonError> {
    let PathRejection::FailedToDeserializePathParams(error) = rejection else {
        return whole_path(rejection.body_text());
    };
    match error.kind() {
        ErrorKind::ParseErrorAtKey {
            key,
            value,
            expected_type,
        } => parsing_error(expected_type, value, || error.body_text())
            .at_loc(loc_in("path", key.clone()))
            .with_input(echoed(value, config)),
        ErrorKind::ParseErrorAtIndex {
            index,
            value,
            expected_type,
        } => parsing_error(expected_type, value, || error.body_text())
            .at_loc(loc_in("path", *index as u64))
            .with_input(echoed(value, config)),
        ErrorKind::ParseError {
            value,
            expected_type,
        } => parsing_error(expected_type, value, || error.body_text())
            .at_loc(PATH)
            .with_input(echoed(value, config)),
        ErrorKind::DeserializeError {
            key,
            value,
            message,
        } => JsonError::ValueError {
            error: message.clone(),
        }
        .at_loc(loc_in("path", key.clone()))
        .with_input(echoed(value, config)),
        ErrorKind::InvalidUtf8InPathParam { key } => JsonError::ValueError {
            error: "the path parameter is not valid UTF-8".to_owned(),
        }
        .at_loc(loc_in("path", key.clone())),
        _ => whole_path(error.body_text()),
    }
}

/// A `value_error` at `["path"]`: the route and the extractor's type disagree (the
/// number of parameters, an unsupported type).
fn whole_path(message: String) -> Located<JsonError> {
    JsonError::ValueError { error: message }.at_loc(PATH)
}

/// The fal error of a query string refused by `T`'s `Deserialize`: at `["query", key]`
/// with the value the query gives that key as `input`, or at `["query"]` when no pair is
/// to blame.
fn query_refusal(query: &str, fault: Fault, config: &JsonConfig) -> Located<JsonError> {
    let (error, path, echo) = fault.into_parts();
    let Some(LocItem::Key(key)) = path.last() else {
        return error.at_loc(QUERY);
    };
    let input = value_of(query, key).filter(|_| echo);
    let error = error.at_loc(loc_in("query", key.clone()));
    match input {
        Some(input) => error.with_input(echoed(&input, config)),
        None => error,
    }
}
