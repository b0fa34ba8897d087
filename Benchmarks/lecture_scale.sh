#!/usr/bin/env bash
# Lecture scale (a benchmark, not a test): one presenter animating the four-lab dashboard at
# 120x40 and N followers, all headless (frames drawn into virtual terminals), for N = 0 1 10 50.
# Prints per-follower CPU (% of one core) and bytes per second a real terminal would be sent,
# and the presenter's own frame rate, as JSON lines plus a summary.
#   usage: Benchmarks/lecture_scale.sh [SECONDS] [N...]     (release build first)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}; shift || true
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(0 1 10 50)
swift build -c release --product gradscope >/dev/null
bin=.build/release/gradscope
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for n in "${counts[@]}"; do
  sock="$dir/l$n.sock"
  "$bin" serve --headless 120x40 --seconds $((seconds + 4)) --socket "$sock" > "$dir/presenter$n.json" &
  presenter=$!
  for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
  pids=()
  for i in $(seq 1 "$n"); do
    "$bin" follow "$sock" --headless 120x40 --seconds "$seconds" ${FOLLOW_ARGS:-} > "$dir/follower$n-$i.json" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  wait "$presenter"
  python3 - "$n" "$dir" <<'PY'
import json, sys, glob
n, d = int(sys.argv[1]), sys.argv[2]
p = json.load(open(f"{d}/presenter{n}.json"))
fs = [json.load(open(f)) for f in glob.glob(f"{d}/follower{n}-*.json")]
line = {"followers": n, "presenter_fps": round(p["framesPerSecond"], 1), "presenter_cpu_pct": round(p["cpuPercentOfOneCore"], 1)}
if fs:
    cpu = [f["cpuPercentOfOneCore"] for f in fs]; bw = [f["terminalBytesPerSecond"] for f in fs]; fps = [f["framesPerSecond"] for f in fs]
    line.update({"follower_cpu_pct_mean": round(sum(cpu)/len(cpu), 2), "follower_cpu_pct_max": round(max(cpu), 2),
                 "follower_bytes_per_s_mean": round(sum(bw)/len(bw)), "follower_bytes_per_s_max": round(max(bw)),
                 "follower_fps_mean": round(sum(fps)/len(fps), 1)})
print(json.dumps(line))
PY
done
