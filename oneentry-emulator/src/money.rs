//! Amounts of money, kept in cents so that totals are exact.
//!
//! OneEntry writes the same total in two forms (docs/wire.md#numeric): a JSON number after an order
//! is created (`400`) and a string with two decimals when it is read back (`"400.00"`).

use oneentry_client::Numeric;

/// An amount as a JSON number: an integer when it has no cents (`400`), else a decimal.
pub(crate) fn number(cents: i64) -> Numeric {
    if cents % 100 == 0 {
        Numeric::from(cents / 100)
    } else {
        Numeric::from(float(cents))
    }
}

/// An amount as a float, for the model fields the spec types as `number`.
pub(crate) fn float(cents: i64) -> f64 {
    cents as f64 / 100.0
}

/// An amount as text with exactly two decimals (`"400.00"`, `"3.05"`, `"-0.50"`).
pub(crate) fn text(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_amounts_are_integers_on_the_wire() {
        let json = serde_json::to_string(&number(40_000)).ok();
        assert_eq!(json.as_deref(), Some("400"));
        let json = serde_json::to_string(&number(12_345)).ok();
        assert_eq!(json.as_deref(), Some("123.45"));
    }

    #[test]
    fn text_has_two_decimals() {
        assert_eq!(text(40_000), "400.00");
        assert_eq!(text(305), "3.05");
        assert_eq!(text(0), "0.00");
        assert_eq!(text(-50), "-0.50");
    }
}
