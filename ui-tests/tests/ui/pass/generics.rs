// Generic errors: bounds only for the type parameters the used fields mention, and only
// the bound each use needs; a lifetime; the user's where-clause kept.
use std::fmt::Debug;

use fal_error::{FalError, ModelError};

/// Neither `Serialize` nor `Display`: fine wherever the derive does not read it.
#[derive(Debug)]
struct Opaque;

#[derive(Debug, FalError)]
enum Generic<T, U> {
    A {
        #[fal(ctx)]
        v: T,
    },
    B {
        #[fal(skip)]
        u: U,
    },
}

/// `T` must be `Display` (a `{t}` placeholder), `D` only `Debug` (`{d:?}`, so
/// `Detail` below has no `Display`), `I` a `FalError` (transparent).
#[derive(Debug, FalError)]
enum Uses<T, D, I>
where
    D: Clone,
{
    #[fal(msg = "Value {t}, detail {d:?}")]
    Shown { t: T, d: D },
    #[fal(transparent)]
    Inner(I),
}

#[derive(Debug, FalError)]
enum Borrowed<'a> {
    #[fal(msg = "No LoRA named {name}")]
    Missing {
        #[fal(ctx)]
        name: &'a str,
    },
}

fn body(error: &impl FalError) -> String {
    error.to_response().body().to_owned()
}

fn main() {
    let a: Generic<u32, Opaque> = Generic::A { v: 7 };
    assert_eq!(
        body(&a),
        r#"{"detail":[{"loc":["body"],"msg":"A","type":"a","url":"https://docs.fal.ai/errors/#a","ctx":{"v":7}}]}"#,
    );
    let b: Generic<u32, Opaque> = Generic::B { u: Opaque };
    assert_eq!(b.error_type(), "b");
    if let Generic::B { u } = &b {
        assert_eq!(format!("{u:?}"), "Opaque");
    }

    #[derive(Clone, Debug)]
    struct Detail(u8);
    let shown: Uses<f32, Detail, ModelError> = Uses::Shown {
        t: 1.5,
        d: Detail(3),
    };
    assert_eq!(shown.msg(), "Value 1.5, detail Detail(3)");
    let inner: Uses<f32, Detail, ModelError> = Uses::Inner(ModelError::FileDownloadError);
    assert_eq!(inner.error_type(), "file_download_error");

    let name = String::from("ghibli");
    let borrowed = Borrowed::Missing { name: &name };
    assert_eq!(
        body(&borrowed),
        r#"{"detail":[{"loc":["body"],"msg":"No LoRA named ghibli","type":"missing","url":"https://docs.fal.ai/errors/#missing","ctx":{"name":"ghibli"}}]}"#,
    );

    let boxed: Box<dyn FalError> = Box::new(Generic::<String, Opaque>::A { v: "x".into() });
    assert_eq!(boxed.error_type(), "a");
    fn debug_only<E: Debug>(_: &E) {}
    debug_only(&boxed);
}
