//! Header totals a document answers (goods_count, amounts): each must stay inside
//! decimal(19,4), or the request that would push it out is refused naming the total, rather
//! than answering a wrapped or zeroed figure later.

use openwdt_wire::Dec4;

/// The sum of `items`, each `None` when its own product already overflowed; `None` when the
/// sum leaves the range.
pub fn checked_sum(items: impl IntoIterator<Item = Option<Dec4>>) -> Option<Dec4> {
    items
        .into_iter()
        .try_fold(Dec4::ZERO, |acc, x| acc.checked_add(x?))
}

/// Adds a problem naming `field` when its total leaves decimal(19,4).
pub fn require_sum(
    problems: &mut Vec<String>,
    field: &str,
    items: impl IntoIterator<Item = Option<Dec4>>,
) -> Option<Dec4> {
    let sum = checked_sum(items);
    if sum.is_none() {
        problems.push(out_of_range(field));
    }
    sum
}

/// The problem of a total that leaves the range.
pub fn out_of_range(field: &str) -> String {
    format!("合计 {field} 超出范围(decimal(19,4), 最大 922337203685477.5807)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_past_the_range_is_named() {
        let big = Dec4::parse("922337203685477").unwrap();
        let half = Dec4::parse("0.5").unwrap();
        let mut problems = Vec::new();
        assert_eq!(
            require_sum(&mut problems, "goods_count", [Some(big), Some(half)]),
            Some(Dec4::parse("922337203685477.5").unwrap())
        );
        assert!(problems.is_empty());
        assert_eq!(
            require_sum(&mut problems, "goods_count", [Some(big), Some(big)]),
            None
        );
        assert_eq!(problems, vec![out_of_range("goods_count")]);
        // A line whose own product overflowed makes the total out of range too.
        assert_eq!(
            require_sum(&mut problems, "total_price", [Some(half), None]),
            None
        );
        assert_eq!(problems.len(), 2);
        assert!(problems[1].contains("total_price"));
    }
}
