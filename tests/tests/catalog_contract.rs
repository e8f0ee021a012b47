//! The catalog as a contract: the built-in types' JSON is committed
//! (`tests/fixtures/catalog/builtin.json`), and a release that removes a type or changes
//! its status, retryability or ctx keys fails here. Regenerate deliberately with
//! `FAL_ERROR_OVERWRITE_CATALOG=1 cargo test -p fal-error-tests --test catalog_contract`.

use fal_error::json::JsonRejection;
use fal_error::{Catalog, FalError, ModelError, RequestError};
use fal_error_tests::fixture;
use serde_json::{Value, json};

fn builtin() -> Catalog {
    Catalog::of::<(ModelError, JsonRejection, RequestError)>()
}

#[test]
fn the_builtin_catalog_is_the_committed_one() {
    let current = serde_json::to_string_pretty(&builtin()).expect("the catalog as JSON") + "\n";
    if std::env::var_os("FAL_ERROR_OVERWRITE_CATALOG").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/catalog/builtin.json");
        std::fs::write(path, &current).expect("writing the snapshot");
    }
    let committed = fixture("catalog/builtin.json");
    assert_eq!(builtin().check_compatible(&committed), Ok(()));
    assert_eq!(
        current, committed,
        "the catalog changed: review, then regenerate"
    );
    let entries: Vec<Value> = serde_json::from_str(&committed).expect("a JSON list");
    // 31 model errors, the extractor's 17 own types and pydantic's 5 names, 13 request
    // errors.
    assert_eq!(entries.len(), 31 + 17 + 5 + 13);
}

/// The committed snapshot with one entry edited by `edit`.
fn edited(error_type: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut entries: Vec<Value> =
        serde_json::from_str(&fixture("catalog/builtin.json")).expect("a JSON list");
    let entry = entries
        .iter_mut()
        .find(|entry| entry["type"] == error_type)
        .expect("a committed type");
    edit(entry);
    serde_json::to_string(&entries).expect("JSON")
}

fn changes(committed: &str) -> Vec<String> {
    builtin()
        .check_compatible(committed)
        .map_err(|changes| changes.0)
        .err()
        .unwrap_or_default()
}

#[test]
fn a_removed_type_breaks_the_contract() {
    let committed = edited("image_too_large", |entry| {
        entry["type"] = json!("image_too_big")
    });
    assert_eq!(changes(&committed), ["`image_too_big` was removed"]);
    let committed = edited("request_timeout", |entry| {
        entry["type"] = json!("timed_out")
    });
    assert_eq!(changes(&committed), ["`timed_out` was removed"]);
}

#[test]
fn a_changed_status_retryability_or_ctx_breaks_the_contract() {
    let committed = edited("file_too_large", |entry| {
        entry["status"] = json!(413);
        entry["ctx"] = json!(["max_bytes"]);
        entry["ctx_types"] = json!({"max_bytes": "integer"});
    });
    assert_eq!(
        changes(&committed),
        [
            "`file_too_large`: status was 413, is now 422",
            r#"`file_too_large`: ctx was ["max_bytes"], is now ["max_size"]"#,
            r#"`file_too_large`: ctx_types was {"max_bytes":"integer"}, is now {"max_size":"integer"}"#,
        ]
    );
    let committed = edited("runner_disconnected", |entry| {
        entry["retryable"] = json!(false)
    });
    assert_eq!(
        changes(&committed),
        ["`runner_disconnected`: retryable was false, is now true"]
    );
    let committed = edited("generation_timeout", |entry| {
        entry["retryable"] = json!(true)
    });
    assert_eq!(
        changes(&committed),
        [r#"`generation_timeout`: retryable was true, is now "raise_site""#]
    );
}

#[test]
fn new_types_and_new_wording_keep_the_contract() {
    let committed = edited("one_of", |entry| {
        entry["msg"] = json!("Input should be one of {expected}");
        entry["description"] = json!("An older description.");
    });
    assert_eq!(changes(&committed), Vec::<String>::new());

    // Only its catalog is read: the variants are never built.
    #[allow(dead_code)]
    #[derive(Debug, FalError)]
    enum Upscale {
        #[fal(type = "gpu_busy", status = 503, retryable = true)]
        GpuBusy,
        #[fal(transparent)]
        Model(ModelError),
    }
    assert_eq!(Upscale::GpuBusy.status(), 503);
    assert_eq!(Upscale::Model(ModelError::ImageLoadError).status(), 422);
    let committed = serde_json::to_string(&Catalog::of::<ModelError>()).expect("JSON");
    assert_eq!(
        Catalog::of::<Upscale>().check_compatible(&committed),
        Ok(())
    );
    assert_eq!(
        Catalog::of::<ModelError>()
            .check_compatible(&serde_json::to_string(&Catalog::of::<Upscale>()).expect("JSON"))
            .map_err(|changes| changes.to_string()),
        Err("`gpu_busy` was removed".to_owned())
    );
}

#[test]
fn a_file_that_is_not_a_catalog_is_reported() {
    assert_eq!(
        changes("{}"),
        [
            "the committed catalog is not a catalog's JSON: invalid type: map, expected a sequence at line 1 column 0"
        ]
    );
}
