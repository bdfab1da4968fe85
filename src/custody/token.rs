//! A logged-in session on a PKCS#11 token, the CA keys tcerts generates in it, and
//! `rcgen::SigningKey` over them.

use std::path::PathBuf;
use std::sync::Mutex;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::RvError;
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{
    Attribute, AttributeType, KeyType as P11KeyType, ObjectClass, ObjectHandle,
};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;
use rcgen::{PublicKeyData, SignatureAlgorithm, SigningKey};
use zeroize::Zeroizing;

use super::der;
use super::{Error, PIN_ENV, Pkcs11Uri, module_for};
use crate::pki::KeyType;

/// One initialised context per module for the whole process (C_Initialize once).
static CONTEXTS: Mutex<Vec<(PathBuf, Pkcs11)>> = Mutex::new(Vec::new());

fn context(uri: &Pkcs11Uri, module: &PathBuf) -> Result<Pkcs11, Error> {
    let mut contexts = CONTEXTS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, c)) = contexts.iter().find(|(p, _)| p == module) {
        return Ok(c.clone());
    }
    let fail = |message: String| Error::Module {
        uri: uri.to_string(),
        module: module.clone(),
        message,
    };
    if !module.is_file() {
        return Err(fail("no such file".into()));
    }
    let ctx = Pkcs11::new(module).map_err(|e| fail(e.to_string()))?;
    match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) | Err(cryptoki::error::Error::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
        Err(e) => return Err(fail(e.to_string())),
    }
    contexts.push((module.clone(), ctx.clone()));
    Ok(ctx)
}

/// Logins a token refused in this process (module, label, error): never retried, since
/// HSMs lock the PIN after a few wrong tries and one run may load several CAs.
static REFUSED: Mutex<Vec<(PathBuf, String, String)>> = Mutex::new(Vec::new());

/// The user PIN: TCERTS_PKCS11_PIN, else the first line of the URI's pin-source file.
fn pin(uri: &Pkcs11Uri) -> Result<AuthPin, Error> {
    if let Some(v) = std::env::var_os(PIN_ENV).filter(|v| !v.is_empty()) {
        let s = Zeroizing::new(v.to_string_lossy().into_owned());
        return Ok(AuthPin::from(s.as_str()));
    }
    let Some(source) = &uri.pin_source else {
        return Err(Error::NoPin {
            uri: uri.to_string(),
        });
    };
    let path = source.strip_prefix("file:").unwrap_or(source);
    // file:///x and file:/x both name /x.
    let path = path.strip_prefix("//").unwrap_or(path);
    let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| Error::PinSource {
        uri: uri.to_string(),
        path: path.to_string(),
        message: e.to_string(),
    })?);
    let line = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches('\r');
    if line.is_empty() {
        return Err(Error::PinSource {
            uri: uri.to_string(),
            path: path.to_string(),
            message: "the first line is empty".into(),
        });
    }
    Ok(AuthPin::from(line))
}

/// A logged-in read-write session on the token a URI names.
pub struct Token {
    uri: Pkcs11Uri,
    session: Session,
    slot: Slot,
    ctx: Pkcs11,
}

