//! PKCS#12 for Java workers: the key, the leaf, its intermediates and the root, encrypted
//! with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) and MACed with HMAC-SHA256, which OpenSSL 3
//! reads without `-legacy` and Java's keytool reads. The salts are random, so the bytes
//! differ on every run. The Temporal Java SDK loads it with
//! `SimpleSslContextBuilder.forPKCS12`; it holds no trusted-CA entry.

use std::path::Path;

use zeroize::Zeroizing;

use super::CertFiles;
use super::Error;
use crate::store::{self, Store};

/// The environment variable the password is read from when no --password-file is given.
pub const PASSWORD_ENV: &str = "TCERTS_P12_PASSWORD";

/// Iterations of PBKDF2 for the encryption and the MAC keys.
const ITERATIONS: u32 = 100_000;

/// Reads the password: the first line of `file`, else the environment variable. Never
/// from the command line, where other users can read it.
pub fn password(file: Option<&Path>) -> Result<Zeroizing<String>, Error> {
    let pw = match file {
        Some(p) => {
            let bytes = Zeroizing::new(store::read_input(p)?);
            let text = std::str::from_utf8(&bytes)
                .map_err(|_| Error::PasswordFileNotUtf8(p.to_path_buf()))?;
            let line = text.lines().next().unwrap_or("");
            Zeroizing::new(line.trim_end_matches('\r').to_string())
        }
        None => match std::env::var(PASSWORD_ENV) {
            Ok(v) => Zeroizing::new(v),
            Err(_) => {
                return Err(Error::NoPassword);
            }
        },
    };
    if pw.is_empty() {
        return Err(Error::EmptyPassword);
    }
    Ok(pw)
}

/// Builds the PKCS#12 bytes: the certificates (leaf first, then the intermediates and the
/// root) in a PBES2-encrypted safe, the key in a PBES2-shrouded key bag, and an
/// HMAC-SHA256 MAC over both, the layout `openssl pkcs12 -export -name ALIAS` writes. The
/// key bag and the leaf's certificate bag carry the alias as friendlyName and the same
/// localKeyId, so Java and OpenSSL pair them into one entry named ALIAS.
pub fn build(files: &CertFiles, alias: &str, password: &str) -> Result<Vec<u8>, Error> {
    let key = files.private_key()?;
    let key_der = Zeroizing::new(key.serialize_der());
    let mut certs = Store::read_certs(&files.chain)?;
    // The root that issued the chain's last certificate completes it. A namespace with its
    // own root has none in ca.pem (that holds the roots that verify the server): its leaf
    // goes alone, as the server holds the namespace CA (docs/trust-model.md).
    let issuer = certs.last().and_then(|last| {
        Store::read_certs(&files.ca).ok().and_then(|roots| {
            roots
                .into_iter()
                .find(|r| r.der != last.der && crate::pki::is_signed_by(last, r))
        })
    });
    if let Some(root) = issuer {
        certs.push(root);
    }
    // The certificate's SHA-1, as OpenSSL sets localKeyId.
    let local_key_id = aws_lc_rs::digest::digest(
        &aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY,
        &files.cert.der,
    )
    .as_ref()
    .to_vec();
    let ders: Vec<&[u8]> = certs.iter().map(|c| c.der.as_ref()).collect();
    pfx::write(&ders, &key_der, alias, &local_key_id, password).map_err(|e| Error::Pkcs12 {
        chain: files.chain.clone(),
        why: e.to_string(),
    })
}

/// The PKCS#12 (RFC 7292) encoding, with the RustCrypto ASN.1 types.
mod pfx {
    use cms::cert::x509::attr::{Attribute, AttributeValue, Attributes};
    use cms::cert::x509::spki::AlgorithmIdentifierOwned;
    use cms::content_info::{CmsVersion, ContentInfo};
    use cms::encrypted_data::EncryptedData;
    use cms::enveloped_data::EncryptedContentInfo;
    use der::asn1::{BmpString, ObjectIdentifier, OctetString, OctetStringRef, SetOfVec};
    use der::{Any, Encode};
    use pkcs5::pbes2;
    use pkcs12::pbe_params::EncryptedPrivateKeyInfo;
    use pkcs12::pfx::{Pfx, Version};
    use pkcs12::{CertBag, DigestInfo, MacData, SafeBag, kdf};

    use super::ITERATIONS;

    const DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
    const ENCRYPTED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");
    const PBES2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.13");
    const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
    const FRIENDLY_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.20");
    const LOCAL_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.21");
    const X509_CERTIFICATE: ObjectIdentifier =
        ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.22.1");
    const SHROUDED_KEY_BAG: ObjectIdentifier =
        ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.2");
    const CERT_BAG: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.3");

    #[derive(Debug, thiserror::Error)]
    pub enum Error {
        #[error("ASN.1: {0}")]
        Der(#[from] der::Error),
        #[error("PBES2: {0}")]
        Pbes2(String),
        #[error("no random bytes from the system")]
        Random,
    }

    fn random<const N: usize>() -> Result<[u8; N], Error> {
        let mut b = [0u8; N];
        aws_lc_rs::rand::fill(&mut b).map_err(|_| Error::Random)?;
        Ok(b)
    }

