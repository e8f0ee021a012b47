//! `FalLayer` over real HTTP, on axum (a tower layer) and actix-web (a middleware): every
//! response an app can send — a panic, no route, a wrong method, a timeout, a body limit,
//! any other non-fal error — reaches the client as a fal error, with the same status,
//! headers and body bytes from both frameworks.

#[macro_use]
mod http_cases;

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use fal_error::{BillableUnits, ErrorResponse, FalError, FalLayer, ModelError, UrlForm};
use http_cases::Reply;

/// An error of the app's own, without a `doc_base`, and one with its own.
#[derive(Debug, FalError)]
enum AppError {
    #[fal(type = "lora_not_found")]
    LoraNotFound,
}

#[derive(Debug, FalError)]
#[fal(doc_base = "https://docs.example.com/errors/")]
enum OwnDocs {
    Mine,
}

fn panics() -> &'static str {
    panic!("the secret model state is inconsistent")
}

fn several_errors() -> ErrorResponse {
    ErrorResponse::from_errors([
        Box::new(AppError::LoraNotFound) as Box<dyn FalError>,
        Box::new(ModelError::ImageLoadError.at("image_url")),
        Box::new(OwnDocs::Mine),
    ])
    .expect("three errors")
}

async fn several() -> Result<&'static str, ErrorResponse> {
    Err(several_errors())
}

/// A refusal that bills its own units.
async fn billed() -> Result<&'static str, ErrorResponse> {
    Err(ModelError::NoMediaGenerated
        .to_response()
        .with_billable_units(BillableUnits::new(1.5).expect("finite units")))
}

/// The same errors, written on another thread (as in a task the handler spawned), where
/// the layer's link form is not in effect.
async fn several_elsewhere() -> Result<&'static str, ErrorResponse> {
    Err(std::thread::spawn(several_errors)
        .join()
        .expect("the writing thread"))
}

/// The routes of both apps: `GET /panic`, `GET /teapot` (a plain 418), `GET /busy` (a
/// plain 503), `GET /plain500`, `POST /upload` (a 16-byte body limit of the framework),
/// `GET /errors` (fal errors of three kinds), `GET /slow` (never answers; behind a
/// 50 ms timeout on axum, a plain 408 on actix-web), `POST /json` (the Json extractor).
mod apps {
    use super::*;

    pub fn axum(layer: FalLayer) -> axum::Router {
        use axum::extract::DefaultBodyLimit;
        use axum::routing::{get, post};
        use tower_http::timeout::TimeoutLayer;
        axum::Router::new()
            .route("/panic", get(|| async { panics() }))
            .route(
                "/teapot",
                get(|| async { (http::StatusCode::IM_A_TEAPOT, "short and stout") }),
            )
            .route(
                "/busy",
                get(|| async { http::StatusCode::SERVICE_UNAVAILABLE }),
            )
            .route(
                "/plain500",
                get(|| async { (http::StatusCode::INTERNAL_SERVER_ERROR, "db password wrong") }),
            )
            .route(
                "/upload",
                post(|body: axum::body::Bytes| async move { body.len().to_string() })
                    .layer(DefaultBodyLimit::max(16)),
            )
            .route("/errors", get(several))
            .route("/elsewhere", get(several_elsewhere))
            .route("/billed", get(billed))
            .route(
                "/gone",
                get(|| async { (http::StatusCode::NOT_FOUND, "no such image") }),
            )
            .nest(
                "/v1",
                axum::Router::new().route("/generate", post(|| async { "generated" })),
            )
            .route(
                "/slow",
                get(std::future::pending::<&'static str>).layer(TimeoutLayer::with_status_code(
                    http::StatusCode::REQUEST_TIMEOUT,
                    Duration::from_millis(50),
                )),
            )
            .route(
                "/json",
                post(
                    |fal_error::axum::Json(value): fal_error::axum::Json<u8>| async move {
                        value.to_string()
                    },
                ),
            )
            .layer(layer)
    }

    pub fn actix(
        layer: FalLayer,
    ) -> actix_web::App<
        impl actix_web::dev::ServiceFactory<
            actix_web::dev::ServiceRequest,
            Config = (),
            Response = actix_web::dev::ServiceResponse<actix_web::body::BoxBody>,
            Error = actix_web::Error,
            InitError = (),
        >,
    > {
        use actix_web::{HttpResponse, web};
        actix_web::App::new()
            .wrap(layer)
            // A resource answers a wrong method with 405 (an `App::route` falls through to 404).
            .service(web::resource("/panic").route(web::get().to(|| async { panics() })))
            .route(
                "/teapot",
                web::get().to(|| async { HttpResponse::ImATeapot().body("short and stout") }),
            )
            .route(
                "/busy",
                web::get().to(|| async { HttpResponse::ServiceUnavailable().finish() }),
            )
            .route(
                "/plain500",
                web::get()
                    .to(|| async { HttpResponse::InternalServerError().body("db password wrong") }),
            )
            .service(
                web::resource("/upload")
                    .app_data(web::PayloadConfig::new(16))
                    .route(
                        web::post().to(|body: web::Bytes| async move { body.len().to_string() }),
                    ),
            )
            .route("/errors", web::get().to(several))
            .route("/elsewhere", web::get().to(several_elsewhere))
            .route("/billed", web::get().to(billed))
            .route(
                "/gone",
                web::get().to(|| async { HttpResponse::NotFound().body("no such image") }),
            )
            // `web::route()` and a scope's route: method guards on the resource itself.
            .service(
                web::scope("/v1").route(
                    "/generate",
                    web::route()
                        .guard(actix_web::guard::Post())
                        .to(|| async { "generated" }),
                ),
            )
            .route(
                "/slow",
                web::get().to(|| async { HttpResponse::RequestTimeout().finish() }),
            )
            // actix-web only: middlewares that return `Err` instead of a response.
            .service(
                web::scope("/guarded")
                    .wrap(actix_web::middleware::from_fn(
                        |request: actix_web::dev::ServiceRequest,
                         next: actix_web::middleware::Next<actix_web::body::BoxBody>| async move {
                            match request.path() {
                                "/guarded/plain" => {
                                    Err(actix_web::error::ErrorForbidden("no token, secret-7f"))
                                }
                                "/guarded/broken" => Err(actix_web::error::ErrorInternalServerError(
                                    "db password wrong",
                                )),
                                "/guarded/fal" => Err(ModelError::ContentPolicyViolation
                                    .at("prompt")
                                    .to_response()
                                    .into()),
                                _ => next.call(request).await,
                            }
                        },
                    ))
                    .route("/open", web::get().to(|| async { "open" })),
            )
            .route(
                "/json",
                web::post().to(
                    |fal_error::actix::Json(value): fal_error::actix::Json<u8>| async move {
                        value.to_string()
                    },
                ),
            )
    }
}

