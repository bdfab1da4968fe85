#!/usr/bin/env python3
"""Whole-process comparison of tcerts with the tools a user would otherwise pick.

Runs each workflow with every tool in turn (A B C A B C ...: alternating, so drift on a
noisy machine hits all tools alike), in a fresh scratch directory per run, after warm-up
runs. Reports the median wall time of each tool and the median of the per-run ratio
tool/tcerts. Writes docs/benchmarks.md (with --write) including the machine description.

    python3 bench/compare.py [--runs 15] [--write] [--tcerts target/release/tcerts]

Needs: openssl, cfssl + cfssljson (Debian golang-cfssl), mkcert (Debian mkcert).
"""

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CFSSL_CONFIG = {
    "signing": {
        "default": {"expiry": "2160h"},
        "profiles": {
            "server": {"usages": ["signing", "digital signature", "server auth"], "expiry": "2160h"},
            "client": {"usages": ["signing", "digital signature", "client auth"], "expiry": "2160h"},
            "both": {"usages": ["signing", "digital signature", "server auth", "client auth"], "expiry": "2160h"},
            "ca": {"usages": ["cert sign", "crl sign"], "expiry": "43800h",
                   "ca_constraint": {"is_ca": True, "max_path_len": 0, "max_path_len_zero": True}},
        },
    }
}


SHELL_SYNTAX = set("|&;<>()$`*?[]#~%{}\\\"'")


