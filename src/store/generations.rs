//! CA generations: after `tcerts ca rotate`, the rotated-out CA stays trusted in
//! `DIR/ca/previous/SCOPE/G<n>/` (same files as the current CA's directory) until
//! `tcerts ca retire` removes it. SCOPE is `root`, `intermediate` or `namespaces/NS`.
//! The generation is the `G<n>` at the end of the CA's common name (Temporal Cloud refuses
//! a bundle with two certificates of the same DN, and a rotation puts both in one).

use std::fs;
use std::path::PathBuf;

use super::{Error, Store};
use crate::pki::{CaKind, CertInfo};

/// The generation in a CA's common name (`… G3` → 3); 1 when it has none.
pub fn generation_of(cert: &CertInfo) -> u32 {
    cert.common_name
        .as_deref()
        .and_then(|cn| cn.rsplit_once(" G"))
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(1)
}

/// A rotated-out CA that is still trusted.
#[derive(Debug, Clone)]
pub struct PreviousCa {
    pub generation: u32,
    pub dir: PathBuf,
    pub cert: CertInfo,
}

impl Store {
    /// Where the rotated-out CAs of a scope are kept.
    pub fn previous_dir(&self, kind: &CaKind) -> PathBuf {
        let base = self.dir().join("ca/previous");
        match kind {
            CaKind::Root => base.join("root"),
            CaKind::Intermediate => base.join("intermediate"),
            CaKind::Namespace(ns) => base.join("namespaces").join(ns),
        }
    }

    /// The rotated-out CAs of a scope, newest first.
    pub fn previous_cas(&self, kind: &CaKind) -> Result<Vec<PreviousCa>, Error> {
        let dir = self.previous_dir(kind);
        let Ok(rd) = fs::read_dir(&dir) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for entry in rd.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(generation) = name.strip_prefix('G').and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            let path = entry.path().join("cert.pem");
            if path.is_file() {
                out.push(PreviousCa {
                    generation,
                    dir: entry.path(),
                    cert: Store::read_cert(&path)?,
                });
            }
        }
        out.sort_by_key(|p| std::cmp::Reverse(p.generation));
        Ok(out)
    }

    /// Every CA of a scope that is currently trusted: the current one first, then the
    /// rotated-out ones not yet retired, newest first. This is what a trust bundle of the
    /// scope (Temporal Cloud's accepted client CAs, `clientCaFiles`) must carry.
    pub fn trusted_cas(&self, kind: &CaKind) -> Result<Vec<CertInfo>, Error> {
        let mut out = Vec::new();
        let current = self.ca_dir(kind).join("cert.pem");
        if current.is_file() {
            out.push(Store::read_cert(&current)?);
        }
        for prev in self.previous_cas(kind)? {
            if !out.iter().any(|c| c.der == prev.cert.der) {
                out.push(prev.cert);
            }
        }
        Ok(out)
    }

    /// The trust anchors a peer needs (every trusted root, current first), as written to
    /// each certificate's `ca.pem`.
    pub fn trusted_roots_pem(&self) -> Result<String, Error> {
        Ok(self
            .trusted_cas(&CaKind::Root)?
            .iter()
            .map(CertInfo::pem)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::{CaSpec, KeyType, Validity, new_ca};

    #[test]
    fn generation_is_read_from_the_common_name() {
        let mut spec = CaSpec {
            kind: CaKind::Namespace("pay".into()),
            org: "Acme G7".into(),
            key_type: KeyType::EcdsaP256,
            validity: Validity::days(10),
            generation: 12,
        };
        let now = time::OffsetDateTime::now_utc();
        let ca = new_ca(&spec, None, now).unwrap();
        assert_eq!(generation_of(&ca.cert), 12);
        spec.generation = 1;
        let ca = new_ca(&spec, None, now).unwrap();
        assert_eq!(generation_of(&ca.cert), 1);
    }
}