fn servers(
    layer: FalLayer,
    cell: &'static OnceLock<(SocketAddr, SocketAddr)>,
) -> (SocketAddr, SocketAddr) {
    *cell.get_or_init(|| {
        let axum = http_cases::serve_axum(apps::axum(layer));
        let actix = serve_actix!(move || apps::actix(layer));
        (axum, actix)
    })
}

/// The default layer.
fn default_servers() -> (SocketAddr, SocketAddr) {
    static SERVERS: OnceLock<(SocketAddr, SocketAddr)> = OnceLock::new();
    servers(FalLayer::new(), &SERVERS)
}

/// fal's server link form, refusals billed, a 32-byte body limit enforced.
fn configured_servers() -> (SocketAddr, SocketAddr) {
    static SERVERS: OnceLock<(SocketAddr, SocketAddr)> = OnceLock::new();
    servers(
        FalLayer::new()
            .url_form(UrlForm::FalServers)
            .unbilled_refusals(false)
            .body_limit(32),
        &SERVERS,
    )
}

/// What a client sees: status, `content-type` and `x-fal-*` headers, body.
type Seen = (u16, Vec<(String, String)>, String);

fn seen(reply: Reply) -> Seen {
    let mut headers = http_cases::fal_headers(&reply.headers);
    for value in reply.headers.get_all(http::header::CONTENT_TYPE) {
        headers.push((
            "content-type".to_owned(),
            value.to_str().unwrap().to_owned(),
        ));
    }
    (
        reply.status,
        headers,
        String::from_utf8(reply.body).expect("a text body"),
    )
}

/// `method path` (with `body`, as JSON when given) to both servers: the same answer.
fn both(
    (axum, actix): (SocketAddr, SocketAddr),
    method: &str,
    path: &str,
    body: Option<&str>,
) -> Seen {
    let ask = |server| match body {
        Some(body) => seen(http_cases::block_on(http_cases::post(
            server,
            path,
            Some("application/json"),
            body.as_bytes().to_vec(),
        ))),
        None => seen(http_cases::call(server, method, path)),
    };
    let from_axum = ask(axum);
    assert_eq!(from_axum, ask(actix), "axum and actix-web differ");
    from_axum
}

fn fal(retryable: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = extra
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    headers.push(("x-fal-retryable".to_owned(), retryable.to_owned()));
    headers.sort();
    headers.push(("content-type".to_owned(), "application/json".to_owned()));
    headers
}

const UNBILLED: &[(&str, &str)] = &[("x-fal-billable-units", "0")];
const INTERNAL: &str = r#"{"detail":[{"loc":["body"],"msg":"Internal server error","type":"internal_server_error","url":"https://docs.fal.ai/errors/#internal_server_error"}]}"#;