    /// friendlyName (BMPString) and localKeyId bag attributes.
    fn attributes(name: Option<&str>, local_key_id: Option<&[u8]>) -> Result<Attributes, Error> {
        let mut attrs = Attributes::new();
        if let Some(name) = name {
            let v = Any::encode_from(&BmpString::from_utf8(name)?)?;
            attrs.insert(Attribute {
                oid: FRIENDLY_NAME,
                values: SetOfVec::<AttributeValue>::from_iter([v])?,
            })?;
        }
        if let Some(id) = local_key_id {
            let v = Any::encode_from(&OctetStringRef::new(id)?)?;
            attrs.insert(Attribute {
                oid: LOCAL_KEY_ID,
                values: SetOfVec::<AttributeValue>::from_iter([v])?,
            })?;
        }
        Ok(attrs)
    }

    /// PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) with a fresh salt and IV.
    fn encrypt(data: &[u8], password: &str) -> Result<(AlgorithmIdentifierOwned, Vec<u8>), Error> {
        let salt: [u8; 32] = random()?;
        let iv: [u8; 16] = random()?;
        let params = pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(ITERATIONS, &salt, iv)
            .map_err(|e| Error::Pbes2(e.to_string()))?;
        let encrypted = params
            .encrypt(password.as_bytes(), data)
            .map_err(|e| Error::Pbes2(e.to_string()))?;
        let alg = AlgorithmIdentifierOwned {
            oid: PBES2,
            parameters: Some(Any::encode_from(&params)?),
        };
        Ok((alg, encrypted))
    }

    /// `certs`: the leaf first. `key`: PKCS#8 DER.
    pub fn write(
        certs: &[&[u8]],
        key: &[u8],
        alias: &str,
        local_key_id: &[u8],
        password: &str,
    ) -> Result<Vec<u8>, Error> {
        let certs_safe = certs_safe(certs, alias, local_key_id, password)?;
        let keys_safe = keys_safe(key, alias, local_key_id, password)?;
        let safes = vec![certs_safe, keys_safe].to_der()?;
        let auth_safe = ContentInfo {
            content_type: DATA,
            content: Any::encode_from(&OctetString::new(safes.clone())?)?,
        };
        let pfx = Pfx {
            version: Version::V3,
            auth_safe,
            mac_data: Some(mac_data(&safes, password)?),
        };
        Ok(pfx.to_der()?)
    }

    /// The certificates, encrypted: the leaf first, with the alias and the key's id.
    fn certs_safe(
        certs: &[&[u8]],
        alias: &str,
        local_key_id: &[u8],
        password: &str,
    ) -> Result<ContentInfo, Error> {
        let mut cert_bags = Vec::new();
        for (i, der) in certs.iter().enumerate() {
            // The leaf carries the alias and the key's id; the CAs carry neither, so no
            // reader takes them for entries of their own.
            let attrs = if i == 0 {
                attributes(Some(alias), Some(local_key_id))?
            } else {
                Attributes::new()
            };
            let bag = CertBag {
                cert_id: X509_CERTIFICATE,
                cert_value: OctetString::new(*der)?,
            };
            cert_bags.push(SafeBag {
                bag_id: CERT_BAG,
                bag_value: bag.to_der()?,
                bag_attributes: (!attrs.is_empty()).then_some(attrs),
            });
        }
        let (alg, encrypted) = encrypt(&cert_bags.to_der()?, password)?;
        Ok(ContentInfo {
            content_type: ENCRYPTED_DATA,
            content: Any::encode_from(&EncryptedData {
                version: CmsVersion::V0,
                enc_content_info: EncryptedContentInfo {
                    content_type: DATA,
                    content_enc_alg: alg,
                    encrypted_content: Some(OctetString::new(encrypted)?),
                },
                unprotected_attrs: None,
            })?,
        })
    }

    /// The private key, shrouded (PKCS#8 encrypted), with the alias and the key's id.
    fn keys_safe(
        key: &[u8],
        alias: &str,
        local_key_id: &[u8],
        password: &str,
    ) -> Result<ContentInfo, Error> {
        let (alg, encrypted) = encrypt(key, password)?;
        let shrouded = EncryptedPrivateKeyInfo {
            encryption_algorithm: alg,
            encrypted_data: OctetString::new(encrypted)?,
        };
        let key_bags = vec![SafeBag {
            bag_id: SHROUDED_KEY_BAG,
            bag_value: shrouded.to_der()?,
            bag_attributes: Some(attributes(Some(alias), Some(local_key_id))?),
        }];
        Ok(ContentInfo {
            content_type: DATA,
            content: Any::encode_from(&OctetString::new(key_bags.to_der()?)?)?,
        })
    }

    /// HMAC-SHA256 over the authenticated safe's content, keyed by the PKCS#12 KDF.
    fn mac_data(safes: &[u8], password: &str) -> Result<MacData, Error> {
        let salt: [u8; 8] = random()?;
        let mac_key = kdf::derive_key_utf8::<sha2::Sha256>(
            password,
            &salt,
            kdf::Pkcs12KeyType::Mac,
            ITERATIONS as i32,
            32,
        )?;
        let tag = aws_lc_rs::hmac::sign(
            &aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, &mac_key),
            safes,
        );
        Ok(MacData {
            mac: DigestInfo {
                algorithm: AlgorithmIdentifierOwned {
                    oid: SHA256,
                    parameters: None,
                },
                digest: OctetString::new(tag.as_ref())?,
            },
            mac_salt: OctetString::new(salt.as_slice())?,
            iterations: ITERATIONS as i32,
        })
    }
}
