//! The README's `curl -s -i` transcripts of the example server, replayed against the
//! server over real HTTP: each command's status line, headers (all but `date`, in the
//! order sent) and body must be exactly what the README prints.
//! `FAL_ERROR_BLESS=1` writes the server's answers into the README instead.

mod http_cases;

use std::net::SocketAddr;

use http_body_util::Full;
use hyper::body::Bytes;

const README: &str = include_str!("../../README.md");

/// One `$ command` of the transcript and the output printed under it.
struct Transcript {
    command: String,
    output: String,
}

/// The transcripts of the fenced block that follows "Responses as `curl -s -i` prints them".
fn transcripts() -> Vec<Transcript> {
    let (_, after) = README
        .split_once("Responses as `curl -s -i` prints them")
        .expect("the README shows the example server's responses");
    let block = after
        .split_once("```text\n")
        .and_then(|(_, block)| block.split_once("\n```"))
        .map(|(block, _)| block)
        .expect("a fenced text block of transcripts");
    let mut transcripts: Vec<Transcript> = Vec::new();
    for line in block.lines() {
        if let Some(command) = line.strip_prefix("$ ") {
            transcripts.push(Transcript {
                command: command.to_owned(),
                output: String::new(),
            });
        } else if let Some(transcript) = transcripts.last_mut() {
            transcript.output.push_str(line);
            transcript.output.push('\n');
        }
    }
    for transcript in &mut transcripts {
        transcript.output = transcript.output.trim_end().to_owned();
    }
    transcripts
}

/// The words of a shell command, `'...'` quoting only (what the transcripts use).
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    for ch in command.chars() {
        match ch {
            '\'' => {
                quoted = !quoted;
                word.get_or_insert_with(String::new);
            }
            ' ' if !quoted => words.extend(word.take()),
            _ => word.get_or_insert_with(String::new).push(ch),
        }
    }
    words.extend(word);
    words
}

/// The request `curl` sends for `command`: a `head -c N /dev/zero | tr '\0' ' ' |` prefix
/// feeds N spaces to `--data-binary @-`; `-d` without a `content-type` header sends
/// curl's form type, as curl does.
fn request(command: &str, server: SocketAddr) -> http::Request<Full<Bytes>> {
    let words = words(command);
    let stdin = match words.as_slice() {
        [head, c, count, zero, ..] if head == "head" && c == "-c" && zero == "/dev/zero" => {
            " ".repeat(count.parse().expect("a byte count"))
        }
        _ => String::new(),
    };
    let curl = words
        .iter()
        .position(|word| word == "curl")
        .expect("a curl command");
    let mut url = None;
    let mut headers = Vec::new();
    let mut body = None;
    let mut args = words[curl + 1..].iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-s" | "-i" => {}
            "-H" => headers.push(args.next().expect("a header").clone()),
            "-d" => body = Some(args.next().expect("a body").clone()),
            "--data-binary" => {
                assert_eq!(args.next().map(String::as_str), Some("@-"));
                body = Some(stdin.clone());
            }
            other => url = Some(other.to_owned()),
        }
    }
    let url = url.expect("a URL");
    let path = url
        .strip_prefix("http://127.0.0.1:8080")
        .expect("the example server's address");
    let method = if body.is_some() { "POST" } else { "GET" };
    let mut request = http::Request::builder()
        .method(method)
        .uri(path)
        .header(http::header::HOST, server.to_string());
    let mut has_content_type = false;
    for header in &headers {
        let (name, value) = header.split_once(": ").expect("a `name: value` header");
        has_content_type |= name.eq_ignore_ascii_case("content-type");
        request = request.header(name, value);
    }
    if body.is_some() && !has_content_type {
        request = request.header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        );
    }
    request
        .body(Full::new(Bytes::from(body.unwrap_or_default())))
        .expect("a valid request")
}

/// A reply as `curl -s -i` prints it, without the `date` header.
fn printed(reply: &http_cases::Reply) -> String {
    let status = http::StatusCode::from_u16(reply.status).expect("a status");
    let mut printed = format!(
        "HTTP/1.1 {} {}\n",
        status.as_str(),
        status.canonical_reason().unwrap_or_default()
    );
    for (name, value) in &reply.headers {
        if name != http::header::DATE {
            let value = value.to_str().expect("a text header");
            printed.push_str(&format!("{name}: {value}\n"));
        }
    }
    printed.push('\n');
    printed.push_str(&String::from_utf8_lossy(&reply.body));
    printed
}

#[test]
fn the_readme_prints_what_the_example_server_sends() {
    let server = http_cases::serve_axum(http_cases::server::app());
    let transcripts = transcripts();
    assert_eq!(
        transcripts.len(),
        11,
        "every transcript of the README is replayed"
    );
    let mut blessed = String::new();
    for transcript in &transcripts {
        let reply = http_cases::block_on(http_cases::exchange_until_read(server, || {
            request(&transcript.command, server)
        }));
        let printed = printed(&reply);
        if std::env::var_os("FAL_ERROR_BLESS").is_some() {
            blessed.push_str(&format!("$ {}\n{printed}\n\n", transcript.command));
            continue;
        }
        assert_eq!(
            printed, transcript.output,
            "the README's output of `{}`",
            transcript.command
        );
    }
    if !blessed.is_empty() {
        bless(blessed.trim_end());
    }
}

/// Replaces the README's transcripts with `blessed`.
fn bless(blessed: &str) {
    let (before, after) = README
        .split_once("Responses as `curl -s -i` prints them")
        .expect("the README shows the example server's responses");
    let (intro, block) = after.split_once("```text\n").expect("a fenced block");
    let (_, rest) = block.split_once("\n```").expect("a closed fenced block");
    let readme = format!(
        "{before}Responses as `curl -s -i` prints them{intro}```text\n{blessed}\n```{rest}"
    );
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
    std::fs::write(path, readme).expect("writing the README");
}

#[test]
fn a_wrong_readme_output_is_caught() {
    let server = http_cases::serve_axum(http_cases::server::app());
    let transcript = &transcripts()[0];
    let reply = http_cases::block_on(http_cases::exchange(
        server,
        request(
            &transcript.command.replace("\"scale\": 2", "\"scale\": 4"),
            server,
        ),
    ));
    assert_ne!(printed(&reply), transcript.output);
}
