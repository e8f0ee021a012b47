//! Behaviour of derived errors of every shape: the exact body bytes and headers that
//! each attribute produces.

use std::fmt;

use fal_error::{Catalog, CtxInfo, ErrorInfo, FalError, Loc, ModelError, Retryability};
use fal_error_tests::wire_parts;
use http::StatusCode;
use serde::Serialize;

/// Status, the headers in name order, and the body.
fn wire(error: &impl FalError) -> (u16, Vec<(String, String)>, String) {
    wire_parts(&error.to_response())
}

fn headers(retryable: &str) -> Vec<(String, String)> {
    vec![
        ("content-type".to_owned(), "application/json".to_owned()),
        ("x-fal-retryable".to_owned(), retryable.to_owned()),
    ]
}

#[derive(Debug, FalError)]
enum MyError {
    #[fal(type = "image_too_large", status = 422, retryable = false)]
    ImageTooLarge {
        #[fal(ctx)]
        max_height: u32,
        #[fal(ctx)]
        max_width: u32,
    },
}

#[test]
fn the_briefs_example_behaves_as_written() {
    let error = MyError::ImageTooLarge {
        max_height: 1024,
        max_width: 1024,
    };
    assert_eq!(error.error_type(), "image_too_large");
    assert_eq!(
        wire(&error),
        (
            422,
            headers("false"),
            r#"{"detail":[{"loc":["body"],"msg":"Image too large","type":"image_too_large","url":"https://docs.fal.ai/errors/#image_too_large","ctx":{"max_height":1024,"max_width":1024}}]}"#.to_owned()
        )
    );
}

/// Every shape of variant, with defaults and overrides.
#[derive(Debug, FalError)]
#[fal(doc_base = "https://docs.example.com/errors/")]
enum UpscaleError {
    /// The image is larger than the model accepts. (Not `image_too_large`: the embedded
    /// `ModelError` sends that type.)
    #[fal(type = "upscale_too_large", status = 422, retryable = false, loc = ["body", "image_url"], msg = "Image too large")]
    TooLarge {
        #[fal(ctx)]
        max_height: u32,
        #[fal(ctx)]
        max_width: u32,
        #[fal(input)]
        url: String,
    },
    #[fal(type = "lora_not_found", msg = "LoRA {name} was not found")]
    LoraNotFound {
        #[fal(ctx)]
        name: String,
    },
    #[fal(
        msg = "Scale {0} is not one of {1:?}",
        url = "https://docs.example.com/scales"
    )]
    BadScale(#[fal(input)] u32, #[fal(ctx, rename = "allowed")] Vec<u32>),
    QueueFull,
    #[fal(status = 503, retryable = true)]
    Overloaded,
    #[fal(transparent)]
    Model(ModelError),
}

#[test]
fn named_fields_with_every_variant_key() {
    let error = UpscaleError::TooLarge {
        max_height: 2048,
        max_width: 2048,
        url: "https://x.test/a.png".into(),
    };
    assert_eq!(
        wire(&error),
        (
            422,
            headers("false"),
            r#"{"detail":[{"loc":["body","image_url"],"msg":"Image too large","type":"upscale_too_large","url":"https://docs.example.com/errors/#upscale_too_large","ctx":{"max_height":2048,"max_width":2048},"input":"https://x.test/a.png"}]}"#.to_owned()
        )
    );
}

#[test]
fn msg_templates_name_fields() {
    let error = UpscaleError::LoraNotFound {
        name: "pixel-art".into(),
    };
    assert_eq!(error.msg(), "LoRA pixel-art was not found");
    assert_eq!(
        wire(&error).2,
        r#"{"detail":[{"loc":["body"],"msg":"LoRA pixel-art was not found","type":"lora_not_found","url":"https://docs.example.com/errors/#lora_not_found","ctx":{"name":"pixel-art"}}]}"#
    );
}

#[test]
fn tuple_fields_rename_and_url_override() {
    let error = UpscaleError::BadScale(3, vec![2, 4]).at("scale");
    assert_eq!(
        wire(&error).2,
        r#"{"detail":[{"loc":["body","scale"],"msg":"Scale 3 is not one of [2, 4]","type":"bad_scale","url":"https://docs.example.com/scales","ctx":{"allowed":[2,4]},"input":3}]}"#
    );
}

