// `#![no_implicit_prelude]` with a user trait in scope whose methods are named like the
// ones generated code could call (`extend`, `push`, `into`, `to_string`, `clone`), over
// every kind of variant, `transparent` included.
#![no_implicit_prelude]
#![deny(warnings, clippy::pedantic)]

extern crate fal_error;
extern crate std;

use fal_error::{FalError, Loc, ModelError};
use std::convert::From;
use std::string::String;
use std::{assert, assert_eq};

#[allow(dead_code)]
trait Collide {
    fn extend(&mut self, _: u8) {}
    fn push(&mut self, _: u8) {}
    fn into(self) -> u8
    where
        Self: ::std::marker::Sized,
    {
        0
    }
    fn to_string(&self) -> u8 {
        0
    }
    fn clone(&self) -> u8 {
        0
    }
    fn as_ref(&self) -> u8 {
        0
    }
}
impl<T: ?::std::marker::Sized> Collide for T {}

#[derive(::std::fmt::Debug, FalError)]
#[fal(display)]
enum Everything {
    #[fal(msg = "Unit")]
    Unit,
    #[fal(msg = "LoRA {name:?} at {at}", loc = ["body", "lora"])]
    Named {
        #[fal(ctx)]
        name: String,
        #[fal(ctx, rename = "where")]
        at: u8,
        #[fal(input)]
        given: String,
    },
    #[fal(status = 503)]
    Tuple(#[fal(ctx, rename = "n")] u8, #[fal(retryable)] bool),
    Located(#[fal(loc)] Loc),
    Shown,
    #[fal(transparent)]
    Model(ModelError),
    #[fal(transparent)]
    Boxed(::std::boxed::Box<Inner>),
}

#[derive(::std::fmt::Debug, FalError)]
enum Inner {
    #[fal(msg = "Inner")]
    Nested,
}

impl ::std::fmt::Display for Everything {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("shown")
    }
}

fn main() {
    assert_eq!(Everything::Unit.msg(), "Unit");
    let named = Everything::Named {
        name: String::from("x"),
        at: 2,
        given: String::from("y"),
    };
    assert_eq!(
        named.to_response().body(),
        r#"{"detail":[{"loc":["body","lora"],"msg":"LoRA \"x\" at 2","type":"named","url":"https://docs.fal.ai/errors/#named","ctx":{"name":"x","where":2},"input":"y"}]}"#,
    );
    assert!(Everything::Tuple(1, true).retryable());
    assert_eq!(
        Everything::Located(Loc::body().key("k")).loc(),
        Loc::body().key("k")
    );
    assert_eq!(Everything::Shown.msg(), "shown");
    assert_eq!(
        Everything::Model(ModelError::NoMediaGenerated).error_type(),
        "no_media_generated"
    );
    assert_eq!(
        Everything::Boxed(::std::boxed::Box::new(Inner::Nested)).error_type(),
        "nested"
    );
    assert_eq!(Everything::catalog().len(), 5 + 31 + 1);
}
