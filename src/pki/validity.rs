//! Validity periods, clamping to the issuer, and serial numbers.

use std::fmt;
use std::str::FromStr;

use rcgen::SerialNumber;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Duration, OffsetDateTime};

use super::Error;

/// A validity period written as a number and a unit: `12h`, `90d`, `2w`, `1y` (365 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Validity {
    amount: u32,
    unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    Hour,
    Day,
    Week,
    Year,
}

impl Validity {
    pub const fn days(amount: u32) -> Validity {
        Validity {
            amount,
            unit: Unit::Day,
        }
    }

    pub const fn years(amount: u32) -> Validity {
        Validity {
            amount,
            unit: Unit::Year,
        }
    }

    pub fn duration(self) -> Duration {
        let n = i64::from(self.amount);
        match self.unit {
            Unit::Hour => Duration::hours(n),
            Unit::Day => Duration::days(n),
            Unit::Week => Duration::weeks(n),
            Unit::Year => Duration::days(365 * n),
        }
    }
}

impl FromStr for Validity {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = || Error::InvalidDuration(s.to_string());
        let t = s.trim();
        let split = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        let (num, unit) = t.split_at(split);
        let too_long = || Error::DurationOutOfRange(s.to_string());
        if num.is_empty() {
            return Err(bad());
        }
        // All digits, so a failed parse means a number too large for u32.
        let amount: u32 = num.parse().map_err(|_| too_long())?;
        let unit = match unit {
            "h" => Unit::Hour,
            "d" => Unit::Day,
            "w" => Unit::Week,
            "y" => Unit::Year,
            _ => return Err(bad()),
        };
        // Zero or over a century is a typo, not a plan.
        let v = Validity { amount, unit };
        if amount == 0 || v.duration() > Duration::days(365 * 100) {
            return Err(too_long());
        }
        Ok(v)
    }
}

/// A look-ahead window such as `list --expiring-within`: a duration like a validity, and
/// also zero (`0d`: what has already expired).
pub fn parse_window(s: &str) -> Result<Duration, Error> {
    let t = s.trim();
    if let Some(unit) = t.strip_prefix('0').map(|u| u.trim_start_matches('0'))
        && ["h", "d", "w", "y"].contains(&unit)
    {
        return Ok(Duration::ZERO);
    }
    Ok(t.parse::<Validity>()?.duration())
}

impl fmt::Display for Validity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let u = match self.unit {
            Unit::Hour => "h",
            Unit::Day => "d",
            Unit::Week => "w",
            Unit::Year => "y",
        };
        write!(f, "{}{}", self.amount, u)
    }
}

impl Serialize for Validity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Validity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// `[defaults] expiry_warning` when tcerts.toml does not set it.
pub const DEFAULT_EXPIRY_WARNING: Validity = Validity::days(14);

/// The one renewal and expiry rule, shared by `doctor` (expiring-soon), `plan`/`apply`
/// (renew), `list` (status `due`) and `metrics`: a certificate is due when its renew
/// window is reached or fewer than `expiry_warning` days are left, whichever comes first.
///
/// - The renew window is `renew_before` (tcerts.toml, per certificate or `[defaults]`), or
///   the last third of the lifetime without one; a `renew_before` as long as the lifetime
///   (a certificate cut short by its CA's end) becomes half of it, so that renewal settles.
/// - `expiry_warning` never counts for more than a third of the lifetime: a certificate
///   shorter than three times it (a 10-day certificate against 14 days) would otherwise
///   be due the moment it is issued, and `apply` would renew it on every run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Renewal {
    pub renew_before: Option<Duration>,
    pub expiry_warning: Duration,
}

impl Default for Renewal {
    fn default() -> Renewal {
        Renewal {
            renew_before: None,
            expiry_warning: DEFAULT_EXPIRY_WARNING.duration(),
        }
    }
}

impl Renewal {
    /// How long before `not_after` the certificate is due.
    pub fn window(&self, not_before: OffsetDateTime, not_after: OffsetDateTime) -> Duration {
        let lifetime = not_after - not_before;
        let window = match self.renew_before {
            Some(w) if w < lifetime => w,
            Some(_) => lifetime / 2,
            None => lifetime / 3,
        };
        window.max(self.expiry_warning.min(lifetime / 3))
    }

    /// From when the certificate is due for renewal.
    pub fn due_at(&self, not_before: OffsetDateTime, not_after: OffsetDateTime) -> OffsetDateTime {
        not_after - self.window(not_before, not_after)
    }

    /// Whether it is due at `now` (expired certificates are due too).
    pub fn is_due(
        &self,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
        now: OffsetDateTime,
    ) -> bool {
        self.due_at(not_before, not_after) <= now
    }
}