#[test]
fn unit_variants_default_everything() {
    assert_eq!(
        wire(&UpscaleError::QueueFull),
        (
            422,
            headers("false"),
            r#"{"detail":[{"loc":["body"],"msg":"Queue full","type":"queue_full","url":"https://docs.example.com/errors/#queue_full"}]}"#.to_owned()
        )
    );
    let overloaded = wire(&UpscaleError::Overloaded);
    assert_eq!((overloaded.0, overloaded.1), (503, headers("true")));
}

#[test]
fn transparent_delegates_everything() {
    let error = UpscaleError::Model(ModelError::internal_server_error()).with_input("x");
    assert_eq!(
        wire(&error),
        (
            500,
            headers("false"),
            r#"{"detail":[{"loc":["body"],"msg":"Internal server error","type":"internal_server_error","url":"https://docs.fal.ai/errors/#internal_server_error","input":"x"}]}"#.to_owned()
        )
    );
}

/// A domain enum nesting another derived enum that nests the built-ins.
#[derive(Debug, FalError)]
enum ServiceError {
    #[fal(transparent)]
    Upscale(UpscaleError),
    #[fal(transparent)]
    Boxed(Box<ServiceError>),
    #[fal(
        type = "maintenance",
        status = 503,
        retryable = true,
        msg = "Down for maintenance until {until}"
    )]
    Maintenance { until: String },
}

#[test]
fn transparent_nests_to_any_depth() {
    let inner = ServiceError::Upscale(UpscaleError::Model(ModelError::MultipleOf {
        multiple_of: 8.into(),
    }));
    let error = ServiceError::Boxed(Box::new(ServiceError::Boxed(Box::new(inner))))
        .at("width")
        .with_input(513);
    assert_eq!(
        wire(&error).2,
        r#"{"detail":[{"loc":["body","width"],"msg":"Input should be a multiple of 8","type":"multiple_of","url":"https://docs.fal.ai/errors/#multiple_of","ctx":{"multiple_of":8},"input":513}]}"#
    );
    let maintenance = ServiceError::Maintenance {
        until: "noon".into(),
    };
    assert_eq!(maintenance.msg(), "Down for maintenance until noon");
    assert_eq!(
        (maintenance.status(), maintenance.retryable()),
        (StatusCode::SERVICE_UNAVAILABLE, true)
    );
}

/// A struct is a single error.
#[derive(Debug, FalError)]
#[fal(
    type = "prompt_too_long",
    msg = "Prompt has {length} tokens, at most {max} are allowed"
)]
struct PromptTooLong {
    #[fal(ctx)]
    max: usize,
    length: usize,
    #[fal(input)]
    prompt: String,
    #[fal(skip)]
    _tokenizer: NotSerializable,
}

#[derive(Debug)]
struct NotSerializable;

#[test]
fn structs_skip_and_message_only_fields() {
    let error = PromptTooLong {
        max: 77,
        length: 80,
        prompt: "a cat".into(),
        _tokenizer: NotSerializable,
    }
    .at("prompt");
    assert_eq!(
        wire(&error).2,
        r#"{"detail":[{"loc":["body","prompt"],"msg":"Prompt has 80 tokens, at most 77 are allowed","type":"prompt_too_long","url":"https://docs.fal.ai/errors/#prompt_too_long","ctx":{"max":77},"input":"a cat"}]}"#
    );
}

/// Container defaults apply to every variant that does not set its own.
#[derive(Debug, FalError)]
#[fal(
    status = 503,
    retryable = true,
    doc_base = "https://docs.fal.ai/errors"
)]
enum Upstream {
    Unreachable,
    #[fal(status = 502, retryable = false)]
    BadGateway,
    #[fal(status = 400)]
    Rejected,
}

#[test]
fn container_defaults() {
    let unreachable = wire(&Upstream::Unreachable);
    assert_eq!((unreachable.0, unreachable.1), (503, headers("true")));
    assert_eq!(
        unreachable.2,
        r#"{"detail":[{"loc":["body"],"msg":"Unreachable","type":"unreachable","url":"https://docs.fal.ai/errors#unreachable"}]}"#
    );
    let bad_gateway = wire(&Upstream::BadGateway);
    assert_eq!((bad_gateway.0, bad_gateway.1), (502, headers("false")));
    let rejected = wire(&Upstream::Rejected);
    assert_eq!((rejected.0, rejected.1), (400, headers("true")));
}

