//! The `tracing` feature: each error handed to a framework is logged once, with
//! `error_type`, `status`, `retryable` and `loc`, and never with the input it echoes. A
//! tiny subscriber records the events of the test's own thread; the axum server and its
//! client share that thread (a single-threaded runtime), so real HTTP requests are logged
//! into it too.

mod http_cases;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use actix_web::{App, ResponseError, web};
use axum::response::IntoResponse;
use fal_error::{ErrorResponse, FalError, ModelError, RequestError, RequestErrorType};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

use http_cases::server;

/// A recorded field value.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Str(String),
    Bool(bool),
    U64(u64),
    I64(i64),
    /// Recorded through `Debug` (`%display` fields and the message).
    Text(String),
}

/// A recorded event: target, level and every field.
#[derive(Clone, Debug, PartialEq)]
struct Logged {
    target: String,
    level: Level,
    fields: BTreeMap<String, Value>,
}

/// Records every event; spans are accepted and ignored.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Logged>>>);

struct Fields<'a>(&'a mut BTreeMap<String, Value>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0
            .insert(field.name().to_owned(), Value::Str(value.to_owned()));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.insert(field.name().to_owned(), Value::Bool(value));
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_owned(), Value::U64(value));
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().to_owned(), Value::I64(value));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().to_owned(), Value::Text(format!("{value:?}")));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _metadata: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, _span: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _span: &Id, _values: &Record<'_>) {}

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let logged = Logged {
            target: event.metadata().target().to_owned(),
            level: *event.metadata().level(),
            fields,
        };
        self.0.lock().expect("the capture lock").push(logged);
    }

    fn enter(&self, _span: &Id) {}

    fn exit(&self, _span: &Id) {}
}

/// Runs `test` with a capturing subscriber as this thread's default; returns what it
/// returned and the events of target `fal_error`.
fn capture<T>(test: impl FnOnce() -> T) -> (T, Vec<Logged>) {
    let capture = Capture::default();
    let output = tracing::subscriber::with_default(capture.clone(), test);
    let events = capture.0.lock().expect("the capture lock").clone();
    let ours = events
        .into_iter()
        .filter(|event| event.target == "fal_error")
        .collect();
    (output, ours)
}

/// The event expected for one model error of a response.
fn model_event(level: Level, error_type: &str, status: u64, retryable: bool, loc: &str) -> Logged {
    Logged {
        target: "fal_error".to_owned(),
        level,
        fields: BTreeMap::from([
            ("error_type".to_owned(), Value::Str(error_type.to_owned())),
            ("status".to_owned(), Value::U64(status)),
            ("retryable".to_owned(), Value::Bool(retryable)),
            ("loc".to_owned(), Value::Text(loc.to_owned())),
            (
                "message".to_owned(),
                Value::Text("fal error response".to_owned()),
            ),
        ]),
    }
}

/// No recorded value mentions `secret`.
fn assert_absent(events: &[Logged], secret: &str) {
    for event in events {
        for (name, value) in &event.fields {
            let text = format!("{value:?}");
            assert!(
                !text.contains(secret),
                "field `{name}` of {event:?} carries the input"
            );
        }
    }
}

const SECRET: &str = "secret-prompt-4f2a";

/// `body` posted as JSON to the example's `/upscale`, served by axum for this request
/// alone (inside `capture`, so that the server's events are captured too).
fn post_to_axum(body: String) -> http_cases::Reply {
    http_cases::block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding");
        let address = listener.local_addr().expect("the bound address");
        let serving = tokio::spawn(async move { axum::serve(listener, server::app()).await });
        let reply = http_cases::post(
            address,
            "/upscale",
            Some("application/json"),
            body.into_bytes(),
        )
        .await;
        serving.abort();
        reply
    })
}

