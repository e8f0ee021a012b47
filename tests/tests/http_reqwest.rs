//! The reqwest client side over real HTTP on 127.0.0.1: fal error responses read with
//! `ReceivedError::from_reqwest` exactly as the parser reads the same bytes, the body
//! limit and a broken body, and the retry strategy and middleware against servers that
//! answer a sequence of responses.

#[macro_use]
mod http_cases;

use std::io::{Read as _, Write as _};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::routing::get;
use fal_error::reqwest_retry::{FalRetryMiddleware, FalRetryableStrategy};
use fal_error::{
    FalError, ModelError, ReceivedError, RequestError, RequestErrorType, UnparsedReason,
};
use http::{HeaderMap, StatusCode};
use http_cases::serve_axum;
use reqwest_retry::policies::ExponentialBackoff;
use reqwest_retry::{Retryable, RetryableStrategy};

/// A response as a server sends it: status, headers, body.
#[derive(Clone)]
struct Canned {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Canned {
    fn new(status: u16, headers: &[(&'static str, &str)], body: &str) -> Self {
        Canned {
            status,
            headers: headers
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect(),
            body: body.to_owned(),
        }
    }

    fn of(response: &fal_error::ErrorResponse) -> Self {
        Canned {
            status: response.status().as_u16(),
            headers: response
                .headers()
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
                .collect(),
            body: response.body().to_owned(),
        }
    }

    /// A response of fal's Python SDK, replayed (the server sets its own length).
    fn of_sdk(response: &fal_error_tests::SdkResponse) -> Self {
        Canned {
            status: response.status.as_u16(),
            headers: response
                .headers
                .iter()
                .filter(|(name, _)| *name != http::header::CONTENT_LENGTH)
                .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
                .collect(),
            body: response.body.clone(),
        }
    }

    fn header_map(&self) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            headers.append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        headers
    }

    fn into_response(self) -> axum::response::Response {
        let mut response = axum::response::Response::new(axum::body::Body::from(self.body));
        *response.status_mut() = StatusCode::from_u16(self.status).unwrap();
        for (name, value) in self.headers {
            response.headers_mut().append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        response
    }
}

/// fal error responses: the crate's own writer, and what fal's servers send (spec pages,
/// `wire-facts.md`).
fn fal_responses() -> Vec<Canned> {
    let mut all: Vec<Canned> = [
        ModelError::ImageTooLarge {
            max_height: 1024,
            max_width: 1024,
        }
        .at("image_url")
        .to_response(),
        ModelError::greater_than(0)
            .at("steps")
            .with_input(-1)
            .to_response(),
        ModelError::GenerationTimeout { retryable: true }.to_response(),
        ModelError::internal_server_error().to_response(),
        RequestError::new(RequestErrorType::RunnerDisconnected, "Runner disconnected")
            .to_response(),
        RequestError::new(RequestErrorType::BadRequest, "Invalid timeout header").to_response(),
        RequestError::new(
            RequestErrorType::Other("concurrent_requests_limit".into()),
            "Too many requests",
        )
        .with_status(StatusCode::TOO_MANY_REQUESTS)
        .to_response(),
    ]
    .iter()
    .map(Canned::of)
    .collect();
    all.extend([
        Canned::new(500, &[("content-type", "application/json")], r#"{"detail":"Internal Server Error"}"#),
        Canned::new(
            504,
            &[("x-fal-error-type", "request_timeout"), ("x-fal-request-timeout-type", "user")],
            r#"{"detail":"Request timed out","error_type":"request_timeout"}"#,
        ),
        Canned::new(
            422,
            &[("x-fal-billable-units", "0")],
            r#"{"detail":[{"type":"string_too_short","loc":["body","prompt"],"msg":"String should have at least 1 character","input":"","ctx":{"min_length":1}}]}"#,
        ),
        Canned::new(502, &[("content-type", "text/html")], "<html>Bad Gateway</html>"),
        Canned::new(503, &[("retry-after", "0")], r#"{"detail":"Runner scheduling failure","error_type":"runner_scheduling_failure"}"#),
    ]);
    all
}

/// A server answering `/{index}` with `responses[index]`.
fn serve_each(responses: Vec<Canned>) -> SocketAddr {
    let responses = Arc::new(responses);
    serve_axum(axum::Router::new().route(
        "/{index}",
        get(
            move |axum::extract::Path(index): axum::extract::Path<usize>| {
                let responses = Arc::clone(&responses);
                async move { responses[index].clone().into_response() }
            },
        ),
    ))
}

/// A server answering its n-th request with `responses[n]` (the last one again when
/// past the end), and the count of requests.
fn serve_sequence(responses: Vec<Canned>) -> (SocketAddr, Arc<AtomicUsize>) {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    let responses = Arc::new(responses);
    let server = serve_axum(axum::Router::new().route(
        "/",
        get(move || {
            let responses = Arc::clone(&responses);
            let n = seen.fetch_add(1, Ordering::SeqCst);
            async move {
                responses[n.min(responses.len() - 1)]
                    .clone()
                    .into_response()
            }
        }),
    ));
    (server, count)
}

/// A server that answers every connection with `bytes` and closes it.
fn serve_raw(bytes: Vec<u8>) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(&bytes);
        }
    });
    address
}

fn run<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

async fn get_response(url: String) -> reqwest::Response {
    reqwest::Client::new().get(url).send().await.unwrap()
}

#[test]
fn every_fal_response_reads_as_the_parser_reads_its_bytes() {
    assert_read_as_parsed(fal_responses());
}

#[test]
fn every_fal_sdk_response_reads_as_the_parser_reads_its_bytes() {
    let responses: Vec<_> = fal_error_tests::fal_sdk_responses()
        .iter()
        .map(Canned::of_sdk)
        .collect();
    assert_eq!(responses.len(), 15);
    assert_read_as_parsed(responses);
}

/// Each response served over HTTP and read with `from_reqwest` equals the parse of its
/// bytes, and the strategy retries exactly when that parse says so.
fn assert_read_as_parsed(responses: Vec<Canned>) {
    let server = serve_each(responses.clone());
    run(async {
        for (index, sent) in responses.iter().enumerate() {
            let response = get_response(format!("http://{server}/{index}")).await;
            let strategy = FalRetryableStrategy
                .handle(&Ok(get_response(format!("http://{server}/{index}")).await));
            let received = ReceivedError::from_reqwest(response).await;
            let expected = ReceivedError::parse(
                StatusCode::from_u16(sent.status).unwrap(),
                &sent.header_map(),
                sent.body.as_bytes(),
            );
            assert_eq!(received, expected, "{}", sent.body);
            let should_retry = match &expected {
                Ok(error) => error.should_retry(),
                Err(unparsed) => unparsed.should_retry(),
            };
            let transient = strategy == Some(Retryable::Transient);
            assert_eq!(transient, should_retry, "{}", sent.body);
        }
    });
}

#[test]
fn the_retry_decisions_of_fal_responses() {
    let decisions: Vec<bool> = fal_responses()
        .iter()
        .map(|sent| {
            let status = StatusCode::from_u16(sent.status).unwrap();
            match ReceivedError::parse(status, &sent.header_map(), sent.body.as_bytes()) {
                Ok(error) => error.should_retry(),
                Err(unparsed) => unparsed.should_retry(),
            }
        })
        .collect();
    assert_eq!(
        decisions,
        [
            false, false, true, false, true, false, true, false, false, false, false, true
        ]
    );
}

#[test]
fn a_body_over_the_limit_is_not_read_past_it() {
    let server = serve_each(vec![Canned::new(
        502,
        &[("x-fal-request-id", "req-1")],
        &"x".repeat(5000),
    )]);
    let unparsed = run(async {
        ReceivedError::from_reqwest_with_limit(
            get_response(format!("http://{server}/0")).await,
            1000,
        )
        .await
    })
    .unwrap_err();
    assert_eq!(unparsed.reason(), UnparsedReason::TooLarge { limit: 1000 });
    assert_eq!(
        unparsed.raw(),
        "",
        "Content-Length announced it: nothing is read"
    );
    assert_eq!(unparsed.request_id(), Some("req-1"));
    assert_eq!(
        unparsed.to_string(),
        "502 Bad Gateway: body is longer than 1000 bytes"
    );

    let chunk = format!("{:x}\r\n{}\r\n", 3000, "y".repeat(3000));
    let chunked = format!(
        "HTTP/1.1 503 Service Unavailable\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n{chunk}{chunk}0\r\n\r\n"
    );
    let server = serve_raw(chunked.into_bytes());
    let unparsed = run(async {
        ReceivedError::from_reqwest_with_limit(
            get_response(format!("http://{server}/")).await,
            4000,
        )
        .await
    })
    .unwrap_err();
    assert_eq!(unparsed.reason(), UnparsedReason::TooLarge { limit: 4000 });
    assert_eq!(unparsed.raw(), "y".repeat(4000));
    assert!(unparsed.should_retry());
}

#[test]
fn a_body_that_breaks_off_keeps_what_arrived() {
    let server = serve_raw(
        b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 100\r\nx-fal-error-type: runner_disconnected\r\n\r\n{\"detail\":".to_vec(),
    );
    let unparsed = run(async {
        ReceivedError::from_reqwest(get_response(format!("http://{server}/")).await).await
    })
    .unwrap_err();
    assert_eq!(unparsed.reason(), UnparsedReason::Unreadable);
    assert_eq!(unparsed.raw(), "{\"detail\":");
    assert_eq!(
        unparsed.error_type(),
        Some(&RequestErrorType::RunnerDisconnected)
    );
    assert!(unparsed.should_retry());
}

fn client(max_retries: u32) -> reqwest_middleware::ClientWithMiddleware {
    let policy = ExponentialBackoff::builder()
        .retry_bounds(Duration::from_millis(1), Duration::from_millis(1))
        .build_with_max_retries(max_retries);
    reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(FalRetryMiddleware::new(policy))
        .build()
}

/// The requests the server saw and the last response's status and body.
fn call_with_retries(responses: Vec<Canned>, max_retries: u32) -> (usize, ReceivedError) {
    let (server, count) = serve_sequence(responses);
    let received = run(async {
        let response = client(max_retries)
            .get(format!("http://{server}/"))
            .send()
            .await
            .unwrap();
        ReceivedError::from_reqwest(response).await
    });
    (count.load(Ordering::SeqCst), received.unwrap())
}

fn ok() -> Canned {
    Canned::new(200, &[], r#"{"detail":"fine"}"#)
}

#[test]
fn the_middleware_retries_when_the_decision_says_so() {
    let disconnected = Canned::of(
        &RequestError::new(RequestErrorType::RunnerDisconnected, "Runner disconnected")
            .to_response(),
    );
    let (count, last) = call_with_retries(vec![disconnected.clone(), disconnected, ok()], 5);
    assert_eq!(count, 3);
    assert_eq!(last.status(), StatusCode::OK);

    let timeout = Canned::of(&ModelError::GenerationTimeout { retryable: true }.to_response());
    let (count, last) = call_with_retries(vec![timeout], 2);
    assert_eq!(count, 3, "the first attempt and the policy's 2 retries");
    assert_eq!(last.error_type(), Some("generation_timeout"));
    assert!(last.should_retry());
}

#[test]
fn the_middleware_does_not_retry_what_the_decision_refuses() {
    let refused = [
        Canned::of(
            &ModelError::ImageTooLarge {
                max_height: 1,
                max_width: 1,
            }
            .to_response(),
        ),
        Canned::of(&ModelError::internal_server_error().to_response()),
        Canned::new(
            503,
            &[("x-fal-error-type", "bad_request")],
            r#"{"detail":"Bad","error_type":"bad_request"}"#,
        ),
        Canned::new(503, &[("x-fal-needs-retry", "0")], r#"{"detail":"Busy"}"#),
        Canned::new(
            504,
            &[("x-fal-request-timeout-type", "user")],
            r#"{"detail":"Request timed out","error_type":"request_timeout"}"#,
        ),
    ];
    for sent in refused {
        let (count, last) = call_with_retries(vec![sent.clone(), ok()], 5);
        assert_eq!(count, 1, "{}", sent.body);
        assert_eq!(last.status().as_u16(), sent.status);
        assert!(!last.should_retry());
    }
}

#[test]
fn the_middleware_waits_as_retry_after_says_or_gives_up_past_its_cap() {
    let busy = |retry_after: &str| {
        Canned::new(
            429,
            &[("retry-after", retry_after)],
            r#"{"detail":"Slow down"}"#,
        )
    };
    let (count, last) = call_with_retries(vec![busy("0"), ok()], 3);
    assert_eq!((count, last.status()), (2, StatusCode::OK));

    let (count, last) = call_with_retries(vec![busy("3600"), ok()], 3);
    assert_eq!(
        count, 1,
        "an hour is past the 60 s cap: the 429 is returned"
    );
    assert_eq!(last.retry_after(), Some(Duration::from_secs(3600)));
    assert!(last.should_retry());
}
