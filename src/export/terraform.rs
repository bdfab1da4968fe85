//! A `temporalcloud_namespace` resource (Terraform provider temporalio/temporalcloud) for
//! one Temporal namespace: `accepted_client_ca` (base64 of the PEM bundle, inline or as
//! `filebase64()` of a bundle file beside the snippet) and `certificate_filters` in the
//! provider's snake_case attribute names. What only the user knows (regions, retention)
//! is a Terraform variable without a default, so `terraform plan` asks for it instead of
//! applying a made-up value.

use std::fmt::Write;

use super::filters::Filters;

/// Where the resource's `accepted_client_ca` comes from.
pub enum CaSource<'a> {
    /// Base64 of the PEM text, in the snippet.
    Inline(&'a str),
    /// A PEM bundle file beside the snippet (its file name).
    File(&'a str),
}

pub struct Namespace<'a> {
    pub name: &'a str,
    pub ca: CaSource<'a>,
    pub ca_count: usize,
    pub filters: &'a Filters,
}

/// An HCL quoted string: `\`, `"` and control characters escaped, and `${` / `%{`
/// doubled so they are not read as template sequences.
pub fn hcl_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Terraform identifier from a namespace name: letters, digits, `_` and `-`, not
/// starting with a digit or `-`.
pub fn identifier(ns: &str) -> String {
    let mut id: String = ns
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !id.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        id.insert_str(0, "ns_");
    }
    id
}

pub fn snippet(ns: &Namespace<'_>) -> String {
    let id = identifier(ns.name);
    let mut s = String::new();
    write_variables(&mut s, ns, &id);
    write_resource(&mut s, ns, &id);
    s
}

/// The header comment and the two variables the user fills in.
fn write_variables(s: &mut String, ns: &Namespace<'_>, id: &str) {
    let _ = writeln!(
        s,
        "# Temporal Cloud namespace \"{}\", written by tcerts: its accepted client CA bundle\n\
         # ({} certificate{}, root first) and the certificate filters that admit only its\n\
         # certificates. FILL IN: the two variables below (terraform asks for them until set).\n",
        ns.name.replace(['\n', '\r'], " "),
        ns.ca_count,
        if ns.ca_count == 1 { "" } else { "s" }
    );
    let _ = writeln!(
        s,
        "variable \"{id}_regions\" {{\n  \
           description = {}\n  \
           type        = list(string)\n\
         }}\n",
        hcl_string(&format!(
            "FILL IN: the Temporal Cloud region(s) of namespace {}, e.g. [\"aws-us-east-1\"]",
            ns.name
        ))
    );
    let _ = writeln!(
        s,
        "variable \"{id}_retention_days\" {{\n  \
           description = {}\n  \
           type        = number\n\
         }}\n",
        hcl_string(&format!(
            "FILL IN: how many days namespace {} keeps closed workflow histories",
            ns.name
        ))
    );
}

/// The `temporalcloud_namespace` resource: its CA bundle and certificate filters.
fn write_resource(s: &mut String, ns: &Namespace<'_>, id: &str) {
    let _ = writeln!(s, "resource \"temporalcloud_namespace\" \"{id}\" {{");
    let _ = writeln!(
        s,
        "  # CHECK: the namespace's name in Temporal Cloud, without the account suffix."
    );
    let _ = writeln!(s, "  name           = {}", hcl_string(ns.name));
    let _ = writeln!(s, "  regions        = var.{id}_regions");
    let _ = writeln!(s, "  retention_days = var.{id}_retention_days");
    match ns.ca {
        CaSource::Inline(b64) => {
            let _ = writeln!(
                s,
                "  # Base64 of the PEM bundle (`tcerts bundle --namespace {} --format base64`).",
                ns.name
            );
            let _ = writeln!(s, "  accepted_client_ca = {}", hcl_string(b64));
        }
        CaSource::File(file) => {
            let _ = writeln!(
                s,
                "  # The PEM bundle tcerts wrote beside this file (`tcerts bundle --namespace {}`).",
                ns.name
            );
            // `${path.module}` is a template sequence on purpose; the file name is
            // escaped on its own.
            let name = hcl_string(file);
            let _ = writeln!(
                s,
                "  accepted_client_ca = filebase64(\"${{path.module}}/{}\")",
                &name[1..name.len() - 1]
            );
        }
    }
    let _ = writeln!(s, "  certificate_filters = [");
    for f in &ns.filters.filters {
        let fields = [
            ("common_name", &f.common_name),
            ("organization", &f.organization),
            ("organizational_unit", &f.organizational_unit),
            ("subject_alternative_name", &f.subject_alternative_name),
        ];
        let _ = writeln!(s, "    {{");
        for (k, v) in fields {
            if let Some(v) = v {
                let _ = writeln!(s, "      {k} = {}", hcl_string(v));
            }
        }
        let _ = writeln!(s, "    }},");
    }
    let _ = writeln!(s, "  ]");
    let _ = writeln!(s, "}}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_identifiers() {
        assert_eq!(hcl_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(hcl_string("${x} %{y} $z"), r#""$${x} %%{y} $z""#);
        assert_eq!(identifier("payments"), "payments");
        assert_eq!(identifier("a.b"), "a_b");
        assert_eq!(identifier("9x"), "ns_9x");
        assert_eq!(identifier("-x"), "ns_-x");
    }
}