#[test]
fn axum_logs_each_error_of_a_real_response_once_without_its_input() {
    let body = format!(
        r#"{{"image_url": "ftp://{SECRET}.example.com/cat.png", "scale": 3, "num_inference_steps": 80}}"#
    );
    let (reply, events) = capture(|| post_to_axum(body));
    assert_eq!(reply.status, 422);
    assert!(
        String::from_utf8_lossy(&reply.body).contains(SECRET),
        "the body echoes the input"
    );
    assert_eq!(
        events,
        [
            model_event(
                Level::INFO,
                "unsupported_url_scheme",
                422,
                false,
                "body.image_url"
            ),
            model_event(Level::INFO, "one_of", 422, false, "body.scale"),
            model_event(
                Level::INFO,
                "less_than_equal",
                422,
                false,
                "body.num_inference_steps"
            ),
        ]
    );
    assert_absent(&events, SECRET);
}

#[test]
fn axum_logs_a_json_rejection_once() {
    let body = format!(
        r#"{{"image_url": "https://example.com/cat.png", "scale": "{SECRET}", "num_inference_steps": 20}}"#
    );
    let (reply, events) = capture(|| post_to_axum(body));
    assert_eq!(reply.status, 422);
    assert_eq!(
        events,
        [model_event(Level::INFO, "one_of", 422, false, "body.scale")]
    );
    assert_absent(&events, SECRET);
}

#[test]
fn actix_logs_each_error_once_without_its_input() {
    async fn upscale(
        fal_error::actix::CheckedJson(request): fal_error::actix::CheckedJson<
            server::UpscaleRequest,
        >,
    ) -> Result<fal_error::actix::Json<server::Upscaled>, ErrorResponse> {
        let upscaled =
            server::upscale(&request).map_err(|error| server::at_image_url(error, &request))?;
        Ok(fal_error::actix::Json(upscaled))
    }

    let body = format!(
        r#"{{"image_url": "ftp://{SECRET}.example.com/cat.png", "scale": 2, "num_inference_steps": 0}}"#
    );
    let (status, events) = capture(|| {
        actix_web::rt::System::new().block_on(async {
            let app = actix_web::test::init_service(
                App::new().route("/upscale", web::post().to(upscale)),
            )
            .await;
            let request = actix_web::test::TestRequest::post()
                .uri("/upscale")
                .insert_header(("content-type", "application/json"))
                .set_payload(body)
                .to_request();
            let response = actix_web::test::call_service(&app, request).await;
            let status = response.status().as_u16();
            let body = actix_web::test::read_body(response).await;
            assert!(
                String::from_utf8_lossy(&body).contains(SECRET),
                "the body echoes the input"
            );
            status
        })
    });
    assert_eq!(status, 422);
    assert_eq!(
        events,
        [
            model_event(
                Level::INFO,
                "unsupported_url_scheme",
                422,
                false,
                "body.image_url"
            ),
            model_event(
                Level::INFO,
                "greater_than_equal",
                422,
                false,
                "body.num_inference_steps"
            ),
        ]
    );
    assert_absent(&events, SECRET);
}

#[test]
fn server_errors_are_logged_at_error_level() {
    // `ModelError` is an `Error` too: its text is the `msg` it sends, its `Debug` names
    // the variant; the input placed beside it is in neither.
    let error = ModelError::InternalServerError { retryable: true }.with_input(SECRET);
    let (_, events) = capture(|| error.to_response().into_response());
    let mut expected = explained_event(
        "internal_server_error",
        "Internal server error",
        "",
        "InternalServerError { retryable: true }",
    );
    expected
        .fields
        .insert("retryable".to_owned(), Value::Bool(true));
    assert_eq!(events, [expected]);
    assert_absent(&events, SECRET);

    let (_, events) = capture(|| {
        ModelError::generation_timeout()
            .to_response()
            .error_response()
    });
    let mut expected = explained_event(
        "generation_timeout",
        "Generation timeout",
        "",
        "GenerationTimeout { retryable: false }",
    );
    expected.fields.insert("status".to_owned(), Value::U64(504));
    assert_eq!(events, [expected]);
}