impl Token {
    /// Finds the token by label and logs in; fails (naming the URI) for a missing module,
    /// a missing token, no PIN or a wrong PIN.
    pub fn open(uri: &Pkcs11Uri) -> Result<Token, Error> {
        let module = module_for(uri)?;
        let ctx = context(uri, &module)?;
        let fail = |what: &str, e: cryptoki::error::Error| Error::Token {
            uri: uri.to_string(),
            what: what.to_string(),
            message: e.to_string(),
        };
        let slots = ctx
            .get_slots_with_token()
            .map_err(|e| fail("listing slots", e))?;
        let mut labels = Vec::new();
        let mut found = None;
        for slot in slots {
            let Ok(info) = ctx.get_token_info(slot) else {
                continue;
            };
            let label = info.label().trim_end().to_string();
            if label == uri.token_label() {
                found = Some(slot);
                break;
            }
            if !label.is_empty() {
                labels.push(label);
            }
        }
        let Some(slot) = found else {
            return Err(Error::NoToken {
                uri: uri.to_string(),
                label: uri.token_label().to_string(),
                module,
                available: if labels.is_empty() {
                    "none".into()
                } else {
                    labels.join(", ")
                },
            });
        };
        let refused = |message: String| {
            REFUSED
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push((
                    module.clone(),
                    uri.token_label().to_string(),
                    message.clone(),
                ));
            Error::Login {
                uri: uri.to_string(),
                message,
            }
        };
        if let Some((_, _, message)) = REFUSED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .find(|(m, l, _)| *m == module && l == uri.token_label())
        {
            return Err(Error::Login {
                uri: uri.to_string(),
                message: format!(
                    "{message} (not tried again: HSMs lock the PIN after a few wrong tries)"
                ),
            });
        }
        let pin = pin(uri)?;
        let session = ctx
            .open_rw_session(slot)
            .map_err(|e| fail("opening a session", e))?;
        match session.login(UserType::User, Some(&pin)) {
            Ok(()) | Err(cryptoki::error::Error::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => {}
            Err(cryptoki::error::Error::Pkcs11(
                rv @ (RvError::PinIncorrect | RvError::PinInvalid | RvError::PinLenRange),
                _,
            )) => {
                return Err(refused(format!(
                    "the PIN is wrong ({rv:?}); check {PIN_ENV} or the pin-source file"
                )));
            }
            Err(cryptoki::error::Error::Pkcs11(RvError::PinLocked, _)) => {
                return Err(refused(
                    "the user PIN is locked (too many wrong PINs); the token's security officer must reset it".into(),
                ));
            }
            Err(e) => return Err(fail("logging in", e)),
        }
        Ok(Token {
            uri: uri.clone(),
            session,
            slot,
            ctx,
        })
    }

    pub fn uri(&self) -> &Pkcs11Uri {
        &self.uri
    }

    fn err(&self, what: &str, e: cryptoki::error::Error) -> Error {
        Error::Token {
            uri: self.uri.to_string(),
            what: what.to_string(),
            message: e.to_string(),
        }
    }

    /// Generates a CA key pair in the token: the private half on the token, private,
    /// sensitive, never extractable, for signing only. `label` names both halves; `id`
    /// (CKA_ID) ties them together.
    pub fn generate(self, key_type: KeyType, label: &str, id: &[u8]) -> Result<TokenKey, Error> {
        let (mechanism, mut public) = match key_type {
            KeyType::EcdsaP256 => (
                Mechanism::EccKeyPairGen,
                vec![Attribute::EcParams(der::P256_PARAMS.to_vec())],
            ),
            KeyType::EcdsaP384 => (
                Mechanism::EccKeyPairGen,
                vec![Attribute::EcParams(der::P384_PARAMS.to_vec())],
            ),
            KeyType::Rsa2048 | KeyType::Rsa3072 | KeyType::Rsa4096 => {
                let bits = match key_type {
                    KeyType::Rsa2048 => 2048u64,
                    KeyType::Rsa3072 => 3072,
                    _ => 4096,
                };
                (
                    Mechanism::RsaPkcsKeyPairGen,
                    vec![
                        Attribute::ModulusBits(bits.into()),
                        Attribute::PublicExponent(vec![0x01, 0x00, 0x01]),
                    ],
                )
            }
            other @ KeyType::Ed25519 => {
                return Err(Error::Token {
                    uri: self.uri.to_string(),
                    what: format!("a {other} CA key"),
                    message: "tcerts keeps ECDSA P-256/P-384 and RSA 2048-4096 CA keys in PKCS#11 tokens; choose one of those with --key-type".into(),
                });
            }
        };
        public.extend([
            Attribute::Token(true),
            Attribute::Private(false),
            Attribute::Verify(true),
            Attribute::Encrypt(false),
            Attribute::Wrap(false),
            Attribute::Label(label.as_bytes().to_vec()),
            Attribute::Id(id.to_vec()),
        ]);
        let private = [
            Attribute::Token(true),
            Attribute::Private(true),
            Attribute::Sensitive(true),
            Attribute::Extractable(false),
            Attribute::Sign(true),
            Attribute::Decrypt(false),
            Attribute::Unwrap(false),
            Attribute::Derive(false),
            Attribute::Label(label.as_bytes().to_vec()),
            Attribute::Id(id.to_vec()),
        ];
        let (pub_handle, priv_handle) = self
            .session
            .generate_key_pair(&mechanism, &public, &private)
            .map_err(|e| self.err("generating the key pair", e))?;
        let uri = self.uri.with_object(label, id);
        TokenKey::from_handles(self, uri, priv_handle, Some(pub_handle))
    }

    /// The key a recorded URI names (its label and id), with its public half.
    pub fn find(self, key_uri: &Pkcs11Uri) -> Result<TokenKey, Error> {
        let mut template = vec![Attribute::Class(ObjectClass::PRIVATE_KEY)];
        if let Some(l) = &key_uri.object {
            template.push(Attribute::Label(l.as_bytes().to_vec()));
        }
        if let Some(id) = &key_uri.id {
            template.push(Attribute::Id(id.clone()));
        }
        if template.len() == 1 {
            return Err(Error::NoObject {
                uri: key_uri.to_string(),
            });
        }
        let found = self
            .session
            .find_objects(&template)
            .map_err(|e| self.err("searching for the key", e))?;
        let [handle] = found.as_slice() else {
            return Err(if found.is_empty() {
                Error::NoObject {
                    uri: key_uri.to_string(),
                }
            } else {
                Error::Token {
                    uri: key_uri.to_string(),
                    what: "finding the key".into(),
                    message: format!("{} private keys match; the URI must name one", found.len()),
                }
            });
        };
        let mut pub_template = vec![Attribute::Class(ObjectClass::PUBLIC_KEY)];
        if let Some(id) = &key_uri.id {
            pub_template.push(Attribute::Id(id.clone()));
        } else if let Some(l) = &key_uri.object {
            pub_template.push(Attribute::Label(l.as_bytes().to_vec()));
        }
        let public = self
            .session
            .find_objects(&pub_template)
            .map_err(|e| self.err("searching for the public key", e))?
            .first()
            .copied();
        let handle = *handle;
        TokenKey::from_handles(self, key_uri.clone(), handle, public)
    }

    /// The token's label and the module's path, for messages.
    pub fn describe(&self) -> String {
        let module = module_for(&self.uri)
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let token = self
            .ctx
            .get_token_info(self.slot)
            .map(|i| {
                format!(
                    "{} ({} {})",
                    i.label().trim_end(),
                    i.manufacturer_id().trim_end(),
                    i.model().trim_end()
                )
            })
            .unwrap_or_else(|_| self.uri.token_label().to_string());
        format!("{token} via {module}")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Algorithm {
    P256,
    P384,
    Rsa,
}

/// The attributes `doctor` checks on a token key.
#[derive(Debug, Clone, Default)]
pub struct KeyFacts {
    pub sensitive: Option<bool>,
    pub extractable: Option<bool>,
    pub always_sensitive: Option<bool>,
    pub never_extractable: Option<bool>,
}

/// A CA key inside a token: signs through the session, never leaves it.
pub struct TokenKey {
    token: Token,
    uri: Pkcs11Uri,
    private: ObjectHandle,
    public_der: Vec<u8>,
    algorithm: Algorithm,
    last_error: Mutex<Option<String>>,
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TokenKey({})", self.uri)
    }
}

impl TokenKey {
    fn from_handles(
        token: Token,
        uri: Pkcs11Uri,
        private: ObjectHandle,
        public: Option<ObjectHandle>,
    ) -> Result<TokenKey, Error> {
        let fail = |what: &str, message: String| Error::Token {
            uri: uri.to_string(),
            what: what.to_string(),
            message,
        };
        let key_type = token
            .session
            .get_attributes(private, &[AttributeType::KeyType])
            .map_err(|e| fail("reading the key type", e.to_string()))?;
        let is_ec = key_type
            .iter()
            .any(|a| matches!(a, Attribute::KeyType(k) if *k == P11KeyType::EC));
        let is_rsa = key_type
            .iter()
            .any(|a| matches!(a, Attribute::KeyType(k) if *k == P11KeyType::RSA));
        let Some(public) = public else {
            return Err(fail(
                "finding the public key",
                "no public key object with the same CKA_ID; tcerts needs it to check the key against the CA certificate".into(),
            ));
        };
        let (algorithm, public_der) = if is_ec {
            let attrs = token
                .session
                .get_attributes(public, &[AttributeType::EcParams, AttributeType::EcPoint])
                .map_err(|e| fail("reading the public key", e.to_string()))?;
            let mut params = None;
            let mut point = None;
            for a in attrs {
                match a {
                    Attribute::EcParams(p) => params = Some(p),
                    Attribute::EcPoint(p) => point = Some(p),
                    _ => {}
                }
            }
            let (alg, len) = match params.as_deref() {
                Some(p) if p == der::P256_PARAMS => (Algorithm::P256, 65),
                Some(p) if p == der::P384_PARAMS => (Algorithm::P384, 97),
                _ => {
                    return Err(fail(
                        "reading the curve",
                        "not P-256 or P-384, the curves tcerts signs with".into(),
                    ));
                }
            };
            let point = point
                .and_then(|p| der::ec_point(&p, len))
                .ok_or_else(|| fail("reading the public key", "no usable CKA_EC_POINT".into()))?;
            (alg, point)
        } else if is_rsa {
            let attrs = token
                .session
                .get_attributes(
                    public,
                    &[AttributeType::Modulus, AttributeType::PublicExponent],
                )
                .map_err(|e| fail("reading the public key", e.to_string()))?;
            let mut n = None;
            let mut e = None;
            for a in attrs {
                match a {
                    Attribute::Modulus(m) => n = Some(m),
                    Attribute::PublicExponent(x) => e = Some(x),
                    _ => {}
                }
            }
            let (Some(n), Some(e)) = (n, e) else {
                return Err(fail(
                    "reading the public key",
                    "no modulus or exponent".into(),
                ));
            };
            (Algorithm::Rsa, der::rsa_public_key(&n, &e))
        } else {
            return Err(fail("reading the key type", "neither EC nor RSA".into()));
        };
        Ok(TokenKey {
            token,
            uri,
            private,
            public_der,
            algorithm,
            last_error: Mutex::new(None),
        })
    }

    /// The URI recorded for this key (no PIN in it).
    pub fn uri(&self) -> &Pkcs11Uri {
        &self.uri
    }

    /// Where the token is, for messages and `doctor`.
    pub fn describe_token(&self) -> String {
        self.token.describe()
    }

    /// The error of the last failed signature (rcgen's error carries no text).
    pub fn last_error(&self) -> Option<String> {
        self.last_error
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The private key's custody attributes, as the token reports them.
    pub fn facts(&self) -> KeyFacts {
        let mut f = KeyFacts::default();
        let attrs = self.token.session.get_attributes(
            self.private,
            &[
                AttributeType::Sensitive,
                AttributeType::Extractable,
                AttributeType::AlwaysSensitive,
                AttributeType::NeverExtractable,
            ],
        );
        for a in attrs.unwrap_or_default() {
            match a {
                Attribute::Sensitive(b) => f.sensitive = Some(b),
                Attribute::Extractable(b) => f.extractable = Some(b),
                Attribute::AlwaysSensitive(b) => f.always_sensitive = Some(b),
                Attribute::NeverExtractable(b) => f.never_extractable = Some(b),
                _ => {}
            }
        }
        f
    }

    fn sign_raw(&self, msg: &[u8]) -> Result<Vec<u8>, String> {
        let session = &self.token.session;
        match self.algorithm {
            Algorithm::P256 | Algorithm::P384 => {
                let alg = if self.algorithm == Algorithm::P256 {
                    &aws_lc_rs::digest::SHA256
                } else {
                    &aws_lc_rs::digest::SHA384
                };
                let digest = aws_lc_rs::digest::digest(alg, msg);
                let raw = session
                    .sign(&Mechanism::Ecdsa, self.private, digest.as_ref())
                    .map_err(|e| e.to_string())?;
                der::ecdsa_signature(&raw).ok_or_else(|| {
                    format!("the token returned a {}-byte ECDSA signature", raw.len())
                })
            }
            Algorithm::Rsa => session
                .sign(&Mechanism::Sha256RsaPkcs, self.private, msg)
                .map_err(|e| e.to_string()),
        }
    }
}

impl PublicKeyData for TokenKey {
    fn der_bytes(&self) -> &[u8] {
        &self.public_der
    }

    fn algorithm(&self) -> &'static SignatureAlgorithm {
        match self.algorithm {
            Algorithm::P256 => &rcgen::PKCS_ECDSA_P256_SHA256,
            Algorithm::P384 => &rcgen::PKCS_ECDSA_P384_SHA384,
            Algorithm::Rsa => &rcgen::PKCS_RSA_SHA256,
        }
    }
}

impl SigningKey for TokenKey {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        self.sign_raw(msg).map_err(|e| {
            *self
                .last_error
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) =
                Some(format!("{}: signing: {e}", self.uri));
            rcgen::Error::RemoteKeyError
        })
    }
}
