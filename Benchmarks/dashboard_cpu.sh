#!/bin/sh
# The dashboard's cost beside the floor (Benchmarks/floor.c: a bare ncurses animation of a
# 500-point braille curve over the whole screen at 30 fps), both running at once in tmux, at
# 80x24, 120x40 and 200x60 and with the boundary pane focused. For each program it prints the
# CPU it used (% of one core, from /proc/PID/stat over a fixed window after a warm-up), its RSS,
# the bytes per second its terminal was sent over that window (tmux pipe-pane), and the most
# bytes sent in any 5 s window from its first frame, against the --max-bandwidth budget.
#
# Usage: Benchmarks/dashboard_cpu.sh [WINDOW_SECONDS] [CASE ...]
#   CASE is WxH or WxH:PANE (focus PANE); default 80x24 120x40 200x60 120x40:boundary 200x60:boundary
#   GRADSCOPE=path/to/gradscope (default: the release build, made when missing)
#   DASHBOARD_ARGS="--max-bandwidth 20000" adds arguments to every dashboard run.
set -eu
cd "$(dirname "$0")/.."
window=${1:-10}
[ $# -gt 0 ] && shift
bin=${GRADSCOPE:-}
if [ -z "$bin" ]; then
    bin=$(swift build -c release --show-bin-path)/gradscope
    [ -x "$bin" ] || swift build -c release --product gradscope >/dev/null
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/dashboard-cpu.XXXXXX")
trap 'tmux -L "gradscope-bench-$$" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM
cc -O2 -o "$work/floor" Benchmarks/floor.c -lncursesw -lm
python3 - "$bin" "$work" "$window" "gradscope-bench-$$" "${DASHBOARD_ARGS:-}" "$@" <<'PY'
import bisect, os, re, shlex, subprocess, sys, time

binary, work, window, socket, extra = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5]
cases = sys.argv[6:] or ["80x24", "120x40", "200x60", "120x40:boundary", "200x60:boundary"]
budget = 50_000.0
m = re.search(r"--max-bandwidth[ =](\d+)", extra)
if m: budget = float(m.group(1))
tick = os.sysconf("SC_CLK_TCK")
warmup = 2.0

def tmux(*args):
    return subprocess.run(["tmux", "-L", socket, *args], check=True, capture_output=True, text=True).stdout.strip()

def cpu_ticks(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime, all threads

def rss_kib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"): return int(line.split()[1])
    return 0

def load():
    return open("/proc/loadavg").read().split()[0]

print(f"window {window:g} s after a {warmup:g} s warm-up; budget {budget / 1000:g} KB/s; binary {binary}")
print(f"{'case':<17} {'program':<9} {'CPU %':>6} {'RSS MiB':>8} {'KB/s':>7} {'max 5s KB/s':>12} {'load':>5}")
for case in cases:
    size, _, focus = case.partition(":")
    width, height = (int(v) for v in size.split("x"))
    dashboard = [binary, "dashboard"] + (["--focus", focus] if focus else []) + shlex.split(extra)
    programs = {"floor": [f"{work}/floor"], "gradscope": dashboard}
    runs = {}
    for name, argv in programs.items():
        session, log = f"{name}-{width}x{height}", f"{work}/{name}-{width}x{height}.bytes"
        open(log, "wb").close()
        # The program waits for its pipe to be in place, so the first frame is counted.
        command = "read go; exec " + " ".join(shlex.quote(a) for a in argv)
        tmux("new-session", "-d", "-s", session, "-x", str(width), "-y", str(height), command)
        tmux("pipe-pane", "-t", session, "-o", f"cat >> {shlex.quote(log)}")
        runs[name] = (session, log, int(tmux("display-message", "-p", "-t", session, "#{pane_pid}")))
    for session, _, _ in runs.values():
        tmux("send-keys", "-t", session, "Enter")
    load_before = load()
    samples = {name: [] for name in runs}
    start = time.monotonic()
    marks = {}
    while True:
        now = time.monotonic() - start
        for name, (_, log, pid) in runs.items():
            samples[name].append((now, os.path.getsize(log)))
        if "begin" not in marks and now >= warmup:
            marks["begin"] = {name: (now, cpu_ticks(pid), os.path.getsize(log)) for name, (_, log, pid) in runs.items()}
        if now >= warmup + window:
            marks["end"] = {name: (now, cpu_ticks(pid), os.path.getsize(log), rss_kib(pid)) for name, (_, log, pid) in runs.items()}
            break
        time.sleep(0.05)
    cpus = {}
    for name, (session, _, _) in runs.items():
        t0, c0, b0 = marks["begin"][name]
        t1, c1, b1, rss = marks["end"][name]
        cpu = 100 * (c1 - c0) / tick / (t1 - t0)
        rate = (b1 - b0) / (t1 - t0)
        # Every 5 s window from the first byte on (sampled every 50 ms).
        series = samples[name]
        times = [t for t, _ in series]
        begin = max(0, next((i for i, (_, b) in enumerate(series) if b > 0), len(series)) - 1)
        worst = 0.0
        for i in range(begin, len(series)):
            if times[-1] < times[i] + 5.0 - 0.05: break
            j = bisect.bisect_right(times, times[i] + 5.0) - 1
            worst = max(worst, (series[j][1] - series[i][1]) / 5.0)
        cpus[name] = cpu
        print(f"{case:<17} {name:<9} {cpu:6.1f} {rss / 1024:8.1f} {rate / 1000:7.1f} {worst / 1000:12.1f} {load_before:>5}")
        tmux("kill-session", "-t", session)
    if cpus.get("floor", 0) > 0:
        print(f"{case:<17} {'ratio':<9} {cpus['gradscope'] / cpus['floor']:6.2f}  (dashboard CPU / floor CPU, same run)")
    time.sleep(0.5)
PY