#[test]
fn request_errors_are_logged_without_loc() {
    let error = RequestError::new(
        RequestErrorType::RunnerDisconnected,
        format!("runner lost while serving {SECRET}"),
    );
    let expected = Logged {
        target: "fal_error".to_owned(),
        level: Level::ERROR,
        fields: BTreeMap::from([
            (
                "error_type".to_owned(),
                Value::Str("runner_disconnected".to_owned()),
            ),
            ("status".to_owned(), Value::U64(503)),
            ("retryable".to_owned(), Value::Bool(true)),
            (
                "message".to_owned(),
                Value::Text("fal error response".to_owned()),
            ),
        ]),
    };
    let (_, events) = capture(|| error.clone().into_response());
    assert_eq!(events, std::slice::from_ref(&expected));
    let (_, events) = capture(|| error.error_response());
    assert_eq!(events, [expected]);
    assert_absent(&events, SECRET);
}

#[test]
fn nothing_is_logged_before_the_framework_gets_the_response() {
    let (response, events) = capture(|| {
        ModelError::ImageLoadError
            .at("image_url")
            .with_input(SECRET)
            .to_response()
    });
    assert_eq!(response.status(), 422);
    assert_eq!(events, []);
    let (_, events) =
        capture(|| fal_error::axum::Json(serde_json::json!({"ok": true})).into_response());
    assert_eq!(events, []);
}

/// `GET path` from `app`, served by axum for this request alone (inside `capture`).
fn get_from_axum(app: axum::Router, path: &'static str) -> http_cases::Reply {
    http_cases::block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding");
        let address = listener.local_addr().expect("the bound address");
        let serving = tokio::spawn(async move { axum::serve(listener, app).await });
        let request = http::Request::get(path)
            .header(http::header::HOST, address.to_string())
            .body(http_body_util::Empty::<hyper::body::Bytes>::new())
            .expect("a request");
        let reply = http_cases::exchange(address, request).await;
        serving.abort();
        reply
    })
}

/// A model's errors, with thiserror's `Display` and `source()`.
#[derive(Debug, thiserror::Error, FalError)]
enum WeightsError {
    #[error("the weights could not be read")]
    #[fal(status = 500, retryable = false)]
    Unreadable(#[source] std::io::Error),
}

/// The event of a 500 `internal_server_error` explained by `error`, `sources`, `debug`.
fn explained_event(error_type: &str, error: &str, sources: &str, debug: &str) -> Logged {
    let mut event = model_event(Level::ERROR, error_type, 500, false, "body");
    for (name, text) in [("error", error), ("sources", sources), ("debug", debug)] {
        event
            .fields
            .insert(name.to_owned(), Value::Text(text.to_owned()));
    }
    event
}

fn denied() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::PermissionDenied, "permission denied")
}

#[test]
fn a_derived_server_error_is_logged_with_its_source_chain_and_debug() {
    async fn handler() -> Result<&'static str, WeightsError> {
        Err(WeightsError::Unreadable(denied()))
    }
    let app = axum::Router::new().route("/", axum::routing::get(handler));
    let (reply, events) = capture(|| get_from_axum(app, "/"));
    assert_eq!(reply.status, 500);
    let expected = explained_event(
        "unreadable",
        "the weights could not be read",
        "permission denied",
        r#"Unreadable(Custom { kind: PermissionDenied, error: "permission denied" })"#,
    );
    assert_eq!(events, std::slice::from_ref(&expected));
    let (_, events) = capture(|| WeightsError::Unreadable(denied()).error_response());
    assert_eq!(events, [expected]);
}

/// A generic error deriving thiserror's `Error`: its impls are bounded by `Self: Error`,
/// so that it is logged with its cause too.
#[derive(Debug, thiserror::Error, FalError)]
enum BackendError<E: std::error::Error + 'static> {
    #[error("the backend failed")]
    #[fal(status = 502, retryable = true)]
    Failed(#[source] E),
}

/// `GET /` answered by `handler` on actix-web, in process, inside `capture`.
fn get_from_actix<F>(handler: F) -> u16
where
    F: actix_web::Handler<()>,
    F::Output: actix_web::Responder + 'static,
{
    actix_web::rt::System::new().block_on(async {
        let app =
            actix_web::test::init_service(App::new().route("/", web::get().to(handler))).await;
        let request = actix_web::test::TestRequest::get().uri("/").to_request();
        actix_web::test::call_service(&app, request)
            .await
            .status()
            .as_u16()
    })
}