#[test]
fn an_unknown_path_is_fals_404_and_not_billed() {
    assert_eq!(
        both(default_servers(), "GET", "/no/such/model", None),
        (
            404,
            fal("false", UNBILLED),
            r#"{"detail":"Path /no/such/model not found"}"#.to_owned()
        )
    );
}

#[test]
fn a_path_is_written_as_json_text() {
    assert_eq!(
        both(default_servers(), "GET", "/%22quoted%22%0A", None).2,
        r#"{"detail":"Path /%22quoted%22%0A not found"}"#
    );
}

#[test]
fn a_wrong_method_is_a_405_and_not_billed() {
    assert_eq!(
        both(default_servers(), "DELETE", "/panic", None),
        (
            405,
            fal("false", UNBILLED),
            r#"{"detail":"Method Not Allowed"}"#.to_owned()
        )
    );
}

/// fal's Python servers answer a wrong method with 405 wherever the path has routes; on
/// actix-web an `App::route`, `web::route()` or scope route puts its method guard on its
/// resource, so the router answers 404, which the layer turns into that 405.
#[test]
fn a_wrong_method_on_a_route_is_a_405() {
    let method_not_allowed = (
        405,
        fal("false", UNBILLED),
        r#"{"detail":"Method Not Allowed"}"#.to_owned(),
    );
    assert_eq!(
        both(default_servers(), "DELETE", "/teapot", None),
        method_not_allowed
    );
    assert_eq!(
        both(default_servers(), "GET", "/v1/generate", None),
        method_not_allowed
    );
    assert_eq!(
        both(default_servers(), "POST", "/v1/generate", Some("{}")).2,
        "generated"
    );
    // A handler's own 404 at a routed path is a 404, and an unrouted path under a scope.
    assert_eq!(
        both(default_servers(), "GET", "/gone", None),
        (
            404,
            fal("false", UNBILLED),
            r#"{"detail":"Path /gone not found"}"#.to_owned()
        )
    );
    assert_eq!(
        both(default_servers(), "GET", "/v1/other", None).2,
        r#"{"detail":"Path /v1/other not found"}"#
    );
}

/// A middleware's `Err` is answered as any response: a non-fal error becomes the fal error
/// of its status (no text of it sent), a fal error passes unchanged.
#[test]
fn an_actix_middleware_error_is_a_fal_error() {
    let actix = default_servers().1;
    assert_eq!(
        seen(http_cases::call(actix, "GET", "/guarded/plain")),
        (
            403,
            fal("false", &[]),
            r#"{"detail":"Forbidden"}"#.to_owned()
        )
    );
    assert_eq!(
        seen(http_cases::call(actix, "GET", "/guarded/broken")),
        (500, fal("false", &[]), INTERNAL.to_owned())
    );
    assert_eq!(
        seen(http_cases::call(actix, "GET", "/guarded/fal")),
        (
            422,
            fal("false", &[]),
            r#"{"detail":[{"loc":["body","prompt"],"msg":"The content could not be processed because it contained material flagged by a content checker.","type":"content_policy_violation","url":"https://docs.fal.ai/errors/#content_policy_violation"}]}"#.to_owned()
        )
    );
    assert_eq!(
        seen(http_cases::call(actix, "GET", "/guarded/open")).2,
        "open"
    );
}

#[test]
fn the_405_keeps_axums_allow_header() {
    let reply = http_cases::call(default_servers().0, "DELETE", "/panic");
    assert_eq!(reply.headers["allow"], "GET,HEAD");
}

#[test]
fn a_panic_is_a_500_without_its_message_and_the_server_keeps_serving() {
    for _ in 0..2 {
        assert_eq!(
            both(default_servers(), "GET", "/panic", None),
            (500, fal("false", &[]), INTERNAL.to_owned())
        );
    }
    assert_eq!(both(default_servers(), "GET", "/no", None).0, 404);
}

#[test]
fn a_timeout_of_the_stack_is_a_generation_timeout() {
    assert_eq!(
        both(default_servers(), "GET", "/slow", None),
        (
            504,
            fal("false", &[]),
            r#"{"detail":[{"loc":["body"],"msg":"Generation timeout","type":"generation_timeout","url":"https://docs.fal.ai/errors/#generation_timeout"}]}"#.to_owned()
        )
    );
}

#[test]
fn a_body_limit_of_the_framework_is_file_too_large() {
    assert_eq!(
        both(default_servers(), "POST", "/upload", Some("[1,2,3,4,5,6,7,8,9,10]")),
        (
            422,
            fal("false", UNBILLED),
            r#"{"detail":[{"loc":["body"],"msg":"File too large","type":"file_too_large","url":"https://docs.fal.ai/errors/#file_too_large","ctx":{"max_size":2097152}}]}"#.to_owned()
        )
    );
}

