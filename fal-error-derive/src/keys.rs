//! Every key of `#[fal(...)]`, named once: how it is written (with an example) and where
//! it belongs. Reading (`attr.rs`), the checked model (`ast.rs`), the placement rules
//! (`valid.rs`) and every message that shows how to write a key read this table.

/// A level of the input that keys belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The enum or struct itself: for an enum, defaults of its variants.
    Container,
    Variant,
    Field,
}

/// How a key is written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `key = value`; the text is an example of the whole pair.
    Value(&'static str),
    /// The bare word `key`.
    Switch,
}

pub struct Key {
    pub name: &'static str,
    pub form: Form,
    pub belongs: &'static [Level],
    /// Another way to say the same, offered when the key is written in the wrong form;
    /// `{value}` stands for the string that was written as its value.
    pub instead: &'static str,
}

use Level::{Container, Variant};

pub const DOC_BASE: Key = value(
    "doc_base",
    &[Container],
    "doc_base = \"https://docs.example.com/errors/\"",
);
pub const CRATE: Key = value("crate", &[Container], "crate = my_crate::fal_error");
pub const TYPE: Key = value("type", &[Variant], "type = \"image_too_large\"");
pub const STATUS: Key = value("status", &[Container, Variant], "status = 422");
pub const RETRYABLE: Key = value("retryable", &[Container, Variant], "retryable = false")
    .instead("or mark a `bool` field `#[fal(retryable)]` to choose when raising");
pub const LOC: Key = value("loc", &[Variant], "loc = [\"body\", \"image_url\"]")
    .instead("or mark the field that holds the location `#[fal(loc)]`");
pub const MSG: Key = value("msg", &[Variant], "msg = \"Image too large\"");
pub const URL: Key = value(
    "url",
    &[Variant],
    "url = \"https://docs.example.com/errors/image_too_large\"",
);
pub const TRANSPARENT: Key = switch("transparent", &[Variant]);
pub const DISPLAY: Key = switch("display", &[Container, Variant]);
pub const CTX: Key = switch("ctx", &[Level::Field])
    .instead("or `#[fal(ctx, rename = \"{value}\")]` to write the field under another key");
pub const RENAME: Key = value("rename", &[Level::Field], "rename = \"max_width\"");
pub const INPUT: Key = switch("input", &[Level::Field]);
pub const REDACT: Key = switch("redact", &[Level::Field]);
pub const FIELD_LOC: Key =
    switch("loc", &[Level::Field]).instead("or put `loc = [...]` on the variant");
pub const FIELD_RETRYABLE: Key =
    switch("retryable", &[Level::Field]).instead("or put `retryable = true|false` on the variant");
pub const SKIP: Key = switch("skip", &[Level::Field]);

/// The table, in the order keys are listed in messages.
pub const KEYS: &[Key] = &[
    DOC_BASE,
    CRATE,
    TYPE,
    STATUS,
    RETRYABLE,
    LOC,
    MSG,
    URL,
    TRANSPARENT,
    DISPLAY,
    CTX,
    RENAME,
    INPUT,
    REDACT,
    FIELD_LOC,
    FIELD_RETRYABLE,
    SKIP,
];

const fn value(name: &'static str, belongs: &'static [Level], example: &'static str) -> Key {
    Key {
        name,
        form: Form::Value(example),
        belongs,
        instead: "",
    }
}

const fn switch(name: &'static str, belongs: &'static [Level]) -> Key {
    Key {
        name,
        form: Form::Switch,
        belongs,
        instead: "",
    }
}

impl Key {
    const fn instead(self, instead: &'static str) -> Key {
        Key { instead, ..self }
    }

    /// How to write the key: its example, or the switch.
    pub fn written(&self) -> &'static str {
        match self.form {
            Form::Value(example) => example,
            Form::Switch => self.name,
        }
    }

    fn belongs_to(&self, level: Level) -> bool {
        self.belongs.contains(&level)
    }

    /// A key of the variants that an enum cannot default for them.
    pub fn only_on_variants(&self) -> bool {
        self.belongs == [Variant]
    }
}

/// Where a `#[fal(...)]` list is written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Enum,
    Struct,
    Variant,
    Field,
}

impl Place {
    pub fn name(self) -> &'static str {
        match self {
            Place::Enum => "an enum",
            Place::Struct => "a struct",
            Place::Variant => "a variant",
            Place::Field => "a field",
        }
    }

    /// Where to write what belongs here, in a message about a key written elsewhere.
    pub fn whereabouts(self) -> &'static str {
        match self {
            Place::Enum | Place::Struct => "the enum (or struct) itself",
            Place::Variant => "the variant",
            Place::Field => "the field it is about",
        }
    }

    /// The levels whose keys belong here: a struct is its own single variant.
    fn levels(self) -> &'static [Level] {
        match self {
            Place::Enum => &[Container],
            Place::Struct => &[Container, Variant],
            Place::Variant => &[Variant],
            Place::Field => &[Level::Field],
        }
    }

    /// The keys that belong here, for "did you mean" and the list of valid keys.
    pub fn offered(self) -> impl Iterator<Item = &'static Key> {
        KEYS.iter()
            .filter(move |key| self.levels().iter().any(|level| key.belongs_to(*level)))
    }

    /// The keys read here, in the table's order. An enum also reads the variant keys, so
    /// that `valid.rs` can say to move them onto the variants.
    pub fn reads(self) -> impl Iterator<Item = &'static Key> {
        KEYS.iter().filter(move |key| {
            self.levels().iter().any(|level| key.belongs_to(*level))
                || self == Place::Enum && key.belongs_to(Variant)
        })
    }

    /// The key called `name` that this place reads.
    pub fn key(self, name: &str) -> Option<&'static Key> {
        self.reads().find(|key| key.name == name)
    }

    /// An example of a whole list of keys here, for `#[fal]` written without one.
    pub fn example(self) -> String {
        let keys: &[Key] = match self {
            Place::Enum => &[DOC_BASE],
            Place::Struct | Place::Variant => &[TYPE, STATUS],
            Place::Field => &[CTX],
        };
        keys.iter().map(Key::written).collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::{KEYS, Level};

    /// The keys of the `# Attributes` table of the derive's documentation, with the
    /// level of their row: the first word of each comma-separated part of a code span.
    fn documented() -> Vec<(Level, String)> {
        let mut keys = Vec::new();
        for row in include_str!("lib.rs")
            .lines()
            .filter_map(|line| line.strip_prefix("/// | "))
        {
            let mut cells = row.split(" | ");
            let level = match cells.next().and_then(|place| place.split(' ').next()) {
                Some("enum") => Level::Container,
                Some("variant") => Level::Variant,
                Some("field") => Level::Field,
                _ => continue,
            };
            let Some(cell) = cells.next() else { continue };
            for part in cell
                .split('`')
                .skip(1)
                .step_by(2)
                .flat_map(|code| code.split(','))
            {
                let part = part.trim();
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if part.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    keys.push((level, name));
                }
            }
        }
        keys
    }

    #[test]
    fn the_documentation_lists_every_key_where_it_belongs() {
        let documented = documented();
        for key in KEYS {
            for level in key.belongs {
                assert!(
                    documented.contains(&(*level, key.name.to_owned())),
                    "`{}` is not in the attribute table of lib.rs at its level",
                    key.name
                );
            }
        }
        for (level, name) in &documented {
            assert!(
                KEYS.iter()
                    .any(|key| key.name == name && key.belongs.contains(level)),
                "lib.rs documents `{name}` where the table of keys does not have it"
            );
        }
    }
}
