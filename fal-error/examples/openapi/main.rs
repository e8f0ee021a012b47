//! Prints the example server's OpenAPI 3.1 document, the one it serves at
//! `GET /openapi.json`.
//!
//! ```text
//! cargo run -p fal-error --example openapi --features axum,utoipa,schemars > openapi.json
//! ```

#[allow(
    dead_code,
    reason = "only the document of the server is used here, not its main"
)]
#[path = "../server.rs"]
mod server;

use utoipa::OpenApi as _;

fn main() {
    match server::ApiDoc::openapi().to_pretty_json() {
        Ok(json) => println!("{json}"),
        Err(error) => eprintln!("could not write the document: {error}"),
    }
}
