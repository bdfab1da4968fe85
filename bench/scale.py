#!/usr/bin/env python3
"""Growth benchmark (issue #11, item 5): how each tcerts command's cost grows with the PKI.

For each size N (default 100, 1,000, 10,000 and 100,000 certificates) the script builds a
PKI once and keeps it for later runs of the same binary (a ready-marker holding the
binary's SHA-256, in the scratch directory, as bench/scale_doctor.sh does): `tcerts init --org Bench` (ECDSA P-256 root and intermediate), N `[[certificate]]`
entries appended to tcerts.toml (half `client`, half `worker`, names c0..., all defaults),
then one `tcerts apply`. It checks once, before timing, that the PKI is healthy (doctor
finds nothing, plan has no changes, `list --json` shows N certificates, openssl verifies
all N) and stops otherwise, so a broken binary cannot produce pretty numbers.

Every figure is a whole process, wall time: median, min and max of several runs after one
warm-up run.

Whole-PKI commands, timed with hyperfine (`-N`: no shell in between) on the pristine PKI:

  plan -q, list, list --json, doctor -q      (tcerts)
  openssl verify                             baseline for doctor (target: doctor <= 0.2x):
                                             ONE `openssl verify -CAfile root -untrusted
                                             intermediate */cert.pem` process over all N
                                             leaves (through `sh -c` for the glob)
  python scan                                baseline for plan (target <= 0.3x), list and
                                             list --json (target <= 0.1x): a Python process
                                             that loads every certs/*/cert.pem with
                                             `cryptography` and reads its notAfter

doctor and plan run with hyperfine's `-i` (doctor exits 1 and plan 3 on a finding, which
the health check has already ruled out); the other commands must exit 0.

Single-certificate commands, which change the PKI, run afterwards on a copy of it (`cp -a`,
so the cached PKI and the whole-PKI figures of later runs stay untouched); each timed run
does the same real work:

  issue          `issue client --name bench-issue --force` (hyperfine; re-issues one name
                 as it is declared: tcerts.toml is not rewritten)
  issue new      `issue client --name <fresh name>` (timed in Python as namespace add is;
                 declares a new entry: tcerts.toml is rewritten)
  revoke         `revoke bench-revoke --reason superseded` (hyperfine) of a certificate
                 re-issued in hyperfine's --prepare step, outside the timing
  namespace add  `namespace add <fresh name>`: hyperfine cannot change the name per run, so
                 each run is timed in Python (time.perf_counter around subprocess.run,
                 output to /dev/null), a new namespace name each run

Their target is growth, not a baseline: at 10,000 certificates within 1.5x of the same
command at 100.

Outputs (--out, default docs/bench/): scale.json (raw results, hyperfine's figures per
command, the machine), scale.md (the tables) and scale.svg (log-log plot, seconds against
certificates, with a dashed linear reference: parallel to it means linear, horizontal
means flat).

    .venv/bin/python bench/scale.py [--sizes 100,1000,10000,100000] [--runs 7]
        [--large-runs 3] [--scratch /dev/shm/tcerts-scale] [--tcerts target/release/tcerts]
        [--label TEXT] [--out docs/bench] [--merge] [--write-docs] [--report-only]

--merge keeps the sizes of an earlier OUT/scale.json that this run does not measure;
--write-docs copies scale.md between the scale markers of docs/benchmarks.md;
--report-only redraws scale.md and scale.svg from OUT/scale.json without measuring.

Needs hyperfine, openssl, and a Python with `cryptography` and `matplotlib` (benchmark
only: `.venv/bin/pip install cryptography matplotlib`). The scratch directory should be a
tmpfs (/dev/shm): fsync and the disk are then out of the picture. It holds the PKI twice
(pristine + working copy): about 2 x 2 GB at 100,000 certificates.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = [100, 1000, 10000, 100000]
LARGE = 100000  # from this size on, --large-runs runs

# Whole-PKI measurements: key -> (label, kind). The argv is built in whole_pki_commands().
WHOLE = {
    "plan": ("tcerts plan -q", "tcerts"),
    "list": ("tcerts list", "tcerts"),
    "list --json": ("tcerts list --json", "tcerts"),
    "doctor": ("tcerts doctor -q", "tcerts"),
    "openssl verify": ("openssl verify (one process)", "baseline"),
    "python scan": ("python scan (cryptography)", "baseline"),
}
SINGLE = {
    "issue": "tcerts issue (one, re-issued)",
    "issue new": "tcerts issue (one, new name)",
    "revoke": "tcerts revoke (one)",
    "namespace add": "tcerts namespace add (one)",
}
# (label, numerator, baseline, target): ratio of two medians at the same size.
BASELINE_RATIOS = [
    ("doctor / openssl verify", "doctor", "openssl verify", 0.2),
    ("plan / python scan", "plan", "python scan", 0.3),
    ("list / python scan", "list", "python scan", 0.1),
    ("list --json / python scan", "list --json", "python scan", 0.1),
]
GROWTH_TARGET = 1.5  # single-certificate commands: median at N / median at 100, at 10,000
GROWTH_TARGET_SIZE = 10000

SCAN_PY = '''\
# What a script checking expiry does: load every cert.pem, read notAfter.
import glob, sys
from cryptography import x509
soonest, count = None, 0
for path in glob.glob(sys.argv[1] + "/certs/*/cert.pem"):
    with open(path, "rb") as f:
        not_after = x509.load_pem_x509_certificate(f.read()).not_valid_after_utc
    soonest = not_after if soonest is None or not_after < soonest else soonest
    count += 1
print(count, soonest)
'''


class BenchError(Exception):
    """A precondition failed: the message says what and how to fix it."""


# ---- processes ------------------------------------------------------------------------

def run(argv, cwd=None, check=True, capture=False, quiet=False, poll=None):
    """Runs argv in its own process group and waits; on any exception or signal (Ctrl-C,
    SIGTERM) the whole group is killed, so no hyperfine or tcerts is left behind.
    `poll(elapsed)` is called every few seconds while the process runs (progress lines)."""
    out = subprocess.PIPE if capture else (subprocess.DEVNULL if quiet else None)
    proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=out, text=True,
                            start_new_session=True)
    start = time.monotonic()
    try:
        if poll is None:
            stdout, stderr = proc.communicate()
        else:
            while True:
                try:
                    stdout, stderr = proc.communicate(timeout=10)
                    break
                except subprocess.TimeoutExpired:
                    poll(time.monotonic() - start)
    except BaseException:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        raise
    if check and proc.returncode != 0:
        detail = f"\n{stdout or ''}{stderr or ''}".rstrip() if capture else ""
        raise BenchError(f"`{shlex.join(map(str, argv))}` exited {proc.returncode}{detail}")
    return subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr)


def _sigterm(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def log(msg=""):
    print(msg, flush=True)


# ---- environment ----------------------------------------------------------------------

def find_tools(args):
    tcerts = args.tcerts or os.environ.get("TCERTS") or str(
        Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "tcerts")
    tcerts = Path(tcerts).resolve()
    if not (tcerts.is_file() and os.access(tcerts, os.X_OK)):
        raise BenchError(f"no tcerts binary at {tcerts}: `cargo build --release`, or pass "
                         "--tcerts PATH (or TCERTS=PATH)")
    for tool, hint in (("hyperfine", "apt-get install hyperfine"),
                       ("openssl", "apt-get install openssl")):
        if not shutil.which(tool):
            raise BenchError(f"`{tool}` not found on PATH ({hint})")
    try:
        import cryptography  # noqa: F401  (the python scan runs with this interpreter)
        import matplotlib  # noqa: F401
    except ImportError as e:
        raise BenchError(f"{e.name} is missing for {sys.executable}: "
                         f"`{sys.executable} -m pip install cryptography matplotlib` "
                         "(benchmark only)") from None
    return tcerts


def binary_label(tcerts, given):
    """What binary was measured: --label, else `git describe` of the checkout it lives in
    (which says what was built only if the checkout has not moved on since)."""
    if given:
        return given
    try:
        rev = subprocess.run(["git", "-C", str(tcerts.parent), "describe", "--always",
                              "--dirty"], capture_output=True, text=True, check=True).stdout
        return f"checkout at {rev.strip()}"
    except (OSError, subprocess.CalledProcessError):
        return str(tcerts)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def first_line(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        return "?"


def machine(scratch, tcerts):
    import cryptography
    import matplotlib
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
        "scratch": str(scratch), "scratch_fs": fs_type(scratch),
        "tcerts": first_line([str(tcerts), "--version"]), "tcerts_path": str(tcerts),
        "tcerts_sha256": sha256(tcerts),
        "openssl": first_line(["openssl", "version"]),
        "hyperfine": first_line(["hyperfine", "--version"]),
        "python": platform.python_version(), "cryptography": cryptography.__version__,
        "matplotlib": matplotlib.__version__,
    }


def fs_type(path):
    return run(["stat", "-f", "-c", "%T", str(path)], capture=True).stdout.strip()


# ---- building a PKI of N --------------------------------------------------------------

def build_pki(tcerts, base, n, binary_sha256):
    """base/p: init + N declared certificates (half client, half worker) + apply. Cached:
    rebuilt only when base/p/.bench-ready is missing or names another binary (a PKI is
    measured with the binary that built it). Returns the build's seconds, or None."""
    pki = base / "p"
    ready = pki / ".bench-ready"
    if ready.exists():
        if ready.read_text().strip() == binary_sha256:
            log(f"[{n}] using the PKI built earlier by this binary in {pki}")
            return None
        log(f"[{n}] the PKI in {pki} was built by another binary: building it again")
    if pki.exists():
        shutil.rmtree(pki)
    base.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    run([tcerts, "--dir", pki, "-q", "init", "--org", "Bench"])
    width = len(str(n - 1))
    with open(pki / "tcerts.toml", "a") as f:
        for i in range(n):
            role = "worker" if i % 2 else "client"
            f.write(f'\n[[certificate]]\nname = "c{i:0{width}d}"\nrole = "{role}"\n')

    def progress(elapsed):
        try:
            done = sum(1 for _ in os.scandir(pki / "certs"))
        except OSError:
            done = 0
        log(f"[{n}] apply: {done:,} of {n:,} certificates on disk after {elapsed:.0f} s")

    log(f"[{n}] apply of {n:,} certificates ...")
    run([tcerts, "--dir", pki, "-q", "apply"], poll=progress)
    seconds = time.monotonic() - t0
    settle(tcerts, pki)
    ready.write_text(binary_sha256 + "\n")
    log(f"[{n}] built in {seconds:.1f} s")
    return seconds


