//! The committed fuzz corpus (`fuzz/corpus/<target>/`), replayed on stable through the
//! same checks the cargo-fuzz targets run.

#[path = "../../fuzz/checks.rs"]
mod checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut entries: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|error| panic!("reading {}: {error}", folder.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    assert!(
        entries.len() >= 5,
        "{target}: only {} inputs",
        entries.len()
    );
    for path in entries {
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{} failed", path.display());
    }
}

#[test]
fn received_parse_corpus() {
    replay("received_parse", checks::received_parse);
}

#[test]
fn json_from_body_corpus() {
    replay("json_from_body", checks::json_from_body);
}

#[test]
fn echo_corpus() {
    replay("echo", checks::echo);
}
