//! The few DER shapes a PKCS#11 key needs to become X.509: an ECDSA signature from the raw
//! `r || s` a token returns, an RSA public key from its modulus and exponent, and the
//! EC point a token wraps in an OCTET STRING.

fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    push_len(&mut out, content.len());
    out.extend_from_slice(content);
    out
}

/// A positive INTEGER from big-endian magnitude bytes (minimal, with a 0 byte when the
/// high bit is set).
fn integer(magnitude: &[u8]) -> Vec<u8> {
    let trimmed: &[u8] = match magnitude.iter().position(|b| *b != 0) {
        Some(i) => &magnitude[i..],
        None => &[0],
    };
    let mut content = Vec::with_capacity(trimmed.len() + 1);
    if trimmed[0] & 0x80 != 0 {
        content.push(0);
    }
    content.extend_from_slice(trimmed);
    tlv(0x02, &content)
}

/// `r || s` (each half the length) as the DER `Ecdsa-Sig-Value` X.509 carries.
pub fn ecdsa_signature(raw: &[u8]) -> Option<Vec<u8>> {
    if raw.is_empty() || !raw.len().is_multiple_of(2) {
        return None;
    }
    let (r, s) = raw.split_at(raw.len() / 2);
    let mut seq = integer(r);
    seq.extend(integer(s));
    Some(tlv(0x30, &seq))
}

/// The PKCS#1 `RSAPublicKey` (what rcgen and X.509 carry as the subjectPublicKey).
pub fn rsa_public_key(modulus: &[u8], exponent: &[u8]) -> Vec<u8> {
    let mut seq = integer(modulus);
    seq.extend(integer(exponent));
    tlv(0x30, &seq)
}

/// The uncompressed EC point from CKA_EC_POINT: PKCS#11 says DER OCTET STRING, some
/// tokens give the raw point.
pub fn ec_point(value: &[u8], point_len: usize) -> Option<Vec<u8>> {
    if value.len() == point_len && value.first() == Some(&0x04) {
        return Some(value.to_vec());
    }
    let mut header = vec![0x04];
    push_len(&mut header, point_len);
    let rest = value.strip_prefix(header.as_slice())?;
    (rest.len() == point_len && rest.first() == Some(&0x04)).then(|| rest.to_vec())
}

/// CKA_EC_PARAMS of the named curves tcerts uses (the curve OID, DER).
pub const P256_PARAMS: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
pub const P384_PARAMS: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_minimal_der() {
        let mut raw = vec![0u8; 64];
        raw[0] = 0x80; // r needs a leading zero
        raw[32] = 0x00;
        raw[33] = 0x01; // s has a leading zero to drop
        let der = ecdsa_signature(&raw).unwrap();
        assert_eq!(der[0], 0x30);
        assert_eq!(&der[2..5], &[0x02, 33, 0x00]);
        let s_at = 2 + 2 + 33;
        assert_eq!(&der[s_at..s_at + 2], &[0x02, 31]);
        assert!(ecdsa_signature(&[1, 2, 3]).is_none());
    }

    #[test]
    fn long_lengths_and_points() {
        let m = vec![0xffu8; 384];
        let der = rsa_public_key(&m, &[1, 0, 1]);
        assert_eq!(&der[..4], &[0x30, 0x82, 0x01, 0x8a]);
        let mut p = vec![0x04u8; 65];
        p[1] = 7;
        assert_eq!(ec_point(&p, 65).unwrap(), p);
        let wrapped = [vec![0x04, 65], p.clone()].concat();
        assert_eq!(ec_point(&wrapped, 65).unwrap(), p);
        let mut p384 = vec![0x04u8; 97];
        p384[1] = 9;
        let wrapped = [vec![0x04, 97], p384.clone()].concat();
        assert_eq!(ec_point(&wrapped, 97).unwrap(), p384);
        assert!(ec_point(&[0x04, 2, 0x04, 1], 65).is_none());
    }
}
