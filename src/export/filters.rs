//! Temporal Cloud certificate filters (`tcld namespace certificate-filters import`):
//! `{"filters":[{"commonName","organization","organizationalUnit","subjectAlternativeName"}]}`.
//! Fields of one filter must all match, any filter may match; matching is
//! case-insensitive and exact, except for one `*` at the start or the end of a value.
//!
//! tcerts writes O=organisation and OU=namespace into every worker and cli certificate
//! of a namespace, so one filter on both admits exactly that namespace's certificates.

use serde::Serialize;

/// At most this many filters per namespace.
pub const MAX_FILTERS: usize = 25;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Filter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub common_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organizational_unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject_alternative_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Filters {
    pub filters: Vec<Filter>,
}

/// The filters admitting exactly the worker and cli certificates tcerts issues for `ns`.
pub fn for_namespace(org: &str, ns: &str) -> Result<Filters, String> {
    if org.contains('*') {
        return Err(format!(
            "the organisation '{org}' contains '*', which certificate filters read as a wildcard: \
             a filter on it would admit other organisations too"
        ));
    }
    let doc = Filters {
        filters: vec![Filter {
            organization: Some(org.to_string()),
            organizational_unit: Some(ns.to_string()),
            ..Filter::default()
        }],
    };
    validate(&doc)?;
    Ok(doc)
}

/// Checks Temporal Cloud's limits: 1 to 25 filters, each with at least one field, and at
/// most one `*`, only at the start or the end of a value.
pub fn validate(doc: &Filters) -> Result<(), String> {
    if doc.filters.is_empty() {
        return Err("no certificate filter: an empty list admits every certificate".into());
    }
    if doc.filters.len() > MAX_FILTERS {
        return Err(format!(
            "{} certificate filters; Temporal Cloud accepts at most {MAX_FILTERS}",
            doc.filters.len()
        ));
    }
    for (i, f) in doc.filters.iter().enumerate() {
        let fields = [
            ("commonName", &f.common_name),
            ("organization", &f.organization),
            ("organizationalUnit", &f.organizational_unit),
            ("subjectAlternativeName", &f.subject_alternative_name),
        ];
        if fields
            .iter()
            .all(|(_, v)| v.as_deref().is_none_or(str::is_empty))
        {
            return Err(format!(
                "filter #{}: no field set; it would match every certificate",
                i + 1
            ));
        }
        for (name, v) in fields {
            let Some(v) = v else { continue };
            let stars = v.matches('*').count();
            if stars > 1 || (stars == 1 && !(v.starts_with('*') || v.ends_with('*'))) {
                return Err(format!(
                    "filter #{} {name} '{v}': at most one '*', and only at the start or the end",
                    i + 1
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_filter_on_organisation_and_namespace() {
        let doc = for_namespace("Acme", "payments").unwrap();
        assert_eq!(
            serde_json::to_string(&doc).unwrap(),
            r#"{"filters":[{"organization":"Acme","organizationalUnit":"payments"}]}"#
        );
        assert!(for_namespace("Acme*", "payments").is_err());
    }

    #[test]
    fn limits() {
        let f = |cn: &str| Filter {
            common_name: Some(cn.into()),
            ..Filter::default()
        };
        assert!(
            validate(&Filters {
                filters: vec![f("*.workers")]
            })
            .is_ok()
        );
        assert!(
            validate(&Filters {
                filters: vec![f("workers*")]
            })
            .is_ok()
        );
        assert!(
            validate(&Filters {
                filters: vec![f("w*rk")]
            })
            .is_err()
        );
        assert!(
            validate(&Filters {
                filters: vec![f("*w*")]
            })
            .is_err()
        );
        assert!(
            validate(&Filters {
                filters: vec![Filter::default()]
            })
            .is_err()
        );
        assert!(
            validate(&Filters {
                filters: vec![f("a"); 26]
            })
            .is_err()
        );
        assert!(
            validate(&Filters {
                filters: vec![f("a"); 25]
            })
            .is_ok()
        );
    }
}