/// Locations from a field, with list indexes.
#[derive(Debug, FalError)]
enum BatchError {
    #[fal(msg = "Image {index} could not be loaded")]
    ImageLoadError {
        #[fal(loc)]
        at: Loc,
        index: usize,
        #[fal(input, redact)]
        data: String,
    },
    #[fal(loc = ["body", "images", 0])]
    FirstImageMissing,
}

#[test]
fn loc_from_a_field_or_a_list_and_redacted_input() {
    let error = BatchError::ImageLoadError {
        at: Loc::body().key("images").index(2),
        index: 2,
        data: "secret".into(),
    };
    assert_eq!(
        wire(&error).2,
        r#"{"detail":[{"loc":["body","images",2],"msg":"Image 2 could not be loaded","type":"image_load_error","url":"https://docs.fal.ai/errors/#image_load_error"}]}"#
    );
    assert_eq!(
        BatchError::FirstImageMissing.loc(),
        Loc::body().key("images").index(0)
    );
}

/// Generic errors: bounds only where a field uses a parameter.
#[derive(Debug, FalError)]
enum Invalid<T, U> {
    #[fal(msg = "Invalid value {value}")]
    Value {
        #[fal(ctx)]
        value: T,
    },
    Other {
        #[fal(skip)]
        _detail: U,
    },
}

#[test]
fn generic_enums_need_only_the_bounds_they_use() {
    let error: Invalid<f64, NotSerializable> = Invalid::Value { value: 2.5 };
    assert_eq!(
        wire(&error).2,
        r#"{"detail":[{"loc":["body"],"msg":"Invalid value 2.5","type":"value","url":"https://docs.fal.ai/errors/#value","ctx":{"value":2.5}}]}"#
    );
    let other: Invalid<f64, NotSerializable> = Invalid::Other {
        _detail: NotSerializable,
    };
    assert_eq!(other.error_type(), "other");
}

/// With thiserror: messages written once, in `#[error]`.
#[derive(Debug, thiserror::Error, FalError)]
#[fal(display)]
enum LoraError {
    #[error("LoRA {name} was not found")]
    #[fal(type = "lora_not_found")]
    NotFound {
        #[fal(ctx)]
        name: String,
    },
    #[error("LoRA weights could not be read: {0}")]
    #[fal(status = 500, retryable = true)]
    Unreadable(#[source] std::io::Error),
    #[error("storage failed: {source}")]
    #[fal(status = 503, retryable = true, msg = "Storage failed: {source}")]
    Storage { source: std::io::Error },
    #[error(transparent)]
    #[fal(status = 500, retryable = false)]
    Other(std::io::Error),
    #[error("LoRA {0} is still loading")]
    #[fal(status = 503, retryable = true)]
    Loading(String),
}

#[test]
fn display_messages_from_thiserror() {
    let error = LoraError::NotFound {
        name: "anime".into(),
    };
    assert_eq!(error.to_string(), "LoRA anime was not found");
    assert_eq!(
        wire(&error).2,
        r#"{"detail":[{"loc":["body"],"msg":"LoRA anime was not found","type":"lora_not_found","url":"https://docs.fal.ai/errors/#lora_not_found","ctx":{"name":"anime"}}]}"#
    );
    assert_eq!(
        LoraError::Loading("anime".into()).msg(),
        "LoRA anime is still loading"
    );
}

#[test]
fn server_errors_do_not_leak_their_source_into_msg() {
    let unreadable = LoraError::Unreadable(std::io::Error::other("/secret/path on fire"));
    assert_eq!(
        unreadable.to_string(),
        "LoRA weights could not be read: /secret/path on fire"
    );
    assert_eq!(unreadable.msg(), "Unreadable");
    assert!(!unreadable.to_response().body().contains("secret"));
    assert_eq!(
        std::error::Error::source(&unreadable).map(ToString::to_string),
        Some("/secret/path on fire".to_owned())
    );
    let other = LoraError::Other(std::io::Error::other("/secret/path"));
    assert_eq!(other.msg(), "Other");
    let named = LoraError::Storage {
        source: std::io::Error::other("bucket gone"),
    };
    assert_eq!(named.msg(), "Storage failed: bucket gone");
}

/// A variant-level switch beside a hand-written `Display`.
#[derive(Debug, FalError)]
enum Mixed {
    #[fal(display)]
    Custom {
        count: u32,
    },
    Plain,
}

impl fmt::Display for Mixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mixed::Custom { count } => write!(f, "{count} things went wrong"),
            Mixed::Plain => f.write_str("plain"),
        }
    }
}

