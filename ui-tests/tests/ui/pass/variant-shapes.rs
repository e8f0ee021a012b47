// Named, tuple and unit variants, a struct, and `msg` templates: `{name}`, `{0}`,
// `{name:?}`, `{x:>5}`, `{{`.
use fal_error::FalError;

#[derive(Debug, FalError)]
enum ShapeError {
    #[fal(msg = "LoRA {name} was not found")]
    LoraNotFound {
        #[fal(ctx)]
        name: String,
    },
    #[fal(type = "bad_scale", msg = "Scale {0} is not one of {1:?}")]
    BadScale(#[fal(input)] u32, #[fal(ctx, rename = "allowed")] Vec<u32>),
    Busy,
    #[fal(msg = "Seed [{seed:>5}] is {{reserved}}, try {next:?}")]
    ReservedSeed {
        seed: u64,
        next: Option<u64>,
    },
}

/// A struct is a single error.
#[derive(Debug, FalError)]
#[fal(
    type = "prompt_too_long",
    msg = "Prompt has {length} tokens, at most {max} are allowed"
)]
struct PromptTooLong {
    #[fal(ctx)]
    max: u32,
    #[fal(input)]
    prompt: String,
    length: usize,
}

#[derive(Debug, FalError)]
struct Unit;

fn main() {
    let lora = ShapeError::LoraNotFound {
        name: "ghibli".into(),
    };
    assert_eq!(
        lora.to_response().body(),
        r#"{"detail":[{"loc":["body"],"msg":"LoRA ghibli was not found","type":"lora_not_found","url":"https://docs.fal.ai/errors/#lora_not_found","ctx":{"name":"ghibli"}}]}"#,
    );

    let scale = ShapeError::BadScale(3, vec![2, 4]);
    assert_eq!(
        scale.to_response().body(),
        r#"{"detail":[{"loc":["body"],"msg":"Scale 3 is not one of [2, 4]","type":"bad_scale","url":"https://docs.fal.ai/errors/#bad_scale","ctx":{"allowed":[2,4]},"input":3}]}"#,
    );

    let busy = ShapeError::Busy;
    assert_eq!(busy.status(), 422);
    assert!(!busy.retryable());
    assert_eq!(
        busy.to_response().body(),
        r#"{"detail":[{"loc":["body"],"msg":"Busy","type":"busy","url":"https://docs.fal.ai/errors/#busy"}]}"#,
    );

    let seed = ShapeError::ReservedSeed {
        seed: 42,
        next: Some(43),
    };
    assert_eq!(seed.error_type(), "reserved_seed");
    assert_eq!(seed.msg(), "Seed [   42] is {reserved}, try Some(43)");
    assert_eq!(seed.ctx(), None);

    let prompt = PromptTooLong {
        max: 77,
        prompt: "a cat".into(),
        length: 120,
    };
    assert_eq!(
        prompt.to_response().body(),
        r#"{"detail":[{"loc":["body"],"msg":"Prompt has 120 tokens, at most 77 are allowed","type":"prompt_too_long","url":"https://docs.fal.ai/errors/#prompt_too_long","ctx":{"max":77},"input":"a cat"}]}"#,
    );

    assert_eq!(Unit.error_type(), "unit");
    assert_eq!(Unit.msg(), "Unit");
}