def settle(tcerts, pki):
    """Lets the inventory settle: files changed within a second of inventory.json's write
    are hashed again by every read ("racy git" rule), so wait a second, then let `list`
    rebuild it once, untimed."""
    time.sleep(1.1)
    run([tcerts, "--dir", pki, "list", "--json"], quiet=True)


def health_check(tcerts, base, n, scan_py):
    """Refuses to time a PKI in which tcerts or a baseline sees something wrong."""
    pki = base / "p"
    problems = []
    doctor = run([tcerts, "--dir", pki, "doctor"], check=False, capture=True)
    if doctor.returncode != 0:
        problems.append(f"`tcerts doctor` exited {doctor.returncode}:\n"
                        + tail(doctor.stdout + doctor.stderr))
    plan = run([tcerts, "--dir", pki, "plan"], check=False, capture=True)
    if plan.returncode != 0:
        problems.append(f"`tcerts plan` exited {plan.returncode} (3: changes):\n"
                        + tail(plan.stdout + plan.stderr))
    listed = run([tcerts, "--dir", pki, "list", "--json"], check=False, capture=True)
    count = count_listed(listed.stdout) if listed.returncode == 0 else None
    if count != n:
        problems.append(f"`tcerts list --json` exited {listed.returncode} and shows {count} "
                        f"leaf certificates, not {n}")
    verify = run(openssl_argv(), cwd=base, check=False, capture=True)
    oks = sum(1 for line in verify.stdout.splitlines() if line.endswith(": OK"))
    if verify.returncode != 0 or oks != n:
        problems.append(f"openssl verify exited {verify.returncode} with {oks} OK of {n}:\n"
                        + tail(verify.stdout + verify.stderr))
    scan = run([sys.executable, scan_py, "p"], cwd=base, check=False, capture=True)
    if scan.returncode != 0 or not scan.stdout.startswith(f"{n} "):
        problems.append(f"the python scan exited {scan.returncode}: {tail(scan.stdout + scan.stderr)}")
    if problems:
        raise BenchError(f"the PKI of {n} in {pki} is not healthy; nothing timed. "
                         f"(Delete {base} to rebuild it.)\n- " + "\n- ".join(problems))
    log(f"[{n}] healthy: doctor finds nothing, plan has no changes, list shows {n}, "
        f"openssl verifies {n}")


