//! The catalog rendered from code: the reference page and its JSON form, for the
//! built-ins and for a user's own enum.

use fal_error::{Catalog, FalError, ModelError};
use serde_json::json;

#[test]
fn a_builtin_section_reads_like_the_spec_page() {
    let page = Catalog::of::<ModelError>().to_markdown("Model Errors");
    let section = page
        .split("\n##### ")
        .find(|section| section.starts_with("`image_too_large`"))
        .unwrap();
    assert_eq!(
        section,
        r#"`image_too_large`

This error indicates that the provided image dimensions exceed the maximum allowed limits.

* **Status Code:** 422
* **Retryable:** `false`.
* **Context (`ctx`):**
  * `max_height` (integer): The maximum allowed height in pixels.
  * `max_width` (integer): The maximum allowed width in pixels.

```json
[
  {
    "loc": ["body"],
    "msg": "Image too large",
    "type": "image_too_large",
    "url": "https://docs.fal.ai/errors/#image_too_large",
    "ctx": {
      "max_height": "<integer>",
      "max_width": "<integer>"
    }
  }
]
```
"#
    );
    assert!(page.starts_with("# Model Errors\n\n##### `internal_server_error`\n"));
    assert_eq!(page.matches("\n##### `").count(), 31);
    assert!(page.contains("* **Retryable:** Can be `true` or `false`.\n"));
}

#[test]
fn the_json_catalog_lists_every_type() {
    let json = serde_json::to_value(Catalog::of::<ModelError>()).unwrap();
    let entries = json.as_array().unwrap();
    assert_eq!(entries.len(), 31);
    let one_of = entries
        .iter()
        .find(|entry| entry["type"] == "one_of")
        .unwrap();
    assert_eq!(
        one_of,
        &json!({
            "type": "one_of",
            "status": 422,
            "retryable": false,
            "ctx": ["expected"],
            "ctx_types": {"expected": "array"},
            "url": "https://docs.fal.ai/errors/#one_of",
            "msg": "Input should be {expected}",
            "description": "This error indicates that the input value provided for a field is not among the set of allowed values."
        })
    );
    let durations = entries
        .iter()
        .find(|entry| entry["type"] == "audio_duration_too_long")
        .unwrap();
    assert_eq!(
        durations["ctx"],
        json!(["max_duration", "provided_duration"])
    );
    assert_eq!(
        durations["ctx_types"],
        json!({"max_duration": "number", "provided_duration": "number"})
    );
}

/// A user's own errors, documented on the page their URLs point at.
#[derive(Debug, FalError)]
#[fal(doc_base = "https://docs.example.com/errors/")]
enum UpscaleError {
    /// The requested LoRA is not installed on this endpoint.
    #[fal(type = "lora_not_found", msg = "LoRA {name} was not found")]
    LoraNotFound {
        /// The LoRA's name as requested.
        #[fal(ctx)]
        name: String,
    },
    /// The GPU ran out of memory.
    #[fal(status = 503, retryable = true)]
    GpuOutOfMemory,
}

#[test]
fn a_user_renders_their_own_page_with_one_call() {
    assert_eq!(
        Catalog::of::<UpscaleError>().to_markdown("Upscaler errors"),
        r#"# Upscaler errors

##### `lora_not_found`

The requested LoRA is not installed on this endpoint.

* **Status Code:** 422
* **Retryable:** `false`.
* **Context (`ctx`):**
  * `name` (string): The LoRA's name as requested.

```json
[
  {
    "loc": ["body"],
    "msg": "LoRA {name} was not found",
    "type": "lora_not_found",
    "url": "https://docs.example.com/errors/#lora_not_found",
    "ctx": {
      "name": "<string>"
    }
  }
]
```

##### `gpu_out_of_memory`

The GPU ran out of memory.

* **Status Code:** 503
* **Retryable:** `true`.
* **Context (`ctx`):** None

```json
[
  {
    "loc": ["body"],
    "msg": "Gpu out of memory",
    "type": "gpu_out_of_memory",
    "url": "https://docs.example.com/errors/#gpu_out_of_memory"
  }
]
```
"#
    );
    assert!(UpscaleError::GpuOutOfMemory.retryable());
    let error = UpscaleError::LoraNotFound { name: "x".into() };
    assert_eq!(
        error.url(),
        Catalog::of::<UpscaleError>()
            .get("lora_not_found")
            .unwrap()
            .url
    );
}
