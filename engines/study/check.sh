#!/usr/bin/env bash
# `tickertone study` must equal Alphalens (alphalens-reloaded) and an independent pandas
# event study to 1e-9: see check_alphalens.py. Installs alphalens-reloaded (with pandas and
# scipy) when missing; builds the debug binary when missing (TICKERTONE_BIN overrides it).
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c 'import alphalens, pandas, scipy' >/dev/null 2>&1 ||
    PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore python3 -m pip install -q 'alphalens-reloaded==0.5.1'
BIN=${TICKERTONE_BIN:-${CARGO_TARGET_DIR:-target}/debug/tickertone}
[ -x "$BIN" ] || cargo build --locked --quiet
TICKERTONE_BIN=$BIN python3 engines/study/check_alphalens.py
