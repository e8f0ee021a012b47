// Attribute values passed through `macro_rules!` fragments of every kind: `expr`,
// `literal`, `path` (for `crate`), `tt`, a list of fragments and a whole `loc` as one
// `expr`; the enum compiles without a warning and sends exactly what a literal would.
#![deny(warnings, clippy::pedantic)]

use fal_error::FalError;

macro_rules! fragments {
    (
        krate: $krate:path,
        base: $base:expr,
        status: $status:literal,
        retryable: $retryable:tt,
        kind: $kind:literal,
        msg: $msg:expr,
        key: $key:literal,
        loc: [$($item:literal),*],
        whole_loc: $whole:expr,
        url: $url:expr,
    ) => {
        #[derive(Debug, FalError)]
        #[fal(crate = $krate, doc_base = $base)]
        enum Fragments {
            #[fal(type = $kind, status = $status, retryable = $retryable, msg = $msg, loc = [$($item),*])]
            Listed {
                #[fal(ctx, rename = $key)]
                width: u32,
            },
            #[fal(loc = $whole, url = $url, status = $status, retryable = $retryable)]
            Whole,
        }
    };
}

fragments! {
    krate: fal_error,
    base: "https://docs.example.com/errors/",
    status: 503,
    retryable: true,
    kind: "gpu_busy",
    msg: "GPU busy at {width:>5}",
    key: "max_width",
    loc: ["body", "images", 2],
    whole_loc: ["body", "prompt"],
    url: "https://docs.example.com/whole",
}

fn main() {
    let listed = Fragments::Listed { width: 64 }.to_response();
    assert_eq!(listed.status(), 503);
    assert_eq!(listed.headers()["x-fal-retryable"], "true");
    assert_eq!(
        listed.body(),
        r#"{"detail":[{"loc":["body","images",2],"msg":"GPU busy at    64","type":"gpu_busy","url":"https://docs.example.com/errors/#gpu_busy","ctx":{"max_width":64}}]}"#,
    );
    assert_eq!(
        Fragments::Whole.to_response().body(),
        r#"{"detail":[{"loc":["body","prompt"],"msg":"Whole","type":"whole","url":"https://docs.example.com/whole"}]}"#,
    );
}
