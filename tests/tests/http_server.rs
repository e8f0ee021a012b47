//! The example server as it runs in production (`main`'s `serve`: hyper with a
//! header-read timeout, the app behind its concurrency limit, request timeout and
//! `FalLayer`), over real HTTP on 127.0.0.1.

mod http_cases;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::routing::post;
use http_cases::server;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{Semaphore, mpsc};

/// The example's `serve` on an ephemeral port, on a thread of its own.
fn serve(header_read_timeout: Duration) -> SocketAddr {
    http_cases::serve_on_thread(move |listener| {
        server::serve(listener, server::app(), header_read_timeout)
    })
}

#[test]
fn the_example_answers_every_path_in_fals_shape() {
    let address = serve(server::HEADER_READ_TIMEOUT);
    let reply = http_cases::call(address, "GET", "/upscale/v2");
    assert_eq!(reply.status, 404);
    assert_eq!(reply.body, br#"{"detail":"Path /upscale/v2 not found"}"#);
    assert_eq!(
        http_cases::fal_headers(&reply.headers),
        [
            ("x-fal-billable-units".to_owned(), "0".to_owned()),
            ("x-fal-retryable".to_owned(), "false".to_owned()),
        ]
    );
    let reply = http_cases::call(address, "GET", "/upscale");
    assert_eq!(reply.status, 405);
    assert_eq!(reply.body, br#"{"detail":"Method Not Allowed"}"#);
    assert_eq!(reply.headers["allow"], "POST");
}

#[test]
fn a_body_over_the_limit_is_refused_before_it_is_read() {
    let address = serve(server::HEADER_READ_TIMEOUT);
    let reply = http_cases::block_on(async {
        let mut stream = tokio::net::TcpStream::connect(address)
            .await
            .expect("connecting");
        // Only the headers are sent: the refusal comes from the declared length.
        let head = format!(
            "POST /upscale HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            server::MAX_BODY_BYTES + 1
        );
        stream.write_all(head.as_bytes()).await.expect("writing");
        let mut reply = String::new();
        stream.read_to_string(&mut reply).await.expect("reading");
        reply
    });
    assert!(reply.starts_with("HTTP/1.1 422 "), "{reply}");
    assert!(reply.contains("\r\nx-fal-billable-units: 0\r\n"), "{reply}");
    assert!(
        reply.ends_with(r#"{"detail":[{"loc":["body"],"msg":"File too large","type":"file_too_large","url":"https://docs.fal.ai/errors/#file_too_large","ctx":{"max_size":1048576}}]}"#),
        "{reply}"
    );
}

#[test]
fn a_connection_that_never_finishes_its_headers_is_closed() {
    let address = serve(Duration::from_millis(100));
    let read = http_cases::block_on(async {
        let mut stream = tokio::net::TcpStream::connect(address)
            .await
            .expect("connecting");
        stream
            .write_all(b"POST /upscale HTTP/1.1\r\nhost: x\r\n")
            .await
            .expect("writing half a request");
        let mut rest = Vec::new();
        // Without the header timeout the server would wait forever; the test gives up
        // after a minute rather than hang.
        tokio::time::timeout(Duration::from_secs(60), stream.read_to_end(&mut rest))
            .await
            .map(|read| (read.map_err(|error| error.kind()), rest))
    });
    let (read, rest) = read.expect("the server closed the connection");
    assert!(
        matches!(read, Ok(_) | Err(std::io::ErrorKind::ConnectionReset)),
        "{read:?}"
    );
    assert!(
        rest.is_empty() || rest.starts_with(b"HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&rest)
    );
}

/// What the handler of `POST /hold` sees: how many requests are in it, the most at once,
/// and one message per entry; each request stays until the test releases a permit.
#[derive(Clone)]
struct Hold {
    in_handler: Arc<AtomicUsize>,
    most: Arc<AtomicUsize>,
    entered: mpsc::UnboundedSender<()>,
    release: Arc<Semaphore>,
}

impl Hold {
    async fn handle(self) -> &'static str {
        let now = self.in_handler.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
        self.entered.send(()).expect("the test listens");
        self.release
            .acquire()
            .await
            .expect("the semaphore stays open")
            .forget();
        self.in_handler.fetch_sub(1, Ordering::SeqCst);
        "released"
    }
}

/// `routes` behind the example's layers (with `request_timeout`), and outermost a probe
/// that reports each request once the whole stack has been polled for it: from then on
/// it is either in a handler or waiting for a slot.
fn serve_layered(
    routes: Router,
    request_timeout: Duration,
    polled: mpsc::UnboundedSender<()>,
) -> SocketAddr {
    let probe = move |request: axum::extract::Request, next: axum::middleware::Next| {
        let polled = polled.clone();
        async move {
            let mut response = std::pin::pin!(next.run(request));
            let mut first = true;
            std::future::poll_fn(|cx| {
                let poll = response.as_mut().poll(cx);
                if std::mem::take(&mut first) {
                    polled.send(()).expect("the test listens");
                }
                poll
            })
            .await
        }
    };
    let app = server::layered(routes, request_timeout).layer(axum::middleware::from_fn(probe));
    http_cases::serve_on_thread(move |listener| {
        server::serve(listener, app, server::HEADER_READ_TIMEOUT)
    })
}

/// One more request than the limit: it is not refused (a 503 would make fal recycle the
/// runner) but waits for a slot, and enters the handler when a running request ends.
#[test]
fn a_request_over_the_concurrency_limit_waits_for_a_slot() {
    const LIMIT: usize = server::MAX_CONCURRENT_REQUESTS;
    let (entered, mut entries) = mpsc::unbounded_channel();
    let (polled, mut polls) = mpsc::unbounded_channel();
    let hold = Hold {
        in_handler: Arc::default(),
        most: Arc::default(),
        entered,
        release: Arc::new(Semaphore::new(0)),
    };
    let routes = Router::new().route(
        "/hold",
        post({
            let hold = hold.clone();
            move || hold.clone().handle()
        }),
    );
    let address = serve_layered(routes, server::REQUEST_TIMEOUT, polled);
    http_cases::block_on(async {
        let requests: Vec<_> = (0..=LIMIT)
            .map(|_| tokio::spawn(http_cases::post(address, "/hold", None, Vec::new())))
            .collect();
        for _ in 0..=LIMIT {
            polls.recv().await.expect("a probe");
        }
        assert_eq!(hold.in_handler.load(Ordering::SeqCst), LIMIT);
        for _ in 0..LIMIT {
            entries.recv().await.expect("an entry");
        }
        assert!(entries.try_recv().is_err(), "one request waits for a slot");

        hold.release.add_permits(1);
        entries.recv().await.expect("the waiting request enters");
        hold.release.add_permits(LIMIT);
        for request in requests {
            let reply = request.await.expect("the client task");
            assert_eq!((reply.status, &reply.body[..]), (200, &b"released"[..]));
        }
    });
    assert_eq!(hold.most.load(Ordering::SeqCst), LIMIT);
}

/// A request stuck in the model, or waiting for a slot behind stuck ones, is answered
/// with `generation_timeout` when the request timeout ends it, and gives its slot back.
#[test]
fn the_request_timeout_answers_stuck_and_waiting_requests_and_frees_their_slots() {
    const LIMIT: usize = server::MAX_CONCURRENT_REQUESTS;
    let (polled, _polls) = mpsc::unbounded_channel();
    let routes = Router::new()
        .route("/stuck", post(std::future::pending::<&'static str>))
        .route("/quick", post(|| async { "quick" }));
    let address = serve_layered(routes, Duration::from_millis(50), polled);
    http_cases::block_on(async {
        let requests: Vec<_> = (0..=LIMIT)
            .map(|_| tokio::spawn(http_cases::post(address, "/stuck", None, Vec::new())))
            .collect();
        for request in requests {
            let reply = request.await.expect("the client task");
            assert_eq!(reply.status, 504);
            assert_eq!(
                reply.body,
                br#"{"detail":[{"loc":["body"],"msg":"Generation timeout","type":"generation_timeout","url":"https://docs.fal.ai/errors/#generation_timeout"}]}"#
            );
        }
        let reply = http_cases::post(address, "/quick", None, Vec::new()).await;
        assert_eq!((reply.status, &reply.body[..]), (200, &b"quick"[..]));
    });
}
