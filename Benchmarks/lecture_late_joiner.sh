#!/usr/bin/env bash
# Late joiner (a measurement, not a test): a real presenter (`serve`, in tmux) runs its clock to
# tick ~36,000 (20 minutes at 30 steps/s, here reached at --rate 1000), slows to ~31 steps/s,
# then a follower joins in another tmux window. Prints, as one JSON line, the seconds from
# starting `follow` until its screen shows any frame, until its status bar shows a tick at
# least the presenter's at the join, and from `q` until the process has exited. With
# QUIT_EARLY=1, `q` is sent as soon as the first frame shows (while it is still catching up).
#   usage: [QUIT_EARLY=1] Benchmarks/lecture_late_joiner.sh [BINARY] [TARGET_TICK] [--set PANE.P=V ...]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release/gradscope}; shift || true
target=${1:-36000}; shift || true
dir=$(mktemp -d)
server="lecture-late-$$"
trap 'tmux -L "$server" kill-server 2>/dev/null || true; rm -rf "$dir"' EXIT
t() { tmux -L "$server" -f /dev/null "$@"; }
screen() { t capture-pane -p -t "$1" 2>/dev/null || true; }
tick_of() { screen "$1" | grep -o 'tick [0-9]*' | tail -1 | cut -d' ' -f2; }
now() { date +%s.%N; }

t new-session -d -s presenter -x 120 -y 40 "TERM=tmux-256color $bin serve --socket $dir/l.sock --rate 1000 $*; sleep 600"
t set -g status off
until [ "$(tick_of presenter)" != "" ] && [ "$(tick_of presenter)" -ge "$target" ]; do sleep 0.2; done
for _ in 1 2 3 4 5; do t send-keys -t presenter -; done  # 1000 -> 31.25 steps/s
sleep 1
joined_at=$(tick_of presenter)
start=$(now)
t new-session -d -s follower -x 120 -y 40 "TERM=tmux-256color $bin follow $dir/l.sock; echo EXITED:\$?; sleep 600"
first=""; caught=""
while [ -z "$caught" ]; do
  s=$(screen follower)
  tk=$(printf '%s\n' "$s" | grep -o 'tick [0-9]*' | tail -1 | cut -d' ' -f2 || true)
  if [ -z "$first" ] && [ -n "$tk" ]; then first=$(now); [ "${QUIT_EARLY:-0}" = 1 ] && break; fi
  if [ -n "$tk" ] && [ "$tk" -ge "$joined_at" ]; then caught=$(now); fi
  if [ "$(echo "$(now) - $start > 300" | bc)" = 1 ]; then break; fi
  sleep 0.02
done
quit=$(now)
t send-keys -t follower q
until screen follower | grep -q EXITED; do sleep 0.02; done
exited=$(now)
python3 - "$start" "$first" "$caught" "$quit" "$exited" "$joined_at" <<'PY'
import json, sys
start, first, caught, quit, exited = (float(x) if x else None for x in sys.argv[1:6])
print(json.dumps({"presenter_tick_at_join": int(sys.argv[6]),
                  "first_frame_s": round(first - start, 3) if first else None,
                  "caught_up_s": round(caught - start, 3) if caught else None,
                  "q_to_exit_s": round(exited - quit, 3)}))
PY
