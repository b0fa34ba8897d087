#!/usr/bin/env bash
# Milliseconds from launching gradscope in tmux to its first complete frame (status bar shown).
# Usage: scripts/first-frame-latency.sh [BINARY] [WIDTH] [HEIGHT]
# Build first: swift build -c release --product gradscope
set -euo pipefail
binary=${1:-$(dirname "$0")/../.build/release/gradscope}
width=${2:-120}; height=${3:-40}
socket=first-frame-$$
stamp=$(mktemp)
rm -f "$stamp"
tmux -L "$socket" -f /dev/null new-session -d -s f -x "$width" -y "$height" \
  "sleep 0.3; date +%s%N > $stamp; exec $binary"
while ! [ -s "$stamp" ]; do sleep 0.001; done
while ! tmux -L "$socket" capture-pane -p -t f | grep -q "q quit"; do sleep 0.002; done
end=$(date +%s%N); start=$(cat "$stamp")
echo "first frame at ${width}x${height}: $(( (end - start) / 1000000 )) ms"
tmux -L "$socket" kill-server
rm -f "$stamp"