def count_listed(stdout):
    """Leaf certificates in `list --json` output ({"entries": [{"kind": ...}, ...]})."""
    try:
        entries = json.loads(stdout)["entries"]
        return sum(1 for e in entries if e.get("kind") == "certificate")
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def tail(text, lines=15):
    return "\n".join(text.rstrip().splitlines()[-lines:])


# ---- timing ---------------------------------------------------------------------------

def openssl_argv():
    # Run from the size's directory. cd into p/certs keeps each argument short, and the
    # raised stack limit lets 100,000 of them through execve (argv may use a quarter of
    # RLIMIT_STACK, at most 6 MB); it is still one openssl process.
    return ["sh", "-c", "ulimit -s 65536 && cd p/certs && exec openssl verify "
            "-CAfile ../ca/root/cert.pem -untrusted ../ca/intermediate/cert.pem */cert.pem"]


def whole_pki_commands(tcerts, scan_py):
    t = shlex.quote(str(tcerts))
    return {
        "plan": f"{t} --dir p plan -q",
        "list": f"{t} --dir p list",
        "list --json": f"{t} --dir p list --json",
        "doctor": f"{t} --dir p doctor -q",
        "openssl verify": shlex.join(openssl_argv()),
        "python scan": f"{shlex.quote(sys.executable)} {shlex.quote(str(scan_py))} p",
    }