#[test]
fn a_derived_server_error_converted_with_question_mark_keeps_its_cause() {
    async fn handler() -> Result<&'static str, ErrorResponse> {
        Err(WeightsError::Unreadable(denied()))?;
        Ok("")
    }
    let expected = explained_event(
        "unreadable",
        "the weights could not be read",
        "permission denied",
        r#"Unreadable(Custom { kind: PermissionDenied, error: "permission denied" })"#,
    );
    let app = axum::Router::new().route("/", axum::routing::get(handler));
    let (reply, events) = capture(|| get_from_axum(app, "/"));
    assert_eq!(reply.status, 500);
    assert!(!String::from_utf8_lossy(&reply.body).contains("permission denied"));
    assert_eq!(events, std::slice::from_ref(&expected));

    let (status, events) = capture(|| get_from_actix(handler));
    assert_eq!(status, 500);
    assert_eq!(events, [expected]);
}

#[test]
fn a_generic_error_is_logged_with_its_cause() {
    async fn converted() -> Result<&'static str, ErrorResponse> {
        Err(BackendError::Failed(denied()).at("image_url"))?;
        Ok("")
    }
    async fn returned() -> Result<&'static str, BackendError<std::io::Error>> {
        Err(BackendError::Failed(denied()))
    }
    let mut expected = explained_event(
        "failed",
        "the backend failed",
        "permission denied",
        r#"Failed(Custom { kind: PermissionDenied, error: "permission denied" })"#,
    );
    expected.fields.insert("status".to_owned(), Value::U64(502));
    expected
        .fields
        .insert("retryable".to_owned(), Value::Bool(true));
    let mut placed = expected.clone();
    placed
        .fields
        .insert("loc".to_owned(), Value::Text("body.image_url".to_owned()));

    let app = axum::Router::new()
        .route("/converted", axum::routing::get(converted))
        .route("/returned", axum::routing::get(returned));
    let (reply, events) = capture(|| get_from_axum(app.clone(), "/converted"));
    assert_eq!(reply.status, 502);
    assert_eq!(events, std::slice::from_ref(&placed));
    let (reply, events) = capture(|| get_from_axum(app, "/returned"));
    assert_eq!(reply.status, 502);
    assert_eq!(events, std::slice::from_ref(&expected));

    let (status, events) = capture(|| get_from_actix(converted));
    assert_eq!(status, 502);
    assert_eq!(events, [placed]);
    let (status, events) = capture(|| get_from_actix(returned));
    assert_eq!(status, 502);
    assert_eq!(events, [expected]);
}

/// The layer explains a 5xx it writes instead of an actix-web error response with that
/// error's text and `Debug`, never sent.
#[test]
fn the_actix_layer_logs_the_error_behind_a_plain_500() {
    async fn handler() -> Result<&'static str, actix_web::Error> {
        Err(actix_web::error::ErrorInternalServerError(
            "db password wrong",
        ))
    }
    let ((status, body), events) = capture(|| {
        actix_web::rt::System::new().block_on(async {
            let app = actix_web::test::init_service(
                App::new()
                    .wrap(fal_error::FalLayer::new())
                    .route("/", web::get().to(handler)),
            )
            .await;
            let request = actix_web::test::TestRequest::get().uri("/").to_request();
            let response = actix_web::test::call_service(&app, request).await;
            let status = response.status().as_u16();
            (status, actix_web::test::read_body(response).await)
        })
    });
    assert_eq!(status, 500);
    assert!(!String::from_utf8_lossy(&body).contains("password"));
    assert_eq!(
        events,
        [explained_event(
            "internal_server_error",
            "db password wrong",
            "",
            r#""db password wrong""#
        )]
    );
}

