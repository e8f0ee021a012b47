//! The derive never panics: thousands of generated inputs (every key at every place, with
//! values of every shape, and `msg` templates over an alphabet of format-spec characters
//! including multi-byte ones) each give tokens, errors or not, but no panic.

use std::panic::{AssertUnwindSafe, catch_unwind};

use proc_macro2::TokenStream;

/// A small deterministic generator, so that a failure names a reproducible input.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len())]
    }
}

/// Every key of the table, and words that are not keys.
fn keys() -> Vec<&'static str> {
    let keys = crate::keys::KEYS.iter().map(|key| key.name);
    keys.chain(["retryabel", "r#type", "self"]).collect()
}

const VALUES: &[&str] = &[
    "",
    " = \"x\"",
    " = \"\"",
    " = \"https://docs.example.com/\"",
    " = 503",
    " = 99999999999999999999999",
    " = -1",
    " = true",
    " = \"true\"",
    " = [\"body\", 0]",
    " = []",
    " = [1.5]",
    " = [\"€\", 18446744073709551615]",
    " = my_crate::fal_error",
    " = ::fal_error",
    " = pub(crate)",
    " = 'a'",
    " = b\"x\"",
    "(x)",
    " = (\"x\")",
    " = { 1 }",
];

const TEMPLATE: &[&str] = &[
    "{", "}", "{{", "}}", ":", "$", ".", "*", "?", "€", "é", "ß", "x", "w", "0", "1", ">", "^",
    "<", " ", "#", "+", "-", "width", "name",
];

const FIELD_SETS: &[&str] = &[
    "",
    "(u32)",
    "(#[fal(ctx, rename = \"n\")] u32, usize)",
    "{ x: u32, w: usize }",
    "{ #[fal(ctx)] x: String, #[fal(input, redact)] secret: String, width: usize }",
    "{ #[fal(loc)] at: fal_error::Loc, #[fal(retryable)] retry: bool, source: std::io::Error }",
];

fn attribute(rng: &mut Lcg) -> String {
    let count = rng.next(4);
    let names = keys();
    let keys: Vec<String> = (0..count)
        .map(|_| format!("{}{}", rng.pick(&names), rng.pick(VALUES)))
        .collect();
    format!("#[fal({})]", keys.join(", "))
}

const SPEC: &[&str] = &[
    "€", "é", ">", "^", "w", "x", "$", ".", "*", "?", "0", "1", "{",
];

/// Text and placeholders (`{x:SPEC}` with a spec drawn from `SPEC`) in any order.
fn template(rng: &mut Lcg) -> String {
    let mut text = String::new();
    for _ in 0..rng.next(6) {
        if rng.next(2) == 0 {
            text.push_str(rng.pick(TEMPLATE));
        } else {
            let spec: String = (0..rng.next(5)).map(|_| rng.pick(SPEC)).collect();
            text.push_str(&format!("{{{}:{spec}}}", rng.pick(&["x", "w", "0", "é"])));
        }
    }
    text
}

fn input(rng: &mut Lcg) -> String {
    let variants: Vec<String> = (0..1 + rng.next(3))
        .map(|index| {
            let msg = format!("#[fal(msg = {:?})]", template(rng));
            let error = if rng.next(4) == 0 {
                "#[error(transparent)]"
            } else {
                ""
            };
            format!(
                "{} {} {error} V{index} {}",
                attribute(rng),
                if rng.next(2) == 0 { msg } else { String::new() },
                rng.pick(FIELD_SETS)
            )
        })
        .collect();
    if rng.next(5) == 0 {
        format!("{} struct S {};", attribute(rng), rng.pick(FIELD_SETS))
    } else {
        format!("{} enum E {{ {} }}", attribute(rng), variants.join(", "))
    }
}

#[test]
fn the_derive_never_panics() {
    let mut rng = Lcg(0x00fa_1e77);
    let mut parsed = 0;
    for _ in 0..4000 {
        let source = input(&mut rng);
        let Ok(tokens) = source.parse::<TokenStream>() else {
            continue;
        };
        let Ok(derive_input) = syn::parse2::<syn::DeriveInput>(tokens) else {
            continue;
        };
        parsed += 1;
        let outcome = catch_unwind(AssertUnwindSafe(|| crate::derive(&derive_input)));
        assert!(outcome.is_ok(), "the derive panicked on: {source}");
    }
    assert!(parsed > 3000, "only {parsed} inputs parsed");
}

#[test]
fn msg_templates_never_panic() {
    let mut rng = Lcg(7);
    let width = syn::Ident::new("w", proc_macro2::Span::call_site());
    let name = syn::Ident::new("x", proc_macro2::Span::call_site());
    let fields = [
        crate::fmt::TemplateField {
            name: "x".to_owned(),
            binding: &name,
        },
        crate::fmt::TemplateField {
            name: "w".to_owned(),
            binding: &width,
        },
    ];
    for _ in 0..20_000 {
        let text = template(&mut rng);
        let literal = syn::LitStr::new(&text, proc_macro2::Span::call_site());
        let outcome = catch_unwind(|| crate::fmt::parse_message(&literal, &fields).is_ok());
        assert!(outcome.is_ok(), "parse_message panicked on {text:?}");
    }
}
