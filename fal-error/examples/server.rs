//! An image-upscaling model server on axum that answers bad requests with exact fal errors.
//!
//! ```text
//! cargo run -p fal-error --example server --features axum,utoipa,schemars   # PORT=8080 by default
//! curl -s -i http://127.0.0.1:8080/upscale -H 'content-type: application/json' \
//!      -d '{"image_url": "https://example.com/cat.png", "scale": 3, "num_inference_steps": 80}'
//! ```
//!
//! `GET /openapi.json` serves the server's OpenAPI 3.1 document ([`ApiDoc`]), every error
//! response documented from the error types (`cargo run -p fal-error --example openapi
//! --features axum,utoipa,schemars` prints it).
//!
//! `POST /upscale` takes `{"image_url", "scale", "num_inference_steps"}`. `image_url` is an
//! http(s) URL (accepted as is: nothing is downloaded) or a base64 `data:` URI of a PNG,
//! JPEG or WebP image, whose format and size are read from its header bytes. The input's
//! bounds are declared on [`UpscaleRequest`] and checked against its JSON Schema; the image
//! is checked by its [`InputChecks`]; every violation of one request is reported in one
//! 422 body ([`CheckedJson`]). The integration tests of the
//! `fal-error-tests` crate include this file and serve the same [`upscale`] from axum and
//! actix-web.

use std::time::Duration;

use axum::routing::{get, post};
use axum::{Extension, Router};
use base64::Engine as _;
use fal_error::axum::{CheckedJson, Json, JsonConfig, JsonRejection};
use fal_error::json::InputChecks;
use fal_error::{ErrorResponse, FalError, FalLayer, Located, ModelError, Violations};
use serde::{Deserialize, Serialize};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// The largest request body accepted (1 MiB): a larger one is refused with `file_too_large`.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// How long a client may take to send a request's headers before its connection is closed.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one request may run before it is answered with `generation_timeout` (504).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
/// How many requests run at once; the others wait for a slot.
pub const MAX_CONCURRENT_REQUESTS: usize = 4;
/// The smallest image accepted, in pixels per side.
pub const MIN_SIDE: u32 = 64;
/// The largest image accepted, in pixels per side.
pub const MAX_SIDE: u32 = 4096;
/// The image formats read from data URIs, as the `unsupported_image_format` ctx lists them.
pub const SUPPORTED_FORMATS: [&str; 4] = [".jpg", ".jpeg", ".png", ".webp"];
/// The URL schemes `image_url` may use.
pub const SUPPORTED_SCHEMES: &[&str] = &["http", "https", "data"];

/// The request body of `POST /upscale`.
#[derive(Debug, Deserialize, schemars::JsonSchema, utoipa::ToSchema)]
pub struct UpscaleRequest {
    /// An http(s) URL or a `data:` URI of the image.
    pub image_url: String,
    /// The upscaling factor: 2 or 4.
    #[schemars(extend("enum" = [2, 4]))]
    #[schema(minimum = 2, maximum = 4, multiple_of = 2)]
    pub scale: i64,
    /// How many denoising steps to run: 1 to 50.
    #[schemars(range(min = 1, max = 50))]
    #[schema(minimum = 1, maximum = 50)]
    pub num_inference_steps: i64,
}

/// What the schema cannot say: the image must be readable and large enough.
impl InputChecks for UpscaleRequest {
    type Error = UpscaleError;

    fn check(&self, violations: &mut Violations<UpscaleError>) {
        if let Err(error) = inspect_image_url(&self.image_url) {
            violations.push(at_image_url(error, self));
        }
    }
}

/// The errors of this model: fal's built-in catalog, plus one type of its own.
#[derive(Debug, FalError)]
pub enum UpscaleError {
    /// `image_url` is neither an http(s) URL nor a data URI.
    #[fal(
        type = "unsupported_url_scheme",
        msg = "Image URL should be an http(s) URL or a data URI"
    )]
    UnsupportedUrlScheme {
        /// The schemes that are accepted.
        #[fal(ctx)]
        supported_schemes: &'static [&'static str],
    },
    /// Any built-in fal error.
    #[fal(transparent)]
    Model(ModelError),
}

impl From<ModelError> for UpscaleError {
    fn from(error: ModelError) -> Self {
        UpscaleError::Model(error)
    }
}

/// An image format this model reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// PNG, sized by its IHDR chunk.
    Png,
    /// JPEG, sized by its start-of-frame marker.
    Jpeg,
    /// WebP, sized by its VP8, VP8L or VP8X chunk.
    Webp,
}

/// What the request's image is, as far as this server knows without downloading anything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ImageInfo {
    /// The format, `null` for a URL.
    pub format: Option<ImageFormat>,
    /// The width in pixels, `null` for a URL.
    pub width: Option<u32>,
    /// The height in pixels, `null` for a URL.
    pub height: Option<u32>,
}

