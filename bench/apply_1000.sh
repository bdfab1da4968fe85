#!/usr/bin/env bash
# Benchmark: `tcerts apply` of 1,000 declared ECDSA P-256 worker certificates (whole process,
# from a PKI with none of them issued) against issuing the same 1,000 with an openssl loop
# (`openssl req -x509 -CA`, one process per certificate: key, certificate, signature).
#
# Usage: bench/apply_1000.sh [TCERTS_BINARY] [SCRATCH_DIR]
# Needs hyperfine and openssl. Results: docs/benchmarks.md.
set -euo pipefail
TCERTS=${1:-target/release/tcerts}
TCERTS=$(realpath "$TCERTS")
WORK=${2:-$(mktemp -d)}
N=1000
mkdir -p "$WORK"
cd "$WORK"
rm -rf template p o
"$TCERTS" --dir template init --org Bench -q
for i in $(seq -w 0 $((N - 1))); do
  printf '\n[[certificate]]\nname = "w%s"\nrole = "worker"\n' "$i"
done >> template/tcerts.toml

cat > openssl_loop.sh <<OSSL
#!/usr/bin/env bash
set -e
CA=$WORK/template/ca/intermediate
mkdir -p o
for i in \$(seq -w 0 $((N - 1))); do
  mkdir -p o/w\$i
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \\
    -keyout o/w\$i/key.pem -out o/w\$i/cert.pem -subj "/O=Bench/CN=w\$i" -days 90 \\
    -CA \$CA/cert.pem -CAkey \$CA/key.pem \\
    -addext "basicConstraints=critical,CA:FALSE" -addext "keyUsage=critical,digitalSignature" \\
    -addext "extendedKeyUsage=clientAuth" 2>/dev/null
done
OSSL
chmod +x openssl_loop.sh

echo "scratch: $WORK ($(df -T . | awk 'NR==2 {print $2}'))"
# Earlier runs' trees are moved aside, not deleted, between runs: on ext4, creating inodes
# right after deleting thousands makes the allocator scan for recently deleted ones
# (`recently_deleted` was 60 % of apply's profile when `rm -rf` ran in --prepare).
mkdir -p old
hyperfine --warmup 1 --runs 5 --export-markdown apply.md \
  --prepare 'if [ -e p ]; then mv p old/p.$(date +%s%N); fi; cp -a template p; sync' \
  -n "tcerts apply (1000 certs)" "$TCERTS --dir p apply -q" \
  --prepare 'if [ -e o ]; then mv o old/o.$(date +%s%N); fi; sync' \
  -n "openssl loop (1000 certs)" "./openssl_loop.sh"
cat apply.md
rm -rf old
