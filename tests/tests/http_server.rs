//! The example server as it runs in production (`main`'s `serve`: hyper with a
//! header-read timeout, the app behind its concurrency limit, request timeout and
//! `FalLayer`), over real HTTP on 127.0.0.1.

mod http_cases;

use std::net::SocketAddr;
use std::time::Duration;

use http_cases::server;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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
