#!/usr/bin/env bash
# Scale benchmark for issue #11 (item 2), whole processes, hyperfine medians, one run:
#   - `tcerts doctor` over a PKI of N leaves against ONE `openssl verify -CAfile root
#     -untrusted intermediate` process over the same N leaf files;
#   - `tcerts plan` and `tcerts list --json` against a Python `cryptography` scan that
#     loads each certs/*/cert.pem and reads its notAfter.
# Optionally TCERTS_BEFORE=path/to/older/tcerts adds that binary's doctor to the same run.
# bench/scale.py measures the same things (plus list, issue, revoke and namespace add) at
# 100, 1,000, 10,000 and 100,000 leaves and plots how they grow (issue #11, item 5); this
# script stays for a quick before/after of two binaries at one size. (At 100,000 leaves
# its openssl command line exceeds the default argument limit; scale.py handles that.)
#
#   cargo build --release && bench/scale_doctor.sh [N] [SCRATCH]     (N=10000, SCRATCH on
#   /dev/shm so that fsync is out of the picture)
# Needs hyperfine, openssl, and python3 with `cryptography` (PYTHON=.venv/bin/python after
# `.venv/bin/pip install cryptography`; only for this benchmark, not for the tests).
set -euo pipefail
N=${1:-10000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
TCERTS=$(realpath "${TCERTS:-${CARGO_TARGET_DIR:-$HERE/target}/release/tcerts}")
PYTHON=${PYTHON:-$HERE/.venv/bin/python}
W=${2:-/dev/shm/tcerts-scale-$N}
RUNS=${RUNS:-7}
mkdir -p "$W"
cd "$W"

if [ ! -e p/.bench-ready ]; then
  rm -rf p
  "$TCERTS" --dir p -q init --org Bench
  # Half client, half worker certificates, all ECDSA P-256 (the defaults).
  for i in $(seq -w 0 $((N - 1))); do
    if (( 10#$i % 2 )); then role=worker; else role=client; fi
    printf '\n[[certificate]]\nname = "c%s"\nrole = "%s"\n' "$i" "$role"
  done >> p/tcerts.toml
  "$TCERTS" --dir p -q apply
  touch p/.bench-ready
fi

cat > scan.py <<'PY'
# What a script checking expiry does: load every cert.pem, read notAfter.
import glob, sys
from cryptography import x509
soonest = None
for path in glob.glob(sys.argv[1] + "/certs/*/cert.pem"):
    with open(path, "rb") as f:
        not_after = x509.load_pem_x509_certificate(f.read()).not_valid_after_utc
    soonest = not_after if soonest is None or not_after < soonest else soonest
print(soonest)
PY

echo "scratch: $W ($(df -T . | awk 'NR==2 {print $2}')), N=$N, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
before=()
if [ -n "${TCERTS_BEFORE:-}" ]; then
  before=(-n "doctor (before)" "$(realpath "$TCERTS_BEFORE") --dir p doctor -q")
fi
# -i: doctor exits 1 and plan 3 when they find something; the PKI is healthy, but a
# benchmark must not stop on a finding.
hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json scale.json \
  "${before[@]}" \
  -n "doctor" "$TCERTS --dir p doctor -q" \
  -n "openssl verify (one process)" \
  "sh -c 'exec openssl verify -CAfile p/ca/root/cert.pem -untrusted p/ca/intermediate/cert.pem p/certs/*/cert.pem'" \
  -n "plan" "$TCERTS --dir p plan -q" \
  -n "list --json" "$TCERTS --dir p list --json" \
  -n "python scan" "$PYTHON scan.py p"

python3 - <<'PY'
import json
r = {x["command"]: x["median"] for x in json.load(open("scale.json"))["results"]}
for k, v in r.items():
    print(f"{k:32} {v:8.3f} s (median)")
o, s = r["openssl verify (one process)"], r["python scan"]
if "doctor (before)" in r:
    print(f"doctor (before) / openssl verify: {r['doctor (before)'] / o:.3f}")
print(f"doctor / openssl verify:          {r['doctor'] / o:.3f}   (target <= 0.2)")
print(f"plan / python scan:               {r['plan'] / s:.3f}   (target <= 0.3)")
print(f"list --json / python scan:        {r['list --json'] / s:.3f}   (target <= 0.1)")
PY