/// The result of a valid request.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Upscaled {
    /// The input image.
    pub image: ImageInfo,
    /// The size of the upscaled image, `null` when the input size is unknown.
    pub upscaled: Option<Size>,
    /// The factor used.
    pub scale: i64,
    /// The steps run.
    pub num_inference_steps: i64,
    /// Why the size is unknown, for a URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
}

/// A size in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Size {
    /// Pixels across.
    pub width: u64,
    /// Pixels down.
    pub height: u64,
}

/// `error` of `request`'s image, placed at `image_url` with the URL as `input`.
pub fn at_image_url(error: UpscaleError, request: &UpscaleRequest) -> Located<UpscaleError> {
    error.at("image_url").with_input(&request.image_url)
}

/// Describes the upscaled result of `request`, or why its image cannot be upscaled.
pub fn upscale(request: &UpscaleRequest) -> Result<Upscaled, UpscaleError> {
    let image = inspect_image_url(&request.image_url)?;
    let scale = request.scale.unsigned_abs();
    let upscaled = match (image.width, image.height) {
        (Some(width), Some(height)) => Some(Size {
            width: u64::from(width) * scale,
            height: u64::from(height) * scale,
        }),
        _ => None,
    };
    let note = upscaled
        .is_none()
        .then_some("the image at an http(s) URL is not downloaded, so its size is unknown");
    Ok(Upscaled {
        image,
        upscaled,
        scale: request.scale,
        num_inference_steps: request.num_inference_steps,
        note,
    })
}

/// The image behind `image_url`: unknown for an http(s) URL, read from the header bytes
/// for a data URI.
fn inspect_image_url(image_url: &str) -> Result<ImageInfo, UpscaleError> {
    let scheme = image_url
        .split_once(':')
        .map(|(scheme, _)| scheme.to_ascii_lowercase());
    match scheme.as_deref() {
        Some("http" | "https")
            if image_url
                .split_once("://")
                .is_some_and(|(_, rest)| !rest.is_empty()) =>
        {
            Ok(ImageInfo {
                format: None,
                width: None,
                height: None,
            })
        }
        Some("data") => {
            let bytes = decode_data_uri(image_url).ok_or(ModelError::ImageLoadError)?;
            let (format, width, height) = read_image_header(&bytes)?;
            if width < MIN_SIDE || height < MIN_SIDE {
                return Err(ModelError::ImageTooSmall {
                    min_height: MIN_SIDE,
                    min_width: MIN_SIDE,
                }
                .into());
            }
            if width > MAX_SIDE || height > MAX_SIDE {
                return Err(ModelError::ImageTooLarge {
                    max_height: MAX_SIDE,
                    max_width: MAX_SIDE,
                }
                .into());
            }
            Ok(ImageInfo {
                format: Some(format),
                width: Some(width),
                height: Some(height),
            })
        }
        _ => Err(UpscaleError::UnsupportedUrlScheme {
            supported_schemes: SUPPORTED_SCHEMES,
        }),
    }
}

/// The bytes of a base64 `data:` URI; `None` when it is not base64 or does not decode.
fn decode_data_uri(uri: &str) -> Option<Vec<u8>> {
    let (header, payload) = uri.get(5..)?.split_once(',')?;
    let is_base64 = header
        .split(';')
        .skip(1)
        .any(|param| param.eq_ignore_ascii_case("base64"));
    if !is_base64 {
        return None;
    }
    base64::engine::general_purpose::STANDARD
        .decode(payload.trim())
        .ok()
}

/// Format, width and height from the first bytes of an image: an unknown signature is an
/// unsupported format, a known one that is cut short or inconsistent is a load error.
fn read_image_header(bytes: &[u8]) -> Result<(ImageFormat, u32, u32), UpscaleError> {
    let load_error = || UpscaleError::from(ModelError::ImageLoadError);
    let (format, size) = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        (ImageFormat::Png, png_size(bytes))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        (ImageFormat::Jpeg, jpeg_size(bytes))
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        (ImageFormat::Webp, webp_size(bytes))
    } else {
        return Err(ModelError::UnsupportedImageFormat {
            supported_formats: SUPPORTED_FORMATS.into(),
        }
        .into());
    };
    match size {
        Some((width, height)) if width > 0 && height > 0 => Ok((format, width, height)),
        _ => Err(load_error()),
    }
}

fn be_u16(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes(
        bytes.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn le_u16(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(
        bytes.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn le_u24(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 3)?;
    Some(u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16)
}

/// PNG: the first chunk is IHDR, width and height big-endian.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    Some((be_u32(bytes, 16)?, be_u32(bytes, 20)?))
}

/// JPEG: walks the marker segments to the first start-of-frame (SOF0 baseline, SOF1,
/// SOF2 progressive, and the rarer SOFn), which holds height then width.
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let mut marker = *bytes.get(at + 1)?;
        while marker == 0xFF {
            at += 1;
            marker = *bytes.get(at + 1)?;
        }
        at += 2;
        match marker {
            0x01 | 0xD0..=0xD7 => continue,
            0xD9 | 0xDA => return None,
            _ => {}
        }
        let length = be_u16(bytes, at)? as usize;
        if length < 2 {
            return None;
        }
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            return Some((be_u16(bytes, at + 5)?, be_u16(bytes, at + 3)?));
        }
        at += length;
    }
}

