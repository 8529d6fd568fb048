#!/usr/bin/env python3
"""Side-by-side vote counting: CoopCare's Scottish STV (Benchmarks/Sources/CountBench, release) against pyrankvote's
STV, on the twelve Glasgow 2007 wards in Tests/CoopDomainTests/Fixtures/stv and on seeded random elections
(100,000 ballots / 20 candidates / 5 seats and 10,000 / 10 / 3). Prints, per election, each side's time for one count
(ballot loading excluded on both sides), the speed ratio, and whether the two elected the same candidates (the rules
differ: pyrankvote is not Scottish STV, so some wards may differ).

Run from the repository root: python3 Benchmarks/run-count.py   (needs: pip install pyrankvote)
"""
import glob, json, os, random, statistics, subprocess, sys, tempfile, time

import pyrankvote
from pyrankvote import Ballot, Candidate

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_blt(path):
    tokens = open(path, encoding="utf-8").read().split("\n")
    lines = [l.strip() for l in tokens if l.strip()]
    n, seats = map(int, lines[0].split())
    i = 1
    if lines[i].startswith("-"):
        i += 1
    ballots = []
    while lines[i] != "0":
        parts = list(map(int, lines[i].split()))
        ballots.append((parts[0], [p - 1 for p in parts[1:-1]]))
        i += 1
    names = [lines[i + 1 + k].strip('"') for k in range(n)]
    return names, seats, ballots


def write_blt(path, names, seats, ballots, title):
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"{len(names)} {seats}\n")
        for weight, ranking in ballots:
            f.write(f"{weight} {' '.join(str(c + 1) for c in ranking)} 0\n")
        f.write("0\n")
        for name in names:
            f.write(f'"{name}"\n')
        f.write(f'"{title}"\n')


def random_election(ballots, candidates, seats, seed):
    rng = random.Random(seed)
    popularity = [rng.random() ** 2 for _ in range(candidates)]
    result = []
    for _ in range(ballots):
        order = sorted(range(candidates), key=lambda c: -popularity[c] * rng.random())
        result.append((1, order[: rng.randint(1, candidates)]))
    return [f"Candidate {c + 1}" for c in range(candidates)], seats, result


def pyrankvote_count(names, seats, ballots, repeats):
    candidates = [Candidate(n) for n in names]
    expanded = [Ballot(ranked_candidates=[candidates[c] for c in r]) for w, r in ballots for _ in range(w)]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = pyrankvote.single_transferable_vote(candidates, expanded, number_of_seats=seats)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), sorted(c.name for c in result.get_winners())


def main():
    binary = os.path.join(ROOT, "Benchmarks/.build/release/CountBench")
    if not os.path.exists(binary):
        subprocess.run(["swift", "build", "-c", "release", "--product", "CountBench"], cwd=os.path.join(ROOT, "Benchmarks"), check=True)
    work = tempfile.mkdtemp(prefix="coopcare-count-")
    elections = sorted(glob.glob(os.path.join(ROOT, "Tests/CoopDomainTests/Fixtures/stv/*-2007.blt")))
    for label, (b, c, s, seed) in {"random-100k-20c-5s": (100_000, 20, 5, 1), "random-10k-10c-3s": (10_000, 10, 3, 2)}.items():
        names, seats, ballots = random_election(b, c, s, seed)
        path = os.path.join(work, label + ".blt")
        write_blt(path, names, seats, ballots, label)
        elections.append(path)
    print(f"{'election':34} {'ballots':>8} {'pyrankvote ms':>14} {'coopcare ms':>12} {'speed-up':>9}  same winners")
    ratios = []
    for path in elections:
        names, seats, ballots = read_blt(path)
        big = sum(w for w, _ in ballots) > 50_000
        py_ms, py_winners = pyrankvote_count(names, seats, ballots, 1 if big else 3)
        out = subprocess.run([binary, "scottish-stv", "5" if big else "50", path], capture_output=True, text=True, check=True)
        ours = json.loads(out.stdout.strip().splitlines()[-1])
        same = sorted(ours["elected"]) == py_winners
        ratio = py_ms / ours["median_ms"]
        ratios.append(ratio)
        print(f"{os.path.basename(path)[:-4]:34} {sum(w for w, _ in ballots):>8} {py_ms:>14.2f} {ours['median_ms']:>12.3f} {ratio:>8.0f}x  {'yes' if same else 'no'}")
    print(f"\nspeed-up: median {statistics.median(ratios):.0f}x, smallest {min(ratios):.0f}x (goal: at least 50x)")


if __name__ == "__main__":
    sys.exit(main())