#[test]
fn other_plain_errors_become_fal_errors_of_their_status() {
    assert_eq!(
        both(default_servers(), "GET", "/teapot", None),
        (
            418,
            fal("false", &[]),
            r#"{"detail":"I'm a teapot"}"#.to_owned()
        )
    );
    assert_eq!(
        both(default_servers(), "GET", "/busy", None),
        (
            503,
            fal("true", &[]),
            r#"{"detail":"Service Unavailable"}"#.to_owned()
        )
    );
    assert_eq!(
        both(default_servers(), "GET", "/plain500", None),
        (500, fal("false", &[]), INTERNAL.to_owned())
    );
}

#[test]
fn fal_errors_pass_unchanged() {
    assert_eq!(
        both(default_servers(), "GET", "/errors", None),
        (
            422,
            fal("false", &[]),
            r#"{"detail":[{"loc":["body"],"msg":"Lora not found","type":"lora_not_found","url":"https://docs.fal.ai/errors/#lora_not_found"},{"loc":["body","image_url"],"msg":"Image load error","type":"image_load_error","url":"https://docs.fal.ai/errors/#image_load_error"},{"loc":["body"],"msg":"Mine","type":"mine","url":"https://docs.example.com/errors/#mine"}]}"#.to_owned()
        )
    );
    assert_eq!(both(default_servers(), "POST", "/json", Some("7")).0, 200);
}

#[test]
fn one_setting_gives_every_fal_link_the_servers_form() {
    assert_eq!(
        both(configured_servers(), "GET", "/errors", None).2,
        r#"{"detail":[{"loc":["body"],"msg":"Lora not found","type":"lora_not_found","url":"https://docs.fal.ai/errors#lora_not_found"},{"loc":["body","image_url"],"msg":"Image load error","type":"image_load_error","url":"https://docs.fal.ai/errors#image_load_error"},{"loc":["body"],"msg":"Mine","type":"mine","url":"https://docs.example.com/errors/#mine"}]}"#
    );
    assert_eq!(
        both(configured_servers(), "POST", "/json", Some("300")).2,
        r#"{"detail":[{"loc":["body"],"msg":"Input should be less than or equal to 255","type":"less_than_equal","url":"https://docs.fal.ai/errors#less_than_equal","ctx":{"le":255},"input":300}]}"#
    );
    assert_eq!(
        both(configured_servers(), "GET", "/panic", None).2,
        INTERNAL.replace("errors/#", "errors#")
    );
}

/// An error that sets its own units keeps them through the layer, whether refusals are
/// billed or not.
#[test]
fn an_error_keeps_its_own_billable_units() {
    let expected = (
        422,
        fal("false", &[("x-fal-billable-units", "1.50000000")]),
        r#"{"detail":[{"loc":["body"],"msg":"The model did not generate the expected output for this prompt.","type":"no_media_generated","url":"https://docs.fal.ai/errors/#no_media_generated"}]}"#.to_owned(),
    );
    assert_eq!(both(default_servers(), "GET", "/billed", None), expected);
    let (status, headers, _) = both(configured_servers(), "GET", "/billed", None);
    assert_eq!((status, headers), (expected.0, expected.1));
}

/// A response written where the layer's form is not in effect (on another thread, in a
/// spawned task) is sent in the layer's form all the same, every fal link of it.
#[test]
fn a_response_written_elsewhere_gets_the_layers_form() {
    assert_eq!(
        both(configured_servers(), "GET", "/elsewhere", None),
        both(configured_servers(), "GET", "/errors", None)
    );
    assert_eq!(
        both(default_servers(), "GET", "/elsewhere", None),
        both(default_servers(), "GET", "/errors", None)
    );
    assert!(
        both(configured_servers(), "GET", "/elsewhere", None)
            .2
            .contains(r#""url":"https://docs.fal.ai/errors#lora_not_found"},{"#)
    );
}

#[test]
fn refusals_can_be_billed_and_the_limit_enforced_before_the_handler() {
    assert_eq!(
        both(configured_servers(), "GET", "/nothing", None),
        (
            404,
            fal("false", &[]),
            r#"{"detail":"Path /nothing not found"}"#.to_owned()
        )
    );
    assert_eq!(
        both(configured_servers(), "POST", "/json", Some(&format!("{:<40}", "1"))),
        (
            422,
            fal("false", &[]),
            r#"{"detail":[{"loc":["body"],"msg":"File too large","type":"file_too_large","url":"https://docs.fal.ai/errors#file_too_large","ctx":{"max_size":32}}]}"#.to_owned()
        )
    );
}
