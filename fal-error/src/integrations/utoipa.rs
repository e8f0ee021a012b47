//! utoipa (feature `utoipa`): `utoipa::IntoResponses` for every fal error, rendered from
//! its catalog, so `#[utoipa::path(..., responses(Output, MyError))]` documents each
//! status, header, type, `ctx` and example the error can send.
//!
//! Derived enums get the impl from the derive (through a `__private` macro defined
//! here); [`ModelError`](crate::ModelError), [`RequestError`], [`Located`] and the JSON
//! extractors' `JsonRejection` have it too. An endpoint that can fail with several of
//! them lists [`Errors`]`<(A, B)>`: each status once, its types merged (utoipa itself
//! would keep only the last response given for a status).
//!
//! ```
//! use fal_error::{FalError, ModelError};
//! use utoipa::IntoResponses;
//!
//! #[derive(Debug, FalError)]
//! enum UpscaleError {
//!     #[fal(type = "gpu_busy", status = 503, retryable = true)]
//!     GpuBusy,
//!     #[fal(transparent)]
//!     Model(ModelError),
//! }
//!
//! let responses = UpscaleError::responses();
//! assert_eq!(responses.keys().collect::<Vec<_>>(), ["400", "422", "500", "503", "504"]);
//! ```

use std::collections::BTreeMap;
use std::marker::PhantomData;

use utoipa::openapi::response::Response;
use utoipa::openapi::{RefOr, ResponseBuilder};

use crate::catalog::{Catalog, Documented};
use crate::error::FalError;
use crate::located::Located;
use crate::request_error::RequestError;

/// What `IntoResponses::responses` returns.
pub type Responses = BTreeMap<String, RefOr<Response>>;

/// The responses of a catalog, as utoipa's types: [`Catalog::openapi_responses`] read
/// into them.
///
/// ```
/// use fal_error::utoipa::responses_of;
/// use fal_error::{Catalog, RequestError};
/// use utoipa::openapi::RefOr;
///
/// let responses = responses_of(&Catalog::of::<RequestError>());
/// assert_eq!(responses.keys().collect::<Vec<_>>(), ["400", "499", "500", "502", "503", "504"]);
/// let RefOr::T(timeout) = &responses["504"] else { panic!("an inline response") };
/// assert!(timeout.headers.contains_key("x-fal-error-type"));
/// ```
pub fn responses_of(catalog: &Catalog) -> Responses {
    catalog
        .openapi_responses()
        .into_iter()
        .map(|(status, response)| {
            // The fragment is written in the subset of OpenAPI that utoipa's types
            // hold (a test reads every built-in back unchanged); should one ever fail
            // to read, the status is still documented.
            let response = serde_json::from_value(response).unwrap_or_else(|error| {
                ResponseBuilder::new()
                    .description(format!("Error ({error})"))
                    .build()
            });
            (status, RefOr::T(response))
        })
        .collect()
}

/// The merged responses of several error types, for one endpoint:
/// `responses((status = 200, body = Output), Errors<(UpscaleError, JsonRejection)>)`.
///
/// ```
/// use fal_error::utoipa::Errors;
/// use fal_error::{ModelError, RequestError};
/// use utoipa::IntoResponses;
///
/// let responses = <Errors<(ModelError, RequestError)>>::responses();
/// assert_eq!(responses.keys().collect::<Vec<_>>(), ["400", "422", "499", "500", "502", "503", "504"]);
/// ```
pub struct Errors<T: ?Sized>(PhantomData<T>);

impl<T: Documented + ?Sized> utoipa::IntoResponses for Errors<T> {
    fn responses() -> Responses {
        responses_of(&Catalog::of::<T>())
    }
}

impl utoipa::IntoResponses for RequestError {
    fn responses() -> Responses {
        responses_of(&Catalog::of::<RequestError>())
    }
}

impl<E: FalError> utoipa::IntoResponses for Located<E> {
    fn responses() -> Responses {
        responses_of(&Catalog::of::<E>())
    }
}

#[cfg(any(feature = "axum", feature = "actix-web"))]
impl utoipa::IntoResponses for crate::integrations::json::JsonRejection {
    fn responses() -> Responses {
        responses_of(&Catalog::of::<Self>())
    }
}

/// `IntoResponses` for a derived error, from its catalog.
#[doc(hidden)]
#[macro_export]
macro_rules! __fal_utoipa_impls {
    (impl { $($generics:tt)* } for { $($ty:tt)* } where { $($predicates:tt)* }) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::utoipa::IntoResponses for $($ty)*
        where
            $($predicates)*
        {
            fn responses() -> $crate::__private::UtoipaResponses {
                $crate::__private::utoipa_responses(&$crate::Catalog::of::<Self>())
            }
        }
    };
}
