// Multi-byte characters anywhere in a `msg` format spec: as fill, beside a `name$` width,
// in the text around placeholders.
#![deny(warnings, clippy::pedantic)]

use fal_error::FalError;

#[derive(Debug, FalError)]
enum Padded {
    #[fal(msg = "€ {name:€>width$} €")]
    Fill {
        #[fal(ctx)]
        name: String,
        width: usize,
    },
    #[fal(msg = "{name:é^7}|{name:ß<w$.p$}|")]
    Centered {
        #[fal(ctx)]
        name: String,
        w: usize,
        p: usize,
    },
}

fn main() {
    let fill = Padded::Fill {
        name: "ab".into(),
        width: 5,
    };
    assert_eq!(fill.msg(), "€ €€€ab €");
    let centered = Padded::Centered {
        name: "abc".into(),
        w: 4,
        p: 2,
    };
    assert_eq!(centered.msg(), "ééabcéé|abßß|");
}