#[test]
fn variant_level_display_switch() {
    assert_eq!(Mixed::Custom { count: 3 }.msg(), "3 things went wrong");
    assert_eq!(Mixed::Plain.msg(), "Plain");
}

/// The re-exported crate path.
mod reexported {
    pub use fal_error as errors;
}

#[derive(Debug, fal_error::FalError)]
#[fal(crate = reexported::errors)]
struct Renamed;

#[test]
fn crate_path_for_reexports() {
    assert_eq!(Renamed.error_type(), "renamed");
}

/// A retry choice made where the error is raised.
#[derive(Debug, FalError)]
#[fal(status = 504)]
struct Timeout {
    #[fal(retryable)]
    retry: bool,
}

#[test]
fn retryable_field_and_needs_retry() {
    assert_eq!(wire(&Timeout { retry: true }).1, headers("true"));
    assert_eq!(wire(&Timeout { retry: false }).1, headers("false"));
    let response = Timeout { retry: false }
        .with_needs_retry(true)
        .to_response();
    assert_eq!(response.headers()["x-fal-needs-retry"], "1");
}

#[derive(Debug, Serialize)]
struct Point {
    x: f64,
    y: f64,
}

#[derive(Debug, FalError)]
enum Geometry {
    OutOfBounds {
        #[fal(ctx)]
        point: Point,
    },
}

#[test]
fn ctx_values_are_any_serialize_type() {
    let error = Geometry::OutOfBounds {
        point: Point { x: 1.5, y: -2.0 },
    };
    assert_eq!(
        wire(&error).2,
        r#"{"detail":[{"loc":["body"],"msg":"Out of bounds","type":"out_of_bounds","url":"https://docs.fal.ai/errors/#out_of_bounds","ctx":{"point":{"x":1.5,"y":-2.0}}}]}"#
    );
}

#[test]
fn derived_catalogs_include_transparent_types() {
    let catalog = Catalog::of::<UpscaleError>();
    assert_eq!(catalog.entries().len(), 5 + 31);
    assert_eq!(
        catalog.entries()[0],
        ErrorInfo {
            error_type: "upscale_too_large",
            status: 422,
            retryable: Retryability::Fixed(false),
            ctx: &[
                CtxInfo {
                    key: "max_height",
                    json_type: "integer",
                    doc: ""
                },
                CtxInfo {
                    key: "max_width",
                    json_type: "integer",
                    doc: ""
                },
            ],
            url: "https://docs.example.com/errors/#upscale_too_large",
            msg: "Image too large",
            doc: "The image is larger than the model accepts. (Not `image_too_large`: the embedded\n`ModelError` sends that type.)",
        }
    );
    assert_eq!(
        catalog.get("bad_scale").map(|entry| entry.msg),
        Some("Scale {0} is not one of {1:?}")
    );
    assert_eq!(
        Catalog::of::<Timeout>().entries()[0].retryable,
        Retryability::RaiseSite
    );
}

/// Format specs as in `format!`: a field used twice, and widths and precisions from
/// fields.
#[derive(Debug, FalError)]
enum Formatted {
    #[fal(msg = "[{0:>5}|{0:?}]")]
    Twice(u8),
    #[fal(msg = "[{name:>width$}] {ratio:.precision$} {{literal}}")]
    Widths {
        name: String,
        width: usize,
        ratio: f64,
        precision: usize,
    },
    #[fal(msg = "[{0:1$}]")]
    Positional(u8, usize),
}

