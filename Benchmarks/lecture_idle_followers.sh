#!/usr/bin/env bash
# Presenter memory with idle followers (a measurement, not a test): a real presenter (`serve`,
# in tmux, the four-lab dashboard animating) and N connections that never read. Prints the
# presenter's resident memory (VmRSS, MiB) before they connect and every 15 s for S seconds,
# with its follower count, as JSON lines.
#   usage: Benchmarks/lecture_idle_followers.sh [BINARY] [N] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release/gradscope}
count=${2:-200}
seconds=${3:-150}
dir=$(mktemp -d)
server="lecture-idle-$$"
trap 'kill "$idle" 2>/dev/null || true; tmux -L "$server" kill-server 2>/dev/null || true; rm -rf "$dir"' EXIT
t() { tmux -L "$server" -f /dev/null "$@"; }
t new-session -d -s presenter -x 120 -y 40 "echo \$\$ > $dir/pid; exec env TERM=tmux-256color $bin serve --socket $dir/l.sock"
for _ in $(seq 100); do [ -S "$dir/l.sock" ] && break; sleep 0.1; done
pid=$(cat "$dir/pid")
rss() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
followers() { t capture-pane -p -t presenter | grep -o '[0-9]* followers\? on' | head -1 | cut -d' ' -f1; }
sleep 5
echo "{\"seconds\": 0, \"idle_connected\": 0, \"rss_mib\": $(rss)}"
python3 - "$dir/l.sock" "$count" "$seconds" <<'PY' &
import socket, sys, time
path, count, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
held = []
for _ in range(count):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    held.append(s)          # never read from, never closed until the end
time.sleep(seconds + 30)
PY
idle=$!
for elapsed in $(seq 15 15 "$seconds"); do
  sleep 15
  echo "{\"seconds\": $elapsed, \"idle_connected\": $count, \"followers_shown\": \"$(followers)\", \"rss_mib\": $(rss)}"
done