#[test]
fn a_client_error_keeps_no_cause() {
    #[derive(Debug, thiserror::Error, FalError)]
    enum Refused {
        #[error("refused because {0}")]
        Scale(#[source] std::io::Error),
    }
    let (_, events) = capture(|| ErrorResponse::from(Refused::Scale(denied())).into_response());
    assert_eq!(
        events,
        [model_event(Level::INFO, "scale", 422, false, "body")]
    );
}

#[test]
fn anyhow_and_eyre_are_logged_with_their_whole_chain() {
    async fn with_anyhow() -> Result<&'static str, ErrorResponse> {
        let read: Result<(), _> = Err(denied());
        anyhow::Context::context(read, "loading the weights")?;
        Ok("")
    }
    let app = axum::Router::new().route("/", axum::routing::get(with_anyhow));
    let (reply, events) = capture(|| get_from_axum(app, "/"));
    assert_eq!(reply.status, 500);
    let mut events = events;
    // anyhow's `Debug` ends with a backtrace when RUST_BACKTRACE asks for one.
    let Some(Value::Text(debug)) = events[0].fields.remove("debug") else {
        panic!("a debug text: {events:?}");
    };
    assert!(
        debug.starts_with("loading the weights\\n\\nCaused by:\\n    permission denied"),
        "{debug}"
    );
    let mut expected = explained_event(
        "internal_server_error",
        "loading the weights",
        "permission denied",
        "",
    );
    expected.fields.remove("debug");
    assert_eq!(events, [expected]);

    let read: Result<(), _> = Err(denied());
    let report = eyre::WrapErr::wrap_err(read, "loading the weights").unwrap_err();
    let (_, events) = capture(|| ErrorResponse::from(report).error_response());
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].fields["sources"],
        Value::Text("permission denied".to_owned())
    );
    assert_eq!(
        events[0].fields["error"],
        Value::Text("loading the weights".to_owned())
    );
}

/// The `error` field of the one event logged when `response` is handed to axum.
fn logged_error(response: ErrorResponse) -> String {
    let (_, events) = capture(|| response.into_response());
    match &events[..] {
        [event] => match &event.fields["error"] {
            Value::Text(error) => error.clone(),
            other => panic!("the error is text: {other:?}"),
        },
        _ => panic!("one event: {events:?}"),
    }
}

#[test]
fn control_characters_from_the_request_cannot_forge_a_log_line() {
    let forged = "x\n2026-01-01T00:00:00Z  INFO fal_error: \u{1b}[32mall good";
    let error = ModelError::ImageLoadError.at(forged);
    let (_, events) = capture(|| error.to_response().into_response());
    assert_eq!(
        events,
        [model_event(
            Level::INFO,
            "image_load_error",
            422,
            false,
            "body.x\\n2026-01-01T00:00:00Z  INFO fal_error: \\u{1b}[32mall good"
        )]
    );

    let io = std::io::Error::other(forged);
    let response = ModelError::internal_server_error()
        .to_response()
        .with_source(io);
    assert_eq!(
        logged_error(response),
        "x\\n2026-01-01T00:00:00Z  INFO fal_error: \\u{1b}[32mall good"
    );
}

#[test]
fn logged_texts_are_capped() {
    let io = std::io::Error::other("é".repeat(10_000));
    let response = ModelError::internal_server_error()
        .to_response()
        .with_source(io);
    assert_eq!(logged_error(response), format!("{}…", "é".repeat(2048)));
}

#[test]
fn a_panic_is_logged_with_its_message_and_location() {
    const PANIC_LINE: u32 = line!() + 2;
    fn handler() -> &'static str {
        panic!("model state {SECRET} is inconsistent")
    }
    let app = axum::Router::new()
        .route("/", axum::routing::get(|| async { handler() }))
        .layer(fal_error::FalLayer::new());
    let (reply, events) = capture(|| get_from_axum(app, "/"));
    assert_eq!(reply.status, 500);
    assert!(!String::from_utf8_lossy(&reply.body).contains(SECRET));
    let [event] = &events[..] else {
        panic!("one event: {events:?}");
    };
    assert_eq!(
        event.fields["error"],
        Value::Text(format!(
            "panicked at tests/tests/http_tracing.rs:{PANIC_LINE}:9: model state {SECRET} is inconsistent"
        ))
    );
    assert_eq!(
        event.fields["error_type"],
        Value::Str("internal_server_error".to_owned())
    );
    assert_eq!(event.level, Level::ERROR);
}