#[test]
fn format_specs_as_in_format() {
    assert_eq!(Formatted::Twice(7).msg(), "[    7|7]");
    let widths = Formatted::Widths {
        name: "ab".into(),
        width: 4,
        ratio: 0.123456,
        precision: 2,
    };
    assert_eq!(widths.msg(), "[  ab] 0.12 {literal}");
    assert_eq!(Formatted::Positional(3, 3).msg(), "[  3]");
    assert_eq!(
        Catalog::of::<Formatted>()
            .get("widths")
            .map(|entry| entry.msg),
        Some("[{name:>width$}] {ratio:.precision$} {{literal}}")
    );
}

/// A field whose name looks like a generated binding, and a raw identifier.
#[derive(Debug, FalError)]
#[fal(msg = "{__fal_x} {type}")]
struct Awkward {
    #[fal(ctx)]
    __fal_x: u8,
    #[fal(ctx)]
    r#type: String,
}

#[test]
fn awkward_field_names() {
    let error = Awkward {
        __fal_x: 1,
        r#type: "t".into(),
    };
    assert_eq!(
        error.to_response().body(),
        r#"{"detail":[{"loc":["body"],"msg":"1 t","type":"awkward","url":"https://docs.fal.ai/errors/#awkward","ctx":{"__fal_x":1,"type":"t"}}]}"#
    );
}

/// Generic enums whose messages come from `Display`, and that hold themselves.
#[derive(Debug, thiserror::Error, FalError)]
#[fal(display)]
enum Described<T: fmt::Debug + fmt::Display> {
    #[error("bad {0}")]
    Bad(T),
}

#[derive(Debug, FalError)]
enum Tree<T> {
    #[fal(transparent)]
    Inner(Box<Tree<T>>),
    Leaf {
        #[fal(ctx)]
        value: T,
    },
    #[fal(transparent)]
    Builtin(Box<ModelError>),
}

#[test]
fn generic_display_and_self_holding_enums() {
    assert_eq!(Described::Bad(3).msg(), "bad 3");
    let tree = Tree::Inner(Box::new(Tree::Leaf { value: 2.5 }));
    assert_eq!(
        tree.to_response().body(),
        r#"{"detail":[{"loc":["body"],"msg":"Leaf","type":"leaf","url":"https://docs.fal.ai/errors/#leaf","ctx":{"value":2.5}}]}"#
    );
    let builtin: Tree<f64> = Tree::Builtin(Box::new(ModelError::ImageLoadError));
    assert_eq!(builtin.error_type(), "image_load_error");
    let catalog = Catalog::of::<Tree<f64>>();
    assert_eq!(
        catalog.entries().len(),
        1 + 31,
        "the leaf and the boxed built-ins"
    );
}

/// No inner error, ctx field or input field: the trait's own answers.
#[derive(Debug, FalError)]
enum Bare {
    Busy,
    #[fal(msg = "busy for {seconds} s")]
    BusyFor {
        seconds: u32,
    },
}

#[derive(Debug, FalError)]
enum HoldsBare {
    #[fal(transparent)]
    Inner(fal_error::Located<Bare>),
}

#[test]
fn methods_without_fields_to_read_answer_as_the_trait_does() {
    let bare = Bare::BusyFor { seconds: 3 };
    assert_eq!(bare.msg(), "busy for 3 s");
    assert_eq!(bare.needs_retry(), None);
    assert!(bare.input().is_none());
    assert_eq!(bare.input_value(), None);
    assert_eq!(bare.ctx(), None);
    let mut visited = 0;
    bare.visit_ctx(&mut |_, _| visited += 1);
    assert_eq!(visited, 0);
    assert_eq!(
        wire(&Bare::Busy).2,
        r#"{"detail":[{"loc":["body"],"msg":"Busy","type":"busy","url":"https://docs.fal.ai/errors/#busy"}]}"#
    );

    let held = HoldsBare::Inner(bare.with_needs_retry(true).with_input(7));
    assert_eq!(held.needs_retry(), Some(true));
    assert_eq!(held.input_value(), Some(serde_json::json!(7)));
    assert_eq!(held.msg(), "busy for 3 s");
    assert_eq!(
        wire(&held).2,
        r#"{"detail":[{"loc":["body"],"msg":"busy for 3 s","type":"busy_for","url":"https://docs.fal.ai/errors/#busy_for","input":7}]}"#
    );
}
