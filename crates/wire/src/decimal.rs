//! `decimal(19,4)` quantities and prices as exact fixed-point integers of 1/10000.

use std::fmt;

/// An exact decimal with 4 fractional digits, stored as an integer count of 1/10000.
///
/// The vendor columns are `decimal(19,4)` (15 integer digits); an `i64` of 1/10000 holds
/// magnitudes up to 922,337,203,685,477.5807, and anything larger is refused at parse time
/// rather than silently rounded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dec4(i64);

/// Why a text is not an acceptable quantity.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecError {
    #[error("not a plain decimal")]
    Syntax,
    #[error("more than 15 integer digits")]
    TooManyIntegerDigits,
    #[error("more than 4 fractional digits")]
    TooManyFractionDigits,
    #[error("out of range")]
    Range,
}

impl Dec4 {
    pub const ZERO: Dec4 = Dec4(0);
    pub const SCALE: i64 = 10_000;
    pub const ONE: Dec4 = Dec4(Self::SCALE);

    pub const fn from_raw(units: i64) -> Self {
        Dec4(units)
    }
    pub const fn raw(self) -> i64 {
        self.0
    }
    pub const fn from_int(n: i64) -> Self {
        Dec4(n * Self::SCALE)
    }
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
    pub fn checked_add(self, o: Dec4) -> Option<Dec4> {
        self.0.checked_add(o.0).map(Dec4)
    }
    pub fn checked_sub(self, o: Dec4) -> Option<Dec4> {
        self.0.checked_sub(o.0).map(Dec4)
    }
    pub fn abs(self) -> Dec4 {
        Dec4(self.0.abs())
    }

    /// `self × o`, rounded half away from zero to 4 decimals; `None` past the range.
    pub fn mul_round(self, o: Dec4) -> Option<Dec4> {
        round_div(
            i128::from(self.0) * i128::from(o.0),
            i128::from(Self::SCALE),
        )
    }

    /// `self ÷ o`, rounded half away from zero to 4 decimals; `None` for a zero divisor or
    /// past the range.
    pub fn div_round(self, o: Dec4) -> Option<Dec4> {
        if o.0 == 0 {
            return None;
        }
        round_div(
            i128::from(self.0) * i128::from(Self::SCALE),
            i128::from(o.0),
        )
    }

    /// Parses a plain decimal: optional `-`, digits, optional `.` and digits.
    /// No exponent, no `+`, no spaces, no NaN/Infinity, at most 15 integer and 4 fractional digits.
    pub fn parse(text: &str) -> Result<Dec4, DecError> {
        let (neg, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (body, None),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(int) || frac.is_some_and(|f| !digits(f)) {
            return Err(DecError::Syntax);
        }
        let int = int.trim_start_matches('0');
        if int.len() > 15 {
            return Err(DecError::TooManyIntegerDigits);
        }
        let frac = frac.unwrap_or("");
        if frac.len() > 4 {
            return Err(DecError::TooManyFractionDigits);
        }
        let int_val: i64 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| DecError::Range)?
        };
        let mut frac_val: i64 = 0;
        for i in 0..4 {
            let d = frac.as_bytes().get(i).map_or(0, |b| i64::from(b - b'0'));
            frac_val = frac_val * 10 + d;
        }
        let units = int_val
            .checked_mul(Self::SCALE)
            .and_then(|v| v.checked_add(frac_val))
            .ok_or(DecError::Range)?;
        Ok(Dec4(if neg { -units } else { units }))
    }

    /// The value as a JSON number with exactly 4 decimals (`10.0000`), as the vendor's
    /// `decimal(19,4)` columns serialise.
    pub fn to_json(self) -> serde_json::Value {
        let n: serde_json::Number = self
            .to_string()
            .parse()
            .expect("a formatted Dec4 is a JSON number");
        serde_json::Value::Number(n)
    }
}

fn round_div(n: i128, d: i128) -> Option<Dec4> {
    let (q, r) = (n / d, n % d);
    let q = if 2 * r.abs() >= d.abs() {
        q + if (n < 0) != (d < 0) { -1 } else { 1 }
    } else {
        q
    };
    i64::try_from(q).ok().map(Dec4)
}

impl fmt::Display for Dec4 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let s = Self::SCALE as u64;
        write!(f, "{sign}{}.{:04}", a / s, a % s)
    }
}

impl std::str::FromStr for Dec4 {
    type Err = DecError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dec4::parse(s)
    }
}