/// WebP: a RIFF container whose first chunk is lossy `VP8 `, lossless `VP8L` or extended
/// `VP8X`.
fn webp_size(bytes: &[u8]) -> Option<(u32, u32)> {
    match bytes.get(12..16)? {
        b"VP8 " => {
            if bytes.get(23..26)? != [0x9D, 0x01, 0x2A] {
                return None;
            }
            Some((le_u16(bytes, 26)? & 0x3FFF, le_u16(bytes, 28)? & 0x3FFF))
        }
        b"VP8L" => {
            if *bytes.get(20)? != 0x2F {
                return None;
            }
            let bits = u32::from_le_bytes(bytes.get(21..25)?.try_into().ok()?);
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => Some((le_u24(bytes, 24)? + 1, le_u24(bytes, 27)? + 1)),
        _ => None,
    }
}

/// Upscales an image; every error it can send is documented from its types.
#[utoipa::path(
    post,
    path = "/upscale",
    request_body = UpscaleRequest,
    responses(
        (status = 200, description = "The upscaled image", body = Upscaled),
        fal_error::utoipa::Errors<(UpscaleError, JsonRejection)>,
    )
)]
async fn upscale_handler(
    CheckedJson(request): CheckedJson<UpscaleRequest>,
) -> Result<Json<Upscaled>, ErrorResponse> {
    let upscaled = upscale(&request).map_err(|error| at_image_url(error, &request))?;
    Ok(Json(upscaled))
}

/// The OpenAPI 3.1 document of this server.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "fal upscale example", version = "0.1.0"),
    paths(upscale_handler)
)]
pub struct ApiDoc;

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(<ApiDoc as utoipa::OpenApi>::openapi())
}

/// The model server: `POST /upscale` and `GET /openapi.json`, behind the layers of
/// [`layered`].
pub fn app() -> Router {
    layered(
        Router::new()
            .route("/upscale", post(upscale_handler))
            .route("/openapi.json", get(openapi_json)),
        REQUEST_TIMEOUT,
    )
}

/// `routes` behind the layers a production server needs (outermost last):
///
/// - a global concurrency limit of [`MAX_CONCURRENT_REQUESTS`]: a model on one GPU runs
///   few requests at once, and the others wait for a slot instead of all slowing down
///   together (or running the GPU out of memory); a waiting request is not refused (a
///   503 would make fal recycle the runner);
/// - a request timeout (`request_timeout`, [`REQUEST_TIMEOUT`] in production): a request
///   stuck in the model, or waiting for a slot, is answered (408 from tower-http, which
///   the fal layer sends as `generation_timeout`, 504) instead of holding its connection
///   and its slot forever;
/// - [`FalLayer`]: every response is a fal error — a panic, an unknown path, a wrong
///   method, the timeout — and a body over [`MAX_BODY_BYTES`] is refused before it is
///   read.
pub fn layered(routes: Router, request_timeout: Duration) -> Router {
    routes
        .layer(Extension(JsonConfig::new().limit(MAX_BODY_BYTES)))
        .layer(GlobalConcurrencyLimitLayer::new(MAX_CONCURRENT_REQUESTS))
        .layer(TimeoutLayer::with_status_code(
            http::StatusCode::REQUEST_TIMEOUT,
            request_timeout,
        ))
        .layer(FalLayer::new().body_limit(MAX_BODY_BYTES))
}

/// Serves [`app`] on `127.0.0.1:$PORT` (8080 by default) with a multi-threaded runtime
/// (one worker per core: request handling, JSON and image checks run in parallel) and
/// a [`HEADER_READ_TIMEOUT`] on every connection (a client that connects and sends
/// nothing, or its headers a byte at a time, is cut off rather than holding a socket and
/// a task forever; `axum::serve` has no such timeout, so connections are served with
/// hyper directly).
fn main() -> std::io::Result<()> {
    let port = match std::env::var("PORT") {
        Ok(port) => port
            .parse::<u16>()
            .map_err(|error| std::io::Error::other(format!("PORT={port:?}: {error}")))?,
        Err(_) => 8080,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        println!(
            "fal upscale example listening on http://{}/upscale",
            listener.local_addr()?
        );
        serve(listener, app(), HEADER_READ_TIMEOUT).await
    })
}

/// Accepts connections on `listener` and serves `app` on each, HTTP/1.1, closing a
/// connection whose request headers take longer than `header_read_timeout`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    header_read_timeout: Duration,
) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(header_read_timeout);
            // A connection that fails (the client went away, the header timeout) ends
            // alone; the server keeps accepting.
            let _ = http
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}
