#!/bin/sh
# The boundary lab's speed against numpy, RUNS times back to back (default 3): each row is one
# run of GradscopeBench's training and grid benchmarks and of Benchmarks/numpy_mlp.py (the same
# 2-8-8-1 tanh network, data and protocol in plain vectorised numpy), and their ratio.
#
# Usage: Benchmarks/boundary_speed.sh [RUNS]      (builds GradscopeBench in release first)
set -eu
cd "$(dirname "$0")/.."
runs=${1:-3}
swift build -c release --product GradscopeBench >/dev/null
bench=$(swift build -c release --show-bin-path)/GradscopeBench
printf '%-4s %14s %12s %12s %7s %14s %16s %12s\n' run epoch_us epochs/s numpy_e/s ratio grid_float_us grid_double_us numpy_grid_ms
i=1
while [ "$i" -le "$runs" ]; do
    ours=$(GRADSCOPE_BENCH_ONLY=_2-8-8-1 "$bench")
    theirs=$(python3 Benchmarks/numpy_mlp.py)
    python3 - "$i" "$ours" "$theirs" <<'PY'
import json, sys
run, ours, theirs = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
epoch = ours["train_epoch_2-8-8-1_tanh_250pts_batch10_us"]
numpy = theirs["epochs_per_second"]
print(f"{run:<4} {epoch:14.1f} {1e6 / epoch:12.0f} {numpy:12.1f} {1e6 / epoch / numpy:7.1f} "
      f"{ours['predict_grid_160x96_2-8-8-1_float_us']:14.1f} {ours['predict_grid_160x96_2-8-8-1_us']:16.1f} "
      f"{theirs['grid_160x96_ms']:12.3f}")
PY
    i=$((i + 1))
done
