#!/usr/bin/env bash
# Benchmark for docs/benchmarks.md: `tcerts doctor` over a PKI directory of N certificates
# and over one N-certificate bundle, against `openssl verify -CAfile` on the same
# certificates (one openssl process per certificate, as a script checking a PKI does, and
# one process for all of them).
#
#   cargo build --release && bench/doctor_1000.sh [N]     (default N=1000)
set -euo pipefail
N=${1:-1000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
TCERTS=${TCERTS:-${CARGO_TARGET_DIR:-$HERE/target}/release/tcerts}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
P=$W/pki

secs() { python3 -c 'import sys,time; print(f"{time.time():.3f}")'; }
elapsed() { python3 -c "print(f'{$2-$1:.2f}')"; }

"$TCERTS" --dir "$P" -q init --org Bench
t0=$(secs)
for i in $(seq 1 "$N"); do "$TCERTS" --dir "$P" -q issue client --name "c$i"; done
t1=$(secs)
echo "issued $N certificates in $(elapsed "$t0" "$t1") s"

# Each measurement: the best of 3 runs (the machine is shared; the minimum is the least noisy).
best() {
  local best=""
  for _ in 1 2 3; do
    local t0 t1 d
    t0=$(secs); "$@" > /dev/null 2>&1 || true; t1=$(secs)
    d=$(elapsed "$t0" "$t1")
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $d < $best else 1)"; then best=$d; fi
  done
  echo "$best"
}
verify_each() {
  for i in $(seq 1 "$N"); do
    openssl verify -CAfile "$P/ca/root/cert.pem" -untrusted "$P/ca/intermediate/cert.pem" "$P/certs/c$i/cert.pem" || return 1
  done
}
cat "$P/ca/root/cert.pem" "$P/ca/intermediate/cert.pem" "$P"/certs/c*/cert.pem > "$W/bundle.pem"

# doctor over the PKI directory: every certificate's chain, key, CA file, expiry window, names.
doctor_pki=$(best "$TCERTS" --dir "$P" doctor -q)
# openssl verify, one process per certificate (chain only: no key, no expiry window).
openssl_each=$(best verify_each)
# One openssl process for all certificates.
openssl_one=$(best openssl verify -CAfile "$P/ca/root/cert.pem" -untrusted "$P/ca/intermediate/cert.pem" "$P"/certs/c*/cert.pem)
# One bundle of N certificates (the leaves, their issuer and the root).
doctor_bundle_server=$(best "$TCERTS" doctor -q --bundle "$W/bundle.pem" --for server)
doctor_bundle_cloud=$(best "$TCERTS" doctor -q --bundle "$W/bundle.pem" --for cloud)

echo "N=$N"
echo "doctor PKI directory:            $doctor_pki s"
echo "doctor --bundle --for server:    $doctor_bundle_server s"
echo "doctor --bundle --for cloud:     $doctor_bundle_cloud s"
echo "openssl verify, one per cert:    $openssl_each s"
echo "openssl verify, one process:     $openssl_one s"
python3 -c "print(f'ratio openssl-per-cert / doctor-PKI: {$openssl_each/$doctor_pki:.1f}x'); print(f'ratio openssl-one-process / doctor-PKI: {$openssl_one/$doctor_pki:.1f}x'); print(f'ratio openssl-per-cert / doctor-bundle(cloud): {$openssl_each/$doctor_bundle_cloud:.1f}x')"
