"""Same-minute A/B of tcerts binaries on one PKI: runs each binary N times, alternating
their order every round (so that a VM slowing down or speeding up affects all alike),
and prints each one's median, 25th percentile and minimum wall time. Output goes to
/dev/null; each run is a whole process started from Python (about 1 ms of that is
Python's fork and exec, the same for every binary).

    python3 bench/ab.py 80 /dev/shm/tcerts-scale/10000/p "list --json" OLD NEW
"""
import os
import statistics
import subprocess
import sys
import time

n, d, args, bins = int(sys.argv[1]), sys.argv[2], sys.argv[3].split(), sys.argv[4:]
t = {b: [] for b in bins}
dn = open(os.devnull, 'w')
for i in range(n):
    for b in (bins if i % 2 == 0 else bins[::-1]):
        start = time.perf_counter()
        subprocess.run([b, "--dir", d] + args, stdout=dn, stderr=dn)
        t[b].append(time.perf_counter() - start)
for b in bins:
    v = sorted(t[b])
    print(f"{b:40s} median {statistics.median(v) * 1000:.2f} ms  "
          f"p25 {v[len(v) // 4] * 1000:.2f}  min {v[0] * 1000:.2f}")