/// Certificates start a few minutes in the past so that peers with a slightly slow clock
/// do not reject them as not yet valid.
pub const BACKDATE: Duration = Duration::minutes(5);

/// The end of a certificate's validity, never later than its issuer's: a leaf that
/// outlives its CA fails verification on the day the CA expires. Returns the end and
/// whether it was clamped.
pub fn clamp_to_issuer(
    wanted: OffsetDateTime,
    issuer_not_after: OffsetDateTime,
) -> (OffsetDateTime, bool) {
    if wanted > issuer_not_after {
        (issuer_not_after, true)
    } else {
        (wanted, false)
    }
}

/// A random positive serial of 128 bits with the top bit clear (RFC 5280: positive, at
/// most 20 octets; CA/B Forum: at least 64 bits of randomness).
pub fn random_serial() -> Result<SerialNumber, Error> {
    let mut bytes = [0u8; 16];
    aws_lc_rs::rand::fill(&mut bytes).map_err(|_| Error::Sign("no secure random source".into()))?;
    bytes[0] &= 0x7f;
    bytes[0] |= 0x40; // never a leading zero octet, so the DER length is always 16
    Ok(SerialNumber::from_slice(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_may_be_zero_a_validity_may_not() {
        assert_eq!(parse_window("0d").unwrap(), Duration::ZERO);
        assert_eq!(parse_window("00h").unwrap(), Duration::ZERO);
        assert_eq!(parse_window("30d").unwrap(), Duration::days(30));
        assert!(parse_window("0").is_err());
        assert!(parse_window("0x").is_err());
        assert!("0d".parse::<Validity>().is_err());
    }

    #[test]
    fn parses_units_and_rejects_nonsense() {
        assert_eq!(
            "90d".parse::<Validity>().unwrap().duration(),
            Duration::days(90)
        );
        assert_eq!(
            "1y".parse::<Validity>().unwrap().duration(),
            Duration::days(365)
        );
        assert_eq!(
            "2w".parse::<Validity>().unwrap().duration(),
            Duration::days(14)
        );
        assert_eq!(
            "12h".parse::<Validity>().unwrap().duration(),
            Duration::hours(12)
        );
        for bad in [
            "",
            "d",
            "90",
            "0d",
            "-1d",
            "1.5y",
            "101y",
            "9999999999d",
            "1m",
            "1 y",
        ] {
            assert!(bad.parse::<Validity>().is_err(), "{bad} should be refused");
        }
        assert_eq!("90d".parse::<Validity>().unwrap().to_string(), "90d");
    }

    #[test]
    fn serials_are_positive_random_and_sixteen_octets() {
        let a = random_serial().unwrap().to_bytes();
        let b = random_serial().unwrap().to_bytes();
        assert_eq!(a.len(), 16);
        assert!(a[0] & 0x80 == 0 && a[0] != 0);
        assert_ne!(a, b);
    }

    #[test]
    fn due_at_the_window_or_the_expiry_warning_whichever_comes_first() {
        let start = OffsetDateTime::UNIX_EPOCH;
        let d = Duration::days;
        let rule = |rb: Option<i64>, warn: i64| Renewal {
            renew_before: rb.map(d),
            expiry_warning: d(warn),
        };
        // Default window: the last third (30 days of 90), larger than 14 days.
        assert_eq!(rule(None, 14).due_at(start, start + d(90)), start + d(60));
        // A short renew_before: the 14-day warning comes first.
        assert_eq!(
            rule(Some(7), 14).due_at(start, start + d(365)),
            start + d(351)
        );
        // A long renew_before wins over the warning.
        assert_eq!(
            rule(Some(60), 14).due_at(start, start + d(365)),
            start + d(305)
        );
        // renew_before as long as the lifetime: half of it.
        assert_eq!(
            rule(Some(100), 14).due_at(start, start + d(90)),
            start + d(45)
        );
        // A 10-day certificate is not due the day it is issued, whatever the warning.
        let ten = rule(None, 14);
        assert!(!ten.is_due(start, start + d(10), start));
        assert!(ten.is_due(start, start + d(10), start + d(7)));
        assert!(!rule(Some(2), 30).is_due(start, start + d(10), start + d(6)));
        assert!(rule(Some(2), 30).is_due(start, start + d(10), start + d(7)));
    }

    #[test]
    fn clamps_to_issuer() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let (end, clamped) = clamp_to_issuer(now + Duration::days(10), now + Duration::days(5));
        assert!(clamped);
        assert_eq!(end, now + Duration::days(5));
        assert!(!clamp_to_issuer(now, now + Duration::days(5)).1);
    }
}
