// An enum whose body comes from a macro while the derive comes from the caller, and the
// reverse: the identifiers the generated code creates (`self`, the ctx visitor, the field
// bindings) never take their hygiene from the user's tokens.
#![deny(warnings, clippy::pedantic)]

use fal_error::{FalError, ModelError};

macro_rules! body_from_macro {
    ($(#[$attr:meta])*) => {
        $(#[$attr])*
        enum BodyFromMacro {
            #[fal(msg = "LoRA {name} at {scale:.1}")]
            Lora {
                #[fal(ctx)]
                name: String,
                #[fal(ctx)]
                scale: f32,
                #[fal(input)]
                given: String,
            },
            #[fal(status = 503, retryable = true)]
            Busy(#[fal(ctx, rename = "queue")] u32),
            #[fal(transparent)]
            Model(ModelError),
        }
    };
}

body_from_macro!(#[derive(Debug, FalError)]);

macro_rules! display_from_macro {
    ($(#[$attr:meta])*) => {
        $(#[$attr])*
        enum DisplayFromMacro {
            Shown {
                #[fal(ctx)]
                detail: String,
            },
        }
    };
}

display_from_macro!(#[derive(Debug, FalError)] #[fal(display)]);

impl std::fmt::Display for DisplayFromMacro {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Self::Shown { detail } = self;
        write!(f, "shown: {detail}")
    }
}

macro_rules! derive_from_macro {
    ($($item:tt)*) => {
        #[derive(Debug, FalError)]
        #[fal(display)]
        $($item)*
    };
}

derive_from_macro! {
    enum DeriveFromMacro {
        #[fal(display)]
        Told {
            #[fal(ctx)]
            what: String,
        },
        #[fal(msg = "{0} and {1}")]
        Pair(#[fal(ctx, rename = "first")] u8, #[fal(input)] u8),
        #[fal(transparent)]
        Model(ModelError),
    }
}

impl std::fmt::Display for DeriveFromMacro {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("told")
    }
}

fn main() {
    let lora = BodyFromMacro::Lora {
        name: "ghibli".into(),
        scale: 0.75,
        given: "ghibli@0.75".into(),
    };
    assert_eq!(
        lora.to_response().body(),
        r#"{"detail":[{"loc":["body"],"msg":"LoRA ghibli at 0.8","type":"lora","url":"https://docs.fal.ai/errors/#lora","ctx":{"name":"ghibli","scale":0.75},"input":"ghibli@0.75"}]}"#,
    );
    assert_eq!(
        BodyFromMacro::Busy(3).to_response().body(),
        r#"{"detail":[{"loc":["body"],"msg":"Busy","type":"busy","url":"https://docs.fal.ai/errors/#busy","ctx":{"queue":3}}]}"#,
    );
    assert_eq!(
        BodyFromMacro::Model(ModelError::NoMediaGenerated).error_type(),
        "no_media_generated"
    );
    assert_eq!(
        DisplayFromMacro::Shown { detail: "x".into() }.msg(),
        "shown: x"
    );
    assert_eq!(DeriveFromMacro::Told { what: "w".into() }.msg(), "told");
    assert_eq!(
        DeriveFromMacro::Pair(1, 2).to_response().body(),
        r#"{"detail":[{"loc":["body"],"msg":"1 and 2","type":"pair","url":"https://docs.fal.ai/errors/#pair","ctx":{"first":1},"input":2}]}"#,
    );
    assert_eq!(
        DeriveFromMacro::Model(ModelError::NoMediaGenerated).status(),
        422
    );
}