def hyperfine(base, name, runs, commands, ignore_failure=False, prepare=None):
    """Runs hyperfine over {key: command line}; returns {key: figures} from its JSON."""
    export = base / f"hyperfine-{name}.json"
    argv = ["hyperfine", "-N", "--style", "basic", "--warmup", "1", "--runs", str(runs),
            "--export-json", str(export)]
    if ignore_failure:
        argv.append("-i")
    for key, cmd in commands.items():
        if prepare:
            argv += ["--prepare", prepare]
        argv += ["-n", key, cmd]
    run(argv, cwd=base)
    out = {}
    for r in json.loads(export.read_text())["results"]:
        codes = r.get("exit_codes") or []
        out[r["command"]] = {
            "median": r["median"], "min": r["min"], "max": r["max"], "mean": r["mean"],
            "stddev": r.get("stddev"), "user": r.get("user"), "system": r.get("system"),
            "runs": len(r["times"]), "times": r["times"], "method": "hyperfine -N",
            "nonzero_exits": sum(1 for c in codes if c),
        }
    return out


def time_fresh_names(tcerts, work, n, runs, key, args):
    """hyperfine cannot give each run a new name: time each run here. `args(i)` is the
    command's argv after `tcerts --dir W -q` for run i."""
    def once(i):
        argv = [str(tcerts), "--dir", str(work), "-q", *args(i)]
        t0 = time.perf_counter()
        r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - t0
        if r.returncode != 0:
            raise BenchError(f"`{shlex.join(argv)}` exited {r.returncode}: {tail(r.stderr)}")
        return seconds

    once(0)  # warm-up
    times = [once(i) for i in range(1, runs + 1)]
    log(f"[{n}] {key}: median {statistics.median(times) * 1e3:.1f} ms over {runs} "
        f"runs (min {min(times) * 1e3:.1f}, max {max(times) * 1e3:.1f})")
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "mean": statistics.fmean(times), "runs": runs, "times": times,
            "method": "python perf_counter around subprocess.run, a fresh name per run"}


def measure(tcerts, base, n, runs, scan_py):
    results = {}
    cmds = whole_pki_commands(tcerts, scan_py)
    # doctor exits 1 and plan 3 on a finding: -i for those two only; the others must exit 0.
    results.update(hyperfine(base, "findings", runs, {k: cmds[k] for k in ("plan", "doctor")},
                             ignore_failure=True))
    results.update(hyperfine(base, "whole", runs, {
        k: cmds[k] for k in ("list", "list --json", "openssl verify", "python scan")}))
    for key in ("plan", "doctor"):
        if results[key]["nonzero_exits"]:
            log(f"[{n}] WARNING: {key} exited non-zero in {results[key]['nonzero_exits']} runs")

    # Single-certificate commands change the PKI: a fresh copy, so that the cached one (and
    # every later whole-PKI run) stays as built.
    work = base / "w"
    if work.exists():
        shutil.rmtree(work)
    t0 = time.monotonic()
    run(["cp", "-a", "p", "w"], cwd=base)
    settle(tcerts, work)
    log(f"[{n}] working copy for issue/revoke/namespace add in {time.monotonic() - t0:.1f} s")
    t = shlex.quote(str(tcerts))
    results.update(hyperfine(base, "issue", runs, {
        "issue": f"{t} --dir w -q issue client --name bench-issue --force"}))
    results.update(hyperfine(
        base, "revoke", runs, {"revoke": f"{t} --dir w -q revoke bench-revoke --reason superseded"},
        prepare=f"{t} --dir w -q issue client --name bench-revoke --force"))
    results["issue new"] = time_fresh_names(
        tcerts, work, n, runs, "issue new",
        lambda i: ["issue", "client", "--name", f"bench-new-{i}"])
    results["namespace add"] = time_fresh_names(
        tcerts, work, n, runs, "namespace add", lambda i: ["namespace", "add", f"bench-ns-{i}"])
    shutil.rmtree(work)
    return results


