//! Typed problems: what a command found wrong with a request, in the domain's terms.
//!
//! Core names a field by what it means (`Field::SpecNo`, line 3), never by either edition's
//! wire name; each gateway renders a problem with its edition's field names and message style,
//! in one place per edition. A command collects every problem of a request before refusing it,
//! so the caller fixes them all in one round.

use openwdt_wire::fields::char_len;
use openwdt_wire::Dec4;

/// A request field, by meaning. The gateways map each to the wire name of the endpoint at hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    WarehouseNo,
    PositionNo,
    GoodsNo,
    GoodsName,
    SpecNo,
    SpecName,
    SpecCode,
    Barcode,
    ProviderNo,
    ProviderName,
    BatchNo,
    /// The caller's own number for a document (outer_no, api_outer_no, src_order_no).
    OuterNo,
    /// A document's number in openwdt (purchase_no, stockin_no, pd_no).
    DocNo,
    Quantity,
    Price,
    Remark,
    Status,
    /// A free-form attribute of master data (unit, brand, class, contact, …), named by the
    /// gateway's own table.
    Attribute(&'static str),
    /// An attribute of one spec of a goods push (`line` is the spec's index, see
    /// `goods::spec_line`), kept apart from the goods' own attribute of the same name
    /// (`remark`, `prop1`, units).
    SpecAttribute(&'static str),
    /// The list of lines itself.
    Lines,
    /// What a call asks to be done to a document (cancel, stop waiting).
    Operation,
    /// The id of a stock record (a warehouse + spec + defect row).
    StockId,
    /// The start and the end of a query's time window.
    StartTime,
    EndTime,
    /// How a stocktake treats defective stock (all, normal only, defective only).
    DefectMode,
    /// A date of a line (production, expiry) or of a document (expected arrival).
    Date(&'static str),
    /// A total a document answers, which must stay inside decimal(19,4).
    Total(Total),
}

/// The totals documents answer, by meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Total {
    /// The sum of the lines' quantities.
    Quantity,
    /// The sum of the lines' amounts before tax.
    Amount,
    /// The sum of the lines' amounts after tax.
    TaxedAmount,
    /// The tax on the lines.
    Tax,
    /// Lines, tax and fees together.
    Grand,
    /// A purchase order line's received quantity.
    LineReceived,
    /// A purchase order's received quantity.
    Received,
    /// A purchase order's received amount.
    ReceivedAmount,
    /// The stock a posting leaves.
    Stock,
}

/// What is wrong with a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Missing,
    TooLong {
        max: usize,
        value: String,
    },
    /// Not a plain decimal of at most 4 places.
    BadDecimal {
        value: String,
    },
    Negative {
        value: String,
    },
    /// Names nothing the seller has (or the app may see).
    Unknown {
        value: String,
    },
    /// Given twice within the request.
    Repeated {
        value: String,
    },
    /// Not one of the values the field takes.
    Invalid {
        value: String,
    },
    /// The document or record is in a state that forbids the command; `state` is its status.
    WrongState {
        value: String,
        state: i64,
    },
    /// The list holds more items than allowed.
    TooMany {
        max: usize,
    },
    /// The value already belongs to another record of the seller: `holder` names it (the
    /// goods_no that holds a spec_no, the provider_no that holds a provider name).
    Conflict {
        value: String,
        holder: String,
    },
    /// A number outside what the field takes (`min..=max`).
    OutOfRange {
        value: String,
        min: i64,
        max: i64,
    },
    /// Not a time `yyyy-MM-dd HH:mm:ss`.
    BadTime {
        value: String,
    },
    /// A time window whose end comes before its start.
    EndBeforeStart,
    /// A time window wider than the query allows.
    SpanTooLong {
        max_days: i64,
    },
    /// Not a quantity: a decimal of at most 4 places, above zero (or at least zero when
    /// `zero_ok`, as a counted quantity may be).
    BadQuantity {
        value: String,
        zero_ok: bool,
    },
    /// A line repeats an earlier line of the same request (same spec, and for stocktakes the
    /// same defect flag and position); `value` is the spec_no.
    RepeatedLine {
        value: String,
    },
    /// Not a date `YYYY-MM-DD` (or a datetime whose date part is taken).
    BadDate {
        value: String,
    },
    /// No warehouse of the seller has this number, or the calling app may not use it.
    UnknownWarehouse {
        value: String,
    },
    /// The warehouse has no position with this number.
    UnknownPosition {
        value: String,
        warehouse: String,
    },
    /// The spec has no stock record in the warehouse (and the request may not create one).
    NoStockRecord {
        value: String,
        warehouse: String,
    },
    /// The spec is not a line of the purchase order the document receives against.
    NotOnOrder {
        value: String,
        order: String,
    },
    /// The spec is not a line of the order (a transfer, a purchase return, an other in/out
    /// business order) the stock-in or stock-out fulfils.
    NotOnDocument {
        value: String,
        order: String,
    },
    /// The purchase order is not in a state that receives stock (`state` is its status).
    NotReceivable {
        value: String,
        state: i64,
    },
    /// The warehouse is not the one the purchase order receives into (`expected`).
    WrongWarehouse {
        value: String,
        order: String,
        expected: String,
    },
    /// A total the document answers (its field names which) would leave decimal(19,4).
    TotalOutOfRange,
    /// No live spec of the seller has this spec_no (it never existed or was deleted).
    UnknownSpec {
        value: String,
    },
    /// No purchase order of the seller has this number.
    UnknownOrder {
        value: String,
    },
    /// No batch of the seller has this number (and the request may not create it).
    UnknownBatch {
        value: String,
    },
    /// Not a quantity a stock-in receives: a decimal above zero of at most 4 places.
    BadReceivedQuantity {
        value: String,
    },
    /// The document is already completed (checked), so it can be neither checked again nor
    /// cancelled.
    AlreadyDone {
        value: String,
    },
    /// The document is already cancelled.
    AlreadyCancelled {
        value: String,
    },
    /// No provider of the seller has this number.
    UnknownProvider {
        value: String,
    },
    /// A number the caller chose for a new document already names another one.
    Taken {
        value: String,
    },
    /// No line of the request names a live spec of the seller.
    NoLiveSpec,
    /// A position stocktake counts one position per line: this line names none.
    PositionRequired,
    /// A stock-out line asks for more than the stock left where it takes from (the line's
    /// subject names the spec).
    Shortfall {
        asked: Dec4,
        available: Dec4,
    },
    /// A line asks for more than its order line has left to do (a transfer stock-out more than
    /// planned, a transfer stock-in more than went out).
    ExceedsOrder {
        asked: Dec4,
        left: Dec4,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: Field,
    /// The index of the line the field belongs to, for fields of a list.
    pub line: Option<usize>,
    /// What the line is about (its spec_no), so a message can name the goods as well as the
    /// path: an integrator finds "商家编码 A" faster than "line 317".
    pub subject: Option<String>,
    pub kind: Kind,
}

/// Collects problems in input order.
#[derive(Debug, Default)]
pub struct Problems(Vec<Problem>);

impl Problems {
    pub fn new() -> Self {
        Problems(Vec::new())
    }
    pub fn push(&mut self, field: Field, line: Option<usize>, kind: Kind) {
        self.0.push(Problem {
            field,
            line,
            subject: None,
            kind,
        });
    }
    /// A problem of a line about the spec `subject`.
    pub fn push_about(&mut self, field: Field, line: usize, subject: &str, kind: Kind) {
        self.0.push(Problem {
            field,
            line: Some(line),
            subject: (!subject.is_empty()).then(|| subject.to_string()),
            kind,
        });
    }
    /// Puts a problem first: one that makes the rest moot (no such warehouse) leads.
    pub fn lead(&mut self, field: Field, kind: Kind) {
        self.0.insert(
            0,
            Problem {
                field,
                line: None,
                subject: None,
                kind,
            },
        );
    }
    /// Every problem of `other`, after these.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Problem>) {
        self.0.extend(other);
    }
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }

    /// A required text: a problem when empty.
    pub fn required(&mut self, field: Field, line: Option<usize>, v: &str) {
        if v.trim().is_empty() {
            self.push(field, line, Kind::Missing);
        }
    }

    /// A text of at most `max` characters, as the vendors count them.
    pub fn max_len(&mut self, field: Field, line: Option<usize>, v: &str, max: usize) {
        if char_len(v) > max {
            self.push(
                field,
                line,
                Kind::TooLong {
                    max,
                    value: v.to_string(),
                },
            );
        }
    }

    /// A required, non-empty text of at most `max` characters.
    pub fn text(&mut self, field: Field, line: Option<usize>, v: &str, max: usize) {
        self.required(field, line, v);
        self.max_len(field, line, v, max);
    }

    /// An optional non-negative decimal: `Some(None)` when absent, `None` after a problem.
    pub fn amount(&mut self, field: Field, line: Option<usize>, v: &str) -> Option<Option<Dec4>> {
        if v.is_empty() {
            return Some(None);
        }
        match Dec4::parse(v) {
            Ok(d) if d.is_negative() => {
                self.push(field, line, Kind::Negative { value: v.into() });
                None
            }
            Ok(d) => Some(Some(d)),
            Err(_) => {
                self.push(field, line, Kind::BadDecimal { value: v.into() });
                None
            }
        }
    }

    /// Adds a problem naming `total` when the sum of `items` (each `None` when its own
    /// product already overflowed) leaves decimal(19,4); answers the sum.
    pub fn total(
        &mut self,
        total: Total,
        items: impl IntoIterator<Item = Option<Dec4>>,
    ) -> Option<Dec4> {
        let sum = crate::totals::checked_sum(items);
        if sum.is_none() {
            self.push(Field::Total(total), None, Kind::TotalOutOfRange);
        }
        sum
    }

    /// `Ok(())` when nothing was found, else the refusal carrying every problem.
    pub fn finish(self) -> crate::CoreResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(crate::CoreError::Problems(self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_kept_in_input_order() {
        let mut p = Problems::new();
        p.text(Field::GoodsNo, None, "", 40);
        p.text(Field::SpecNo, Some(0), "A", 40);
        p.max_len(Field::SpecName, Some(1), &"长".repeat(41), 40);
        assert_eq!(p.amount(Field::Price, Some(2), "1.00001"), None);
        assert_eq!(p.amount(Field::Price, Some(3), "-1"), None);
        assert_eq!(
            p.amount(Field::Price, Some(4), "2.5"),
            Some(Some("2.5".parse().unwrap()))
        );
        assert_eq!(p.amount(Field::Price, Some(5), ""), Some(None));
        let v = p.into_vec();
        let kinds: Vec<_> = v.iter().map(|p| (p.field, p.line)).collect();
        assert_eq!(
            kinds,
            [
                (Field::GoodsNo, None),
                (Field::SpecName, Some(1)),
                (Field::Price, Some(2)),
                (Field::Price, Some(3)),
            ]
        );
        assert!(matches!(v[1].kind, Kind::TooLong { max: 40, .. }));
    }

    #[test]
    fn forty_chinese_characters_fit_forty() {
        let mut p = Problems::new();
        p.max_len(Field::SpecName, None, &"长".repeat(40), 40);
        assert!(p.is_empty());
        assert!(p.finish().is_ok());
    }
}
