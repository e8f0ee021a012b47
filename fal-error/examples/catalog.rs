//! Prints the reference page of the built-in errors, rendered from the code.
//!
//! `cargo run --example catalog` prints Markdown shaped like fal's model-errors page;
//! `cargo run --example catalog -- --json` prints one JSON object per type.

use fal_error::{Catalog, ModelError};

fn main() {
    let catalog = Catalog::of::<ModelError>();
    if std::env::args()
        .skip(1)
        .any(|argument| argument == "--json")
    {
        match serde_json::to_string_pretty(&catalog) {
            Ok(json) => println!("{json}"),
            Err(error) => eprintln!("could not write the catalog: {error}"),
        }
    } else {
        print!("{}", catalog.to_markdown("Model Errors"));
    }
}