# ---- report ---------------------------------------------------------------------------

def sig3(x):
    """Three significant digits, trailing zeros kept: 13.0, 102, 0.0381."""
    return f"{x:#.3g}".rstrip(".")


def fmt_time(s):
    return f"{sig3(s * 1e3)} ms" if s < 1 else f"{sig3(s)} s"


def fmt_cell(r):
    return f"{fmt_time(r['median'])} ({fmt_time(r['min'])}–{fmt_time(r['max'])})"


def ratios(sizes_data):
    """[(label, target, {size: ratio}, note)] for every ratio the targets name."""
    sizes = sorted(sizes_data, key=int)
    rows = []
    for label, num, den, target in BASELINE_RATIOS:
        rows.append((label, target, {
            s: sizes_data[s]["results"][num]["median"] / sizes_data[s]["results"][den]["median"]
            for s in sizes}, "at every size"))
    ref = "100" if "100" in sizes_data else sizes[0]
    for key in SINGLE:
        base = sizes_data[ref]["results"][key]["median"]
        rows.append((f"{key} at N / at {int(ref):,}", GROWTH_TARGET, {
            s: sizes_data[s]["results"][key]["median"] / base for s in sizes},
            f"at {GROWTH_TARGET_SIZE:,}"))
    return rows


def verdict(ratio, target):
    return "met" if ratio <= target else "not met"


