//! Query strings: strict percent-encoding out, lenient decoding in (the emulator's side).

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986 unreserved characters is encoded, so `&`, `=`, `+`, `%`, `[` and `]` in
/// a value can never be read as syntax (`filters[search]=%gmail` goes out as
/// `filters%5Bsearch%5D=%25gmail`).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one query component.
pub(crate) fn encode_component(text: &str) -> impl std::fmt::Display + '_ {
    utf8_percent_encode(text, COMPONENT)
}

/// Joins `name=value` pairs with `&`, each side percent-encoded.
pub(crate) fn encode<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (name, value) in pairs {
        let separator = if out.is_empty() { "" } else { "&" };
        // Writing to a String cannot fail.
        let _ = write!(
            out,
            "{separator}{}={}",
            encode_component(name),
            encode_component(value)
        );
    }
    out
}

/// Splits a query string into decoded pairs, as servers commonly do: `+` is a space, and a `%`
/// that does not start a valid escape is kept literally (the docs write `filters[search]=%gmail`).
pub(crate) fn decode(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            (decode_component(name), decode_component(value))
        })
        .collect()
}

fn decode_component(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_syntax_characters() {
        let value = "a&b=c+d%e[f] g/é";
        let encoded = encode([("filters[x]", value)]);
        assert!(!encoded[encoded.find('=').unwrap() + 1..].contains(['&', '=', '+', '[', ' ']));
        assert_eq!(
            decode(&encoded),
            vec![("filters[x]".to_owned(), value.to_owned())]
        );
    }

    #[test]
    fn decodes_unencoded_forms_leniently() {
        assert_eq!(
            decode("filters[search]=%gmail&sort=-id&flag"),
            vec![
                ("filters[search]".to_owned(), "%gmail".to_owned()),
                ("sort".to_owned(), "-id".to_owned()),
                ("flag".to_owned(), String::new()),
            ]
        );
        assert_eq!(decode("a=b+c")[0].1, "b c");
    }
}