/// A JSON number with exactly 4 decimals (`10.0000`): the flagship's answers.
impl serde::Serialize for Dec4 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

/// Accepts a JSON number or a string, exactly (never through `f64`): the vendor sends both.
impl<'de> serde::Deserialize<'de> for Dec4 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = serde_json::Value::deserialize(d)?;
        let text = match &v {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.clone(),
            other => return Err(D::Error::custom(format!("expected a decimal, got {other}"))),
        };
        Dec4::parse(&text).map_err(|e| D::Error::custom(format!("decimal {text:?}: {e}")))
    }
}

/// A [`Dec4`] written as a string (`"10.0000"`): the enterprise edition's answers and both
/// editions' documented request examples.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dec4Str(pub Dec4);

impl From<Dec4> for Dec4Str {
    fn from(d: Dec4) -> Self {
        Dec4Str(d)
    }
}

impl std::str::FromStr for Dec4Str {
    type Err = DecError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dec4::parse(s).map(Dec4Str)
    }
}

impl fmt::Display for Dec4Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl serde::Serialize for Dec4Str {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Dec4Str {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Dec4::deserialize(d).map(Dec4Str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_decimals_exactly() {
        assert_eq!(Dec4::parse("200.0000").unwrap().raw(), 2_000_000);
        assert_eq!(Dec4::parse("0.0001").unwrap().raw(), 1);
        assert_eq!(Dec4::parse("12.5").unwrap().raw(), 125_000);
        assert_eq!(Dec4::parse("007").unwrap().raw(), 70_000);
        assert_eq!(Dec4::parse("-3.25").unwrap().raw(), -32_500);
        assert_eq!(Dec4::parse("922337203685477.5807").unwrap().raw(), i64::MAX);
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            "", "-", ".", "1.", ".5", "1e3", "+1", " 1", "1 ", "NaN", "inf", "1,0", "0x10", "--1",
        ] {
            assert_eq!(Dec4::parse(bad), Err(DecError::Syntax), "{bad:?}");
        }
        assert_eq!(Dec4::parse("1.00001"), Err(DecError::TooManyFractionDigits));
        assert_eq!(
            Dec4::parse("1234567890123456"),
            Err(DecError::TooManyIntegerDigits)
        );
        assert_eq!(Dec4::parse("922337203685477.5808"), Err(DecError::Range));
        assert_eq!(Dec4::parse("999999999999999"), Err(DecError::Range));
    }

    #[test]
    fn arithmetic_rounds_half_away_from_zero() {
        let d = |s| Dec4::parse(s).unwrap();
        // tax_price 11.3 with tax 0.13 is a pre-tax price of exactly 10.
        assert_eq!(d("11.3").div_round(d("1.13")), Some(d("10")));
        assert_eq!(d("10").div_round(d("3")), Some(d("3.3333")));
        assert_eq!(d("20").div_round(d("3")), Some(d("6.6667")));
        assert_eq!(d("-20").div_round(d("3")), Some(d("-6.6667")));
        assert_eq!(d("1").div_round(Dec4::ZERO), None);
        assert_eq!(d("0.0005").mul_round(d("0.5")), Some(d("0.0003")));
        assert_eq!(d("12.5").mul_round(d("1.13")), Some(d("14.125")));
        assert_eq!(Dec4::from_raw(i64::MAX).mul_round(d("2")), None);
    }

    #[test]
    fn json_numbers_and_strings_decode_exactly() {
        let fifth = serde_json::from_str::<Dec4>("200.00005").unwrap_err();
        assert!(fifth.to_string().contains("200.00005"), "{fifth}");
        let d: Dec4 = serde_json::from_str("12345678901234.5678").unwrap();
        assert_eq!(d.raw(), 123_456_789_012_345_678);
        let s: Dec4Str = serde_json::from_str("\"0.1\"").unwrap();
        assert_eq!(s.0.raw(), 1000);
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"0.1000\"");
        assert_eq!(serde_json::to_string(&s.0).unwrap(), "0.1000");
        assert!(serde_json::from_str::<Dec4>("true").is_err());
    }

    #[test]
    fn displays_four_decimals() {
        assert_eq!(Dec4::from_raw(125_000).to_string(), "12.5000");
        assert_eq!(Dec4::from_raw(-1).to_string(), "-0.0001");
        assert_eq!(
            serde_json::to_string(&Dec4::from_int(10)).unwrap(),
            "10.0000"
        );
    }
}
