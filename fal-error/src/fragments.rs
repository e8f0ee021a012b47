//! The constant parts of a derived error's detail item, as JSON the derive escaped when
//! it expanded: writing a response copies them instead of escaping the same texts again.

/// A detail item's constant JSON, as the derive records it for each variant and
/// [`FalError`](crate::FalError) hands it to the response writer. An empty part is not
/// constant: the writer asks the error for it.
///
/// ```
/// use fal_error::{FalError, ModelError};
///
/// let parts = ModelError::ImageLoadError.__fragments();
/// assert_eq!(parts.loc, r#"["body"]"#);
/// assert_eq!(parts.msg, r#""Image load error""#);
/// assert_eq!(parts.type_url, r#""type":"image_load_error","url":"https://docs.fal.ai/errors/#image_load_error""#);
/// assert_eq!(ModelError::ImageLoadError.at("image_url").__fragments().loc, "");
/// ```
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fragments {
    /// The `loc` array: `["body","image_url"]`.
    pub loc: &'static str,
    /// The `msg` string, quotes included.
    pub msg: &'static str,
    /// `"type":"image_too_large","url":"https://docs.fal.ai/errors/#image_too_large"`.
    pub type_url: &'static str,
}

impl Fragments {
    /// No constant part.
    ///
    /// ```
    /// use fal_error::__private::Fragments;
    ///
    /// assert_eq!(Fragments::NONE, Fragments::default());
    /// ```
    pub const NONE: Fragments = Fragments {
        loc: "",
        msg: "",
        type_url: "",
    };

    /// The same parts but the `loc`, for an error placed elsewhere.
    pub(crate) fn moved(self) -> Fragments {
        Fragments { loc: "", ..self }
    }
}

#[cfg(test)]
mod tests {
    use crate::{ErrorDetail, FalError, UrlForm};

    /// Every text the derive escapes, with what serde_json escapes and what it does not.
    #[derive(Debug, FalError)]
    enum Tricky {
        #[fal(
            msg = "say \"hi\"\n\\ \u{1}\u{8}\u{c}\r\t\u{1f} é \u{7f} \u{2028}",
            loc = ["body", "ké\"y\\", 3]
        )]
        Quoted,
        #[fal(url = "https://example.com/a\"b\\c#d")]
        OwnUrl,
        Plain,
        #[fal(msg = "Scale {scale} is not \"allowed\"")]
        Template {
            scale: u32,
        },
    }

    fn serde_body(error: &impl FalError) -> String {
        format!(
            r#"{{"detail":[{}]}}"#,
            serde_json::to_string(&ErrorDetail::from_error(error)).unwrap()
        )
    }

    #[test]
    fn derived_fragments_are_what_serde_writes() {
        let errors = [
            Tricky::Quoted,
            Tricky::OwnUrl,
            Tricky::Plain,
            Tricky::Template { scale: 3 },
        ];
        for error in &errors {
            assert_eq!(error.to_response().body(), serde_body(error), "{error:?}");
            let moved = error.at("in\"put");
            assert_eq!(moved.to_response().body(), serde_body(&moved), "{error:?}");
        }
        let quoted = Tricky::Quoted.__fragments();
        assert_eq!(quoted.loc, r#"["body","ké\"y\\",3]"#);
        assert_eq!(
            quoted.msg,
            "\"say \\\"hi\\\"\\n\\\\ \\u0001\\b\\f\\r\\t\\u001f é \u{7f} \u{2028}\"",
        );
        assert_eq!(Tricky::Template { scale: 3 }.__fragments().msg, "");
    }

    #[test]
    fn fal_servers_links_are_not_taken_from_fragments() {
        let plain = UrlForm::FalServers.scope(|| Tricky::Plain.to_response());
        assert_eq!(
            plain.body(),
            r#"{"detail":[{"loc":["body"],"msg":"Plain","type":"plain","url":"https://docs.fal.ai/errors#plain"}]}"#,
        );
        let own = UrlForm::FalServers.scope(|| Tricky::OwnUrl.to_response());
        assert_eq!(own.body(), serde_body(&Tricky::OwnUrl));
    }
}
