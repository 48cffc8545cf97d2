//! Header totals a document answers (goods_count, amounts): each must stay inside
//! decimal(19,4), or the request that would push it out is refused naming the total (see
//! `Problems::total`), rather than answering a wrapped or zeroed figure later.

use openwdt_wire::Dec4;

/// The sum of `items`, each `None` when its own product already overflowed; `None` when the
/// sum leaves the range.
pub fn checked_sum(items: impl IntoIterator<Item = Option<Dec4>>) -> Option<Dec4> {
    items
        .into_iter()
        .try_fold(Dec4::ZERO, |acc, x| acc.checked_add(x?))
}

#[cfg(test)]
mod tests {
    use crate::problem::{Field, Kind, Problems, Total};
    use openwdt_wire::Dec4;

    #[test]
    fn a_total_past_the_range_is_named() {
        let big = Dec4::parse("922337203685477").unwrap();
        let half = Dec4::parse("0.5").unwrap();
        let mut problems = Problems::new();
        assert_eq!(
            problems.total(Total::Quantity, [Some(big), Some(half)]),
            Some(Dec4::parse("922337203685477.5").unwrap())
        );
        assert!(problems.is_empty());
        assert_eq!(
            problems.total(Total::Quantity, [Some(big), Some(big)]),
            None
        );
        // A line whose own product overflowed makes the total out of range too.
        assert_eq!(problems.total(Total::Amount, [Some(half), None]), None);
        let found: Vec<_> = problems
            .into_vec()
            .into_iter()
            .map(|p| (p.field, p.kind))
            .collect();
        assert_eq!(
            found,
            [
                (Field::Total(Total::Quantity), Kind::TotalOutOfRange),
                (Field::Total(Total::Amount), Kind::TotalOutOfRange)
            ]
        );
    }
}