def sh(cmd, cwd):
    """Runs a step; through /bin/sh only when it needs shell syntax (pipes, $PWD, globs),
    so that no tool pays for a shell it does not need."""
    direct = not (set(cmd) & SHELL_SYNTAX)
    subprocess.run(shlex.split(cmd) if direct else cmd, cwd=cwd, shell=not direct, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# ---- workflow definitions: each returns (setup, steps) for a tool --------------------
# `setup` runs untimed in the scratch dir; `steps` (shell command lines) are timed together.

def openssl_key(kind):
    return {"ec": "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out {n}.key",
            "rsa4096": "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out {n}.key"}[kind]


def openssl_steps(kind, leaves, intermediate=False):
    """Root CA (+ intermediate) and leaves with openssl, the recipe-book way."""
    steps = [openssl_key(kind).format(n="ca"),
             "openssl req -x509 -new -key ca.key -out ca.pem -days 3650 -subj /O=Bench/CN=Root "
             "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign"]
    issuer = "ca"
    if intermediate:
        steps += [openssl_key(kind).format(n="int"),
                  "openssl req -new -key int.key -out int.csr -subj /O=Bench/CN=Issuing",
                  "openssl x509 -req -in int.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out int.pem -days 1825 -extfile ca.ext"]
        issuer = "int"
    for name, ext in leaves:
        steps += [openssl_key(kind).format(n=name),
                  f"openssl req -new -key {name}.key -out {name}.csr -subj /O=Bench/CN={name}",
                  f"openssl x509 -req -in {name}.csr -CA {issuer}.pem -CAkey {issuer}.key -CAcreateserial "
                  f"-out {name}.pem -days 90 -extfile {ext}.ext"]
    return steps


OPENSSL_EXT = {
    "ca.ext": "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n",
    "server.ext": "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                  "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:temporal-frontend,DNS:localhost,IP:127.0.0.1\n",
    "internode.ext": "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                     "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:temporal-internode\n",
    "client.ext": "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n",
}


def openssl_setup(d):
    for name, text in OPENSSL_EXT.items():
        (d / name).write_text(text)


def cfssl_setup(kind):
    algo = {"ec": {"algo": "ecdsa", "size": 256}, "rsa4096": {"algo": "rsa", "size": 4096}}[kind]

    def setup(d):
        (d / "cfg.json").write_text(json.dumps(CFSSL_CONFIG))
        csrs = {
            "ca": {"CN": "Root", "names": [{"O": "Bench"}]},
            "int": {"CN": "Issuing", "names": [{"O": "Bench"}]},
            "frontend": {"CN": "frontend", "hosts": ["temporal-frontend", "localhost", "127.0.0.1"], "names": [{"O": "Bench"}]},
            "internode": {"CN": "internode", "hosts": ["temporal-internode"], "names": [{"O": "Bench"}]},
            "worker": {"CN": "worker", "names": [{"O": "Bench"}]},
            "cli": {"CN": "cli", "names": [{"O": "Bench"}]},
        }
        for name, csr in csrs.items():
            csr["key"] = algo
            (d / f"{name}.json").write_text(json.dumps(csr))
    return setup


def cfssl_steps(leaves, intermediate=False):
    steps = ["cfssl genkey -initca ca.json | cfssljson -bare ca"]
    issuer = "ca"
    if intermediate:
        steps += ["cfssl gencert -ca ca.pem -ca-key ca-key.pem -config cfg.json -profile ca int.json | cfssljson -bare int"]
        issuer = "int"
    for name, profile in leaves:
        steps.append(f"cfssl gencert -ca {issuer}.pem -ca-key {issuer}-key.pem -config cfg.json "
                     f"-profile {profile} {name}.json | cfssljson -bare {name}")
    return steps


def tcerts_steps(tc, key_type, leaves):
    steps = [f"{tc} -q --dir pki init --org Bench --key-type {key_type}"]
    steps += [f"{tc} -q --dir pki {leaf}" for leaf in leaves]
    return steps


SERVER_DECL = """
[[certificate]]
name = "frontend"
role = "{role}"
dns = ["temporal-frontend", "localhost"]
ip = ["127.0.0.1"]
"""


def declared(name, *certs):
    """A file of [[certificate]] entries, appended to the tcerts.toml that `init` wrote
    (untimed to create; `cat >>` is part of the timed workflow)."""
    path = Path(tempfile.gettempdir()) / f"tcerts-bench-{name}.toml"
    path.write_text("".join(certs))
    return path


def tcerts_declared_steps(tc, path):
    return [f"{tc} -q --dir pki init --org Bench", f"cat {path} >> pki/tcerts.toml", f"{tc} -q --dir pki apply"]


def thousand_certs(tc):
    """Workflow 4: a PKI of 1,000 certificates (made once, untimed), then each tool reads all
    of them and reports their expiry."""
    base = Path(tempfile.mkdtemp(prefix="tcerts-bench-1000-"))
    sh(f"{tc} -q --dir pki init --org Bench", base)
    with open(base / "pki/tcerts.toml", "a") as f:
        for i in range(1000):
            f.write(f'\n[[certificate]]\nname = "w{i:04}"\nrole = "worker"\n')
    sh(f"{tc} -q --dir pki apply", base)
    files = " ".join(f"pki/certs/w{i:04}/cert.pem" for i in range(1000))
    (base / "files.txt").write_text(files)

    def link(d):
        (d / "pki").symlink_to(base / "pki")
        (d / "files.txt").symlink_to(base / "files.txt")
    inter = "pki/ca/intermediate/cert.pem"
    root = "pki/ca/root/cert.pem"
    return base, {
        "tcerts list": (link, [f"{tc} --dir pki list --json > /dev/null"]),
        "tcerts doctor": (link, [f"{tc} --dir pki doctor --json > /dev/null"]),
        "openssl verify (1 process)": (link, [f"openssl verify -CAfile {root} -untrusted {inter} $(cat files.txt) > /dev/null"]),
        "openssl x509 -enddate (per file)": (link, ["for f in $(cat files.txt); do openssl x509 -noout -enddate -in $f; done > /dev/null"]),
    }


def workflows(tc):
    w1_leaves_tc = ["issue server --name frontend --dns temporal-frontend --dns localhost --ip 127.0.0.1",
                    "issue client --name worker"]
    full_tc = ["issue frontend --dns temporal-frontend --dns localhost --ip 127.0.0.1",
               "issue internode --dns temporal-internode",
               "issue worker", "issue cli"]
    w1_declared = declared("w1", SERVER_DECL.format(role="server"),
                           '\n[[certificate]]\nname = "worker"\nrole = "client"\n')
    full_declared = declared("full", SERVER_DECL.format(role="frontend"),
                             '\n[[certificate]]\nname = "internode"\nrole = "internode"\ndns = ["temporal-internode"]\n',
                             '\n[[certificate]]\nname = "worker"\nrole = "worker"\n',
                             '\n[[certificate]]\nname = "cli"\nrole = "cli"\n')
    return [
        ("1. root CA + server (2 DNS, 1 IP) + client, ECDSA P-256", {
            "tcerts": (None, tcerts_steps(tc, "ecdsa-p256", w1_leaves_tc)),
            "tcerts init + apply": (None, tcerts_declared_steps(tc, w1_declared)),
            "openssl": (openssl_setup, openssl_steps("ec", [("frontend", "server"), ("worker", "client")])),
            "cfssl": (cfssl_setup("ec"), cfssl_steps([("frontend", "server"), ("worker", "client")])),
            "mkcert": (None, ["CAROOT=$PWD mkcert -ecdsa temporal-frontend localhost 127.0.0.1",
                              "CAROOT=$PWD mkcert -ecdsa -client worker"]),
        }),
        ("2. the same with RSA 4096", {
            "tcerts": (None, tcerts_steps(tc, "rsa-4096", w1_leaves_tc)),
            "openssl": (openssl_setup, openssl_steps("rsa4096", [("frontend", "server"), ("worker", "client")])),
            "cfssl": (cfssl_setup("rsa4096"), cfssl_steps([("frontend", "server"), ("worker", "client")])),
        }),
        ("3. full Temporal set: root, intermediate, frontend, internode, worker, cli (ECDSA P-256)", {
            "tcerts": (None, tcerts_steps(tc, "ecdsa-p256", full_tc)),
            "tcerts init + apply": (None, tcerts_declared_steps(tc, full_declared)),
            "openssl": (openssl_setup, openssl_steps("ec", [("frontend", "server"), ("internode", "internode"),
                                                           ("worker", "client"), ("cli", "client")], intermediate=True)),
            "cfssl": (cfssl_setup("ec"), cfssl_steps([("frontend", "server"), ("internode", "both"),
                                                      ("worker", "client"), ("cli", "client")], intermediate=True)),
        }),
    ]


def single_commands(tc):
    """(label, {tool: (setup, steps)}) for one-command figures."""
    def tc_pki(d):
        sh(f"{tc} -q --dir pki init --org Bench", d)
    return [
        ("one `tcerts issue` (ECDSA P-256, new key, signed, 4 files written and synced)", {
            "tcerts": (tc_pki, [f"{tc} -q --dir pki issue client --name c"]),
        }),
        ("RSA-4096 key: `tcerts issue --key-type rsa-4096` vs `openssl genpkey` (key only)", {
            "tcerts": (tc_pki, [f"{tc} -q --dir pki issue client --name c --key-type rsa-4096"]),
            "openssl": (None, [openssl_key("rsa4096").format(n="k")]),
        }),
    ]


def measure(cases, runs, warmup):
    tools = list(cases)
    times = {t: [] for t in tools}
    for i in range(warmup + runs):
        order = tools[i % len(tools):] + tools[:i % len(tools)]
        for t in order:
            setup, steps = cases[t]
            d = Path(tempfile.mkdtemp(prefix="tcerts-bench-"))
            try:
                if setup:
                    setup(d)
                start = time.perf_counter()
                for s in steps:
                    sh(s, d)
                elapsed = time.perf_counter() - start
            finally:
                shutil.rmtree(d, ignore_errors=True)
            if i >= warmup:
                times[t].append(elapsed)
    return times


def machine():
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    def version(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (IndexError, OSError):
            return "not installed"
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores; kernel {platform.release()}",
        f"- {version('openssl version')}; cfssl {version('cfssl version | head -1')}; mkcert {version('mkcert -version')}",
        f"- {version(os.environ.get('TCERTS_BIN', 'target/release/tcerts') + ' --version')} (release build)",
    ]


def report(title, times):
    first = next(iter(times))
    base = times[first]
    lines = [f"### {title}", "", f"| tool | median | min | max | median ratio tool/{first} |", "|---|---|---|---|---|"]
    for tool, ts in times.items():
        ratio = "—"
        if tool != first:
            ratio = f"{statistics.median([a / b for a, b in zip(ts, base)]):.2f}×"
        lines.append(f"| {tool} | {statistics.median(ts) * 1000:.1f} ms | {min(ts) * 1000:.1f} ms | "
                     f"{max(ts) * 1000:.1f} ms | {ratio} |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--tcerts", default=str(ROOT / "target/release/tcerts"))
    ap.add_argument("--write", action="store_true", help="write the results section of docs/benchmarks.md")
    args = ap.parse_args()
    tc = str(Path(args.tcerts).resolve())
    os.environ["TCERTS_BIN"] = tc
    missing = [t for t in ("openssl", "cfssl", "cfssljson", "mkcert") if not shutil.which(t)]
    if missing:
        sys.exit(f"missing tools: {', '.join(missing)} (apt-get install openssl golang-cfssl mkcert)")
    base, w4 = thousand_certs(tc)
    cases_all = workflows(tc) + [("4. read 1,000 certificates and report their expiry", w4)] + single_commands(tc)
    out = []
    for title, cases in cases_all:
        runs = args.runs * 2 if "RSA-4096 key" in title else (max(3, args.runs // 3) if title.startswith("4.") else args.runs)
        section = report(title, measure(cases, runs, args.warmup))
        print(section, flush=True)
        out.append(section)
    text = "\n".join(["## Whole-process comparison (bench/compare.py)", "",
                      f"{args.runs} alternating runs per tool after {args.warmup} warm-up runs "
                      "(RSA-4096 key: twice as many, key generation time is random), "
                      "each in a fresh scratch directory; wall time of the whole workflow.", ""]
                     + machine() + [""] + out)
    shutil.rmtree(base, ignore_errors=True)
    if args.write:
        path = ROOT / "docs/benchmarks.md"
        old = path.read_text() if path.exists() else ""
        start, end = "<!-- compare:start -->", "<!-- compare:end -->"
        if start in old and end in old:
            new = old.split(start)[0] + start + "\n" + text + end + old.split(end, 1)[1]
        else:
            new = old + f"\n{start}\n{text}{end}\n"
        path.write_text(new)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