def markdown(data):
    sizes = sorted(data["sizes"], key=int)
    head = "| | " + " | ".join(f"{int(s):,}" for s in sizes) + " |"
    sep = "|---|" + "---:|" * len(sizes)
    lines = ["Wall time of the whole process, median (min–max); columns: certificates in "
             "the PKI.", "", head.replace("| |", "| command |", 1), sep]
    for key, (label, _) in WHOLE.items():
        lines.append(f"| {label} | " + " | ".join(
            fmt_cell(data["sizes"][s]["results"][key]) for s in sizes) + " |")
    for key, label in SINGLE.items():
        lines.append(f"| {label} | " + " | ".join(
            fmt_cell(data["sizes"][s]["results"][key]) for s in sizes) + " |")
    lines.append("| runs (after 1 warm-up) | " + " | ".join(
        str(data["sizes"][s]["runs"]) for s in sizes) + " |")
    lines += ["", "| ratio of medians | target | " + " | ".join(f"{int(s):,}" for s in sizes)
              + " |", "|---|---|" + "---:|" * len(sizes)]
    for label, target, by_size, where in ratios(data["sizes"]):
        cells = []
        for s in sizes:
            r = by_size[s]
            judged = where == "at every size" or int(s) == GROWTH_TARGET_SIZE
            cells.append(f"{sig3(r)} ({verdict(r, target)})" if judged else sig3(r))
        lines.append(f"| {label} | ≤ {target} {where} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def describe(data):
    m = data["machine"]
    sizes = sorted(data["sizes"], key=int)
    when = sorted({data["sizes"][s]["date"] for s in sizes})
    labels = sorted({data["sizes"][s]["binary"] for s in sizes})
    return (f"Binary: {', '.join(labels)} ({m['tcerts']}); measured {', '.join(when)}; "
            f"{m['cores']} cores ({m['cpu']}), kernel {m['kernel']}; scratch {m['scratch']} "
            f"({m['scratch_fs']}); {m['openssl']}; Python {m['python']} with cryptography "
            f"{m['cryptography']}; {m['hyperfine']}; 1-minute load average when each size's "
            "timing began: " + ", ".join(
                f"{data['sizes'][s]['load_average_at_start']:.1f}" for s in sizes)
            + ". issue, revoke: hyperfine -N on a copy "
            "of the PKI, revoke's certificate re-issued in --prepare (untimed); namespace "
            "add: Python perf_counter around subprocess.run, a new namespace each run.")


def plot(data, path):
    import matplotlib
    matplotlib.use("svg")
    import matplotlib.pyplot as plt
    plt.rcParams.update({"svg.hashsalt": "tcerts-scale", "svg.fonttype": "none",
                         "font.size": 9})
    sizes = sorted(data["sizes"], key=int)
    xs = [int(s) for s in sizes]
    fig, ax = plt.subplots(figsize=(8, 4.8))
    series = [(label, key, "-", "o") for key, (label, kind) in WHOLE.items() if kind == "tcerts"]
    series += [(label, key, "-", "s") for key, label in SINGLE.items()]
    series += [(label, key, ":", "D") for key, (label, kind) in WHOLE.items()
               if kind == "baseline"]
    all_y = []
    for label, key, style, marker in series:
        ys = [data["sizes"][s]["results"][key]["median"] for s in sizes]
        all_y += ys
        ax.plot(xs, ys, linestyle=style, marker=marker, markersize=4, linewidth=1.5,
                label=label, color="black" if style == ":" and "openssl" in label
                else ("dimgray" if style == ":" else None))
    # Linear reference (slope 1 on log-log) through the geometric middle of the data.
    gx = statistics.geometric_mean(xs)
    gy = statistics.geometric_mean(all_y)
    ax.plot(xs, [gy * x / gx for x in xs], linestyle="--", color="lightgray", linewidth=2,
            label="linear reference (∝ N)", zorder=0)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("certificates in the PKI")
    ax.set_ylabel("wall time, median")
    ax.set_xticks(xs, [f"{x:,}" for x in xs])
    decades = range(-4, 4)
    ax.set_yticks([10.0 ** d for d in decades],
                  [f"{10.0 ** d * 1e3:g} ms" if d < 0 else f"{10 ** d:g} s" for d in decades])
    lo, hi = min(all_y), max(all_y)
    ax.set_ylim(lo / 1.6, hi * 1.6)
    ax.minorticks_off()
    ax.grid(True, which="major", linewidth=0.4, alpha=0.6)
    ax.set_title("tcerts: time against PKI size (log-log; parallel to the dashed line = linear, "
                 "horizontal = flat)", fontsize=9)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    fig.savefig(path, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)


def print_summary(data):
    sizes = sorted(data["sizes"], key=int)
    w = max(len(lbl) for lbl, _ in WHOLE.values()) + 2
    log("\nmedian wall time (min–max):")
    log(" " * w + "".join(f"{int(s):>28,}" for s in sizes))
    rows = [(label, key) for key, (label, _) in WHOLE.items()] + \
           [(label, key) for key, label in SINGLE.items()]
    for label, key in rows:
        log(f"{label:<{w}}" + "".join(f"{fmt_cell(data['sizes'][s]['results'][key]):>28}"
                                      for s in sizes))
    log("runs (after 1 warm-up)".ljust(w) + "".join(f"{data['sizes'][s]['runs']:>28}"
                                                   for s in sizes))
    log("\nratios (target):")
    for label, target, by_size, where in ratios(data["sizes"]):
        cells = []
        for s in sizes:
            judged = where == "at every size" or int(s) == GROWTH_TARGET_SIZE
            cells.append(f"{sig3(by_size[s])} {verdict(by_size[s], target) if judged else ''}")
        log(f"{label:<{w}}" + "".join(f"{c:>16}" for c in cells)
            + f"   (≤ {target} {where})")


# ---- main -----------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                    help="comma-separated PKI sizes (default %(default)s)")
    ap.add_argument("--scratch", default="/dev/shm/tcerts-scale", type=Path,
                    help="where the PKIs are built and cached (default %(default)s, a tmpfs)")
    ap.add_argument("--tcerts", help="the binary (default $TCERTS, else target/release/tcerts)")
    ap.add_argument("--runs", type=int, default=7, help="timed runs per command (default 7)")
    ap.add_argument("--large-runs", type=int, default=3,
                    help=f"timed runs per command at {LARGE:,} and more (default 3)")
    ap.add_argument("--out", default=ROOT / "docs" / "bench", type=Path,
                    help="scale.json, scale.md, scale.svg go here (default docs/bench)")
    ap.add_argument("--label", help="what the binary is, for the report (default: git "
                    "describe of the checkout holding it)")
    ap.add_argument("--merge", action="store_true",
                    help="keep the sizes of an earlier OUT/scale.json not measured this time")
    ap.add_argument("--write-docs", action="store_true",
                    help="also put scale.md between the scale markers of docs/benchmarks.md")
    ap.add_argument("--report-only", action="store_true",
                    help="measure nothing: write scale.md and scale.svg again from "
                    "OUT/scale.json")
    args = ap.parse_args()
    if args.report_only:
        data = json.loads((args.out / "scale.json").read_text())
        report(data, args.out, args.write_docs)
        return
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if not sizes or min(sizes) < 2:
        raise BenchError("--sizes needs sizes of at least 2")
    if args.runs < 2 or args.large_runs < 2:
        raise BenchError("--runs and --large-runs must be at least 2")

    tcerts = find_tools(args)
    args.scratch.mkdir(parents=True, exist_ok=True)
    scratch = args.scratch.resolve()
    scan_py = scratch / "scan.py"
    scan_py.write_text(SCAN_PY)
    label = binary_label(tcerts, args.label)
    mach = machine(scratch, tcerts)
    log(f"tcerts: {tcerts}: {label}, {mach['tcerts']}, sha256 {mach['tcerts_sha256'][:16]}…")
    log(f"scratch: {scratch} (filesystem: {mach['scratch_fs']})"
        + ("" if mach["scratch_fs"] == "tmpfs" else "  WARNING: not a tmpfs; fsync and the "
           "disk are in the figures"))
    log(f"{mach['cores']} cores, {mach['cpu']}; {mach['openssl']}; {mach['hyperfine']}; "
        f"Python {mach['python']}, cryptography {mach['cryptography']}")
    log(f"runs: {args.runs} per command after 1 warm-up; {args.large_runs} at "
        f"{LARGE:,} certificates and more")

    data = {"machine": mach, "sizes": {}}
    old = args.out / "scale.json"
    if args.merge and old.exists():
        data["sizes"] = json.loads(old.read_text())["sizes"]
    for n in sizes:
        base = scratch / str(n)
        built = build_pki(tcerts, base, n, mach["tcerts_sha256"])
        health_check(tcerts, base, n, scan_py)
        runs = args.runs if n < LARGE else min(args.runs, args.large_runs)
        load = os.getloadavg()[0]
        t1 = time.monotonic()
        results = measure(tcerts, base, n, runs, scan_py)
        measured = time.monotonic() - t1
        log(f"[{n}] measured in {measured:.0f} s (load average {load:.2f} at the start)")
        data["sizes"][str(n)] = {
            "binary": label, "sha256": mach["tcerts_sha256"], "date": datetime.date.today().isoformat(), "runs": runs,
            "build_seconds": built, "measure_seconds": measured,
            "load_average_at_start": load, "results": results}

    args.out.mkdir(parents=True, exist_ok=True)
    data["description"] = describe(data)
    (args.out / "scale.json").write_text(json.dumps(data, indent=1) + "\n")
    report(data, args.out, args.write_docs)


DOCS = ROOT / "docs" / "benchmarks.md"
MARKERS = ("<!-- scale:start -->", "<!-- scale:end -->")


def report(data, out, write_docs=False):
    if len({v.get("sha256") for v in data["sizes"].values()}) > 1:
        log("WARNING: the sizes in this report were measured with different binaries")
    table = markdown(data) + "\n" + describe(data) + "\n"
    (out / "scale.md").write_text(table)
    plot(data, out / "scale.svg")
    print_summary(data)
    log(f"\nwrote {out / 'scale.json'}, {out / 'scale.md'}, {out / 'scale.svg'}")
    if write_docs:
        text = DOCS.read_text()
        start, end = (text.find(m) for m in MARKERS)
        if start < 0 or end < start:
            raise BenchError(f"no {MARKERS[0]} ... {MARKERS[1]} in {DOCS}")
        DOCS.write_text(text[:start + len(MARKERS[0])] + "\n" + table + text[end:])
        log(f"wrote the table into {DOCS}")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _sigterm)
    try:
        main()
    except BenchError as e:
        sys.exit(f"scale.py: {e}")
    except KeyboardInterrupt:
        sys.exit("scale.py: interrupted")
