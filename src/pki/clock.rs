//! The clock tcerts dates and judges certificates by: the system clock, or TCERTS_NOW
//! (RFC 3339), the test clock. TCERTS_NOW is part of the product, so it is validated
//! before any command runs and announced on stderr whenever it is set.

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, macros::datetime};

/// The environment variable that replaces the system clock.
pub const VAR: &str = "TCERTS_NOW";

/// The earliest accepted TCERTS_NOW: X.509 UTCTime starts in 1950 (RFC 5280 4.1.2.5).
const EARLIEST: OffsetDateTime = datetime!(1950-01-01 00:00:00 UTC);
/// The latest accepted TCERTS_NOW: far enough below 9999-12-31 (the last time X.509 can
/// express) that now plus the longest validity tcerts allows (100 years) stays valid.
const LATEST: OffsetDateTime = datetime!(9000-01-01 00:00:00 UTC);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ClockError {
    #[error("{VAR}={0:?}: not an RFC 3339 time (for example 2030-01-01T00:00:00Z)")]
    Syntax(String),
    #[error(
        "{VAR}={0}: out of range: it must lie between 1950-01-01 and 9000-01-01 (certificates dated from it must stay within the years X.509 can express)"
    )]
    Range(String),
}

/// Parses and checks a TCERTS_NOW value.
pub fn parse_override(value: &str) -> Result<OffsetDateTime, ClockError> {
    let t = OffsetDateTime::parse(value.trim(), &Rfc3339)
        .map_err(|_| ClockError::Syntax(value.to_string()))?;
    if t < EARLIEST || t >= LATEST {
        return Err(ClockError::Range(value.to_string()));
    }
    Ok(t)
}

/// The TCERTS_NOW override, if set: None when unset, an error when it is not a usable
/// time (not UTF-8, not RFC 3339, or out of range).
pub fn override_from_env() -> Result<Option<OffsetDateTime>, ClockError> {
    match std::env::var_os(VAR) {
        None => Ok(None),
        Some(v) => match v.to_str() {
            Some(s) => parse_override(s).map(Some),
            None => Err(ClockError::Syntax(v.to_string_lossy().into_owned())),
        },
    }
}

/// The current time: TCERTS_NOW when set and valid, else the system clock. Commands
/// validate TCERTS_NOW first (`override_from_env`), so an invalid value never gets here
/// from the command line.
pub fn now() -> OffsetDateTime {
    override_from_env()
        .ok()
        .flatten()
        .unwrap_or_else(OffsetDateTime::now_utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_rfc3339_in_range() {
        assert_eq!(
            parse_override("2030-01-01T00:00:00Z").unwrap(),
            datetime!(2030-01-01 00:00:00 UTC)
        );
        assert!(parse_override("1950-01-01T00:00:00Z").is_ok());
        assert!(parse_override("8999-12-31T23:59:59+00:00").is_ok());
    }

    #[test]
    fn refuses_garbage_and_out_of_range() {
        for bad in [
            "",
            "garbage",
            "2030-01-01",
            "1700000000",
            "2030-13-01T00:00:00Z",
        ] {
            assert!(
                matches!(parse_override(bad), Err(ClockError::Syntax(_))),
                "{bad}"
            );
        }
        for far in [
            "9999-06-01T00:00:00Z",
            "9000-01-01T00:00:00Z",
            "1949-12-31T23:59:59Z",
            "0001-01-01T00:00:00Z",
        ] {
            assert!(
                matches!(parse_override(far), Err(ClockError::Range(_))),
                "{far}"
            );
        }
    }
}
