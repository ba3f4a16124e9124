#!/bin/sh
# The one prepared check for a machine with a CUDA GPU (about 3 minutes): the CUDA tests and
# the GPU target (engine_bench's 784-256-256-10 case at batch 256 against a bare torch loop on
# the same GPU, 3 rounds, exit 1 under 0.9x). Runs on the machine's own python3 and torch,
# without installing the package or the GUI (the core needs no Qt):
#
#     sh bench/gpu_check.sh            # from the repository root
#
# Writes its log to $OUT/gpu_check.log too when OUT is set.
set -u
cd "$(dirname "$0")/.." || exit 2
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
LOG="${OUT:-/tmp}/gpu_check.log"
{
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1
    python3 -c "import torch, numpy; print('torch', torch.__version__, 'numpy', numpy.__version__, 'cuda', torch.cuda.is_available())"
    python3 -m pytest -q -p no:cacheprovider -p no:logging tests/core/test_cuda.py \
        "tests/core/test_engine.py::test_cuda_training_is_deterministic"
    tests=$?
    python3 bench/engine_bench.py --gpu-check
    bench=$?
    echo "tests exit $tests, GPU target exit $bench"
    [ "$tests" -eq 0 ] && [ "$bench" -eq 0 ]
    echo $? > "$LOG.status"
} 2>&1 | tee "$LOG"
status=$(cat "$LOG.status")
rm -f "$LOG.status"
exit "$status"
