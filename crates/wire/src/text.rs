//! Text hygiene, the same for every backend: what a text field or a parameter may hold.
//!
//! PostgreSQL cannot store NUL and SQLite can, so input is judged here, before either sees it:
//! NUL and the other C0 control characters except tab, line feed and carriage return are
//! refused, and so is a form or query string whose percent-decoded bytes are not UTF-8 (never
//! repaired to U+FFFD, which would sign and store something the caller did not send).

use serde_json::Value;

/// A character no text field may hold: C0 controls but `\t`, `\n`, `\r`, and DEL.
pub fn forbidden_char(c: char) -> bool {
    (c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}'
}

/// The first forbidden character of `s`, as `U+0000`.
pub fn first_forbidden(s: &str) -> Option<String> {
    s.chars()
        .find(|c| forbidden_char(*c))
        .map(|c| format!("U+{:04X}", c as u32))
}

/// `s` fit for a message: forbidden characters written as `\u{0}`, at most 64 characters.
pub fn escaped(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| {
            if forbidden_char(c) {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect();
    crate::fields::shown(&clean)
}

/// Where in a JSON value a key or a string holds a forbidden character: the path
/// (`[1][3].spec_no`, under `root`) and the character.
pub fn json_forbidden(root: &str, v: &Value) -> Option<(String, String)> {
    match v {
        Value::String(s) => first_forbidden(s).map(|c| (root.to_string(), c)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| json_forbidden(&format!("{root}[{i}]"), x)),
        Value::Object(m) => m.iter().find_map(|(raw, x)| {
            let k = escaped(raw);
            let path = if root.is_empty() {
                k
            } else {
                format!("{root}.{k}")
            };
            match first_forbidden(raw) {
                Some(c) => Some((path, c)),
                None => json_forbidden(&path, x),
            }
        }),
        _ => None,
    }
}

/// Why a form or query string was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormError {
    /// The named field's percent-decoded bytes are not UTF-8 (the name itself when `value` is
    /// false).
    NotUtf8 { field: String, value: bool },
    /// The named field holds a forbidden character.
    Control { field: String, char: String },
    /// More fields than [`MAX_FORM_FIELDS`].
    TooMany,
}

/// Fields a form or query string may hold. Each edition's endpoints document fewer than 30; the
/// cap keeps a body of `a&a&a…` from becoming millions of pairs before anyone is authenticated.
pub const MAX_FORM_FIELDS: usize = 256;

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormError::NotUtf8 { field, value: true } => {
                write!(f, "参数 {field} 的值不是合法的 UTF-8 编码")
            }
            FormError::NotUtf8 { field, .. } => {
                write!(f, "参数名不是合法的 UTF-8 编码: {field}")
            }
            FormError::Control { field, char } => {
                write!(f, "参数 {field} 含有不允许的控制字符 {char}")
            }
            FormError::TooMany => write!(f, "参数个数超过上限 {MAX_FORM_FIELDS}"),
        }
    }
}

/// Parses `application/x-www-form-urlencoded` text (a body or a query string) strictly:
/// `+` is a space, `%XX` a byte, and each name and value must decode to UTF-8 without
/// forbidden characters. A `%` not followed by two hex digits stays as it is, as browsers do.
pub fn parse_form(input: &[u8]) -> Result<Vec<(String, String)>, FormError> {
    let mut out = Vec::new();
    for pair in input.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        if out.len() == MAX_FORM_FIELDS {
            return Err(FormError::TooMany);
        }
        let (name, value) = match pair.iter().position(|b| *b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &pair[..0]),
        };
        let name = match String::from_utf8(decode(name)) {
            Ok(n) => n,
            Err(e) => {
                return Err(FormError::NotUtf8 {
                    field: escaped(&String::from_utf8_lossy(e.as_bytes())),
                    value: false,
                })
            }
        };
        let value = String::from_utf8(decode(value)).map_err(|_| FormError::NotUtf8 {
            field: escaped(&name),
            value: true,
        })?;
        for text in [&name, &value] {
            if let Some(c) = first_forbidden(text) {
                return Err(FormError::Control {
                    field: escaped(&name),
                    char: c,
                });
            }
        }
        out.push((name, value));
    }
    Ok(out)
}

/// A percent-encoded path segment decoded (`+` stays a plus), or `None` when its bytes are
/// not UTF-8 or hold a forbidden character.
pub fn path_segment(raw: &str) -> Option<String> {
    let bytes = decode_with(raw.as_bytes(), false);
    String::from_utf8(bytes)
        .ok()
        .filter(|s| first_forbidden(s).is_none())
}

fn decode(raw: &[u8]) -> Vec<u8> {
    decode_with(raw, true)
}

fn decode_with(raw: &[u8], plus_is_space: bool) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' if plus_is_space => out.push(b' '),
            b'%' if i + 2 < raw.len() => match (hex(raw[i + 1]), hex(raw[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn forms_decode_strictly() {
        assert_eq!(
            parse_form(b"a=1+2&b=%E5%A4%87&c&d=%zz").unwrap(),
            vec![
                ("a".into(), "1 2".into()),
                ("b".into(), "备".into()),
                ("c".into(), "".into()),
                ("d".into(), "%zz".into())
            ]
        );
        assert_eq!(
            parse_form(b"sid=s1&purchase_info=%FF%FE").unwrap_err(),
            FormError::NotUtf8 {
                field: "purchase_info".into(),
                value: true
            }
        );
        assert_eq!(
            parse_form(b"sid=s1%00").unwrap_err(),
            FormError::Control {
                field: "sid".into(),
                char: "U+0000".into()
            }
        );
        assert!(parse_form(b"x=%0A%09%0D").is_ok());
        assert!(parse_form(b"x=%").is_ok());
        assert!(parse_form(b"x=%4").is_ok());
        let many = "a=1&".repeat(MAX_FORM_FIELDS);
        assert_eq!(parse_form(many.as_bytes()).unwrap().len(), MAX_FORM_FIELDS);
        assert_eq!(
            parse_form(format!("{many}b=2").as_bytes()).unwrap_err(),
            FormError::TooMany
        );
    }

    #[test]
    fn path_segments_decode_without_plus() {
        assert_eq!(
            path_segment("stock_query.php").as_deref(),
            Some("stock_query.php")
        );
        assert_eq!(path_segment("a+b%20c").as_deref(), Some("a+b c"));
        assert_eq!(path_segment("x%C3%28"), None);
        assert_eq!(path_segment("x%00"), None);
    }

    #[test]
    fn json_paths_name_the_control_character() {
        let v = json!([{"warehouse_no": "WH01"}, [{"spec_no": "A"}, {"spec_no": "B\u{1}"}]]);
        assert_eq!(
            json_forbidden("", &v),
            Some(("[1][1].spec_no".into(), "U+0001".into()))
        );
        assert_eq!(
            json_forbidden("purchase_info", &json!({"remark": "line\nbreak\ttab"})),
            None
        );
        assert_eq!(
            json_forbidden("x", &json!({"k\u{0}": 1})),
            Some(("x.k\\u{0}".into(), "U+0000".into()))
        );
    }
}
