//! Checks of single values every command shares; each adds a problem naming the field.

use openwdt_wire::fields::{char_len, shown};
use openwdt_wire::Dec4;

/// Checks a decimal field: `Ok(None)` when absent, a problem when malformed or negative.
pub(crate) fn money(
    problems: &mut Vec<String>,
    field: &str,
    v: &Option<String>,
) -> Option<Option<Dec4>> {
    match v.as_deref() {
        None | Some("") => Some(None),
        Some(t) => match Dec4::parse(t) {
            Ok(d) if !d.is_negative() => Some(Some(d)),
            _ => {
                problems.push(format!("{field} 不合法(非负数, 最多4位小数): {}", shown(t)));
                None
            }
        },
    }
}

pub(crate) fn limit(problems: &mut Vec<String>, field: &str, v: &str, max: usize) {
    if char_len(v) > max {
        problems.push(format!("{field} 超长(最多{max}个字符): {}", shown(v)));
    }
}
