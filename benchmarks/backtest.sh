#!/usr/bin/env bash
# Runs every forecasting backtest (demand on the demo panel, shortage risk on the real DSC history) and the demand
# model's training/scoring benchmark, and writes docs/forecasting-backtest.md. Deterministic. On 2 quiet cores: everything
# takes about 20 minutes, the risk section alone about 17 (180 XGBoost fits; two to three times that when the cores are busy).
#   benchmarks/backtest.sh [data-dir] [panel.csv] [report.md]   everything
#   benchmarks/backtest.sh risk [data-dir] [report.md]          only the shortage-risk rolling-origin section
#                                                               (rolling origins, hard population, ablations)
# On a busy machine RISK_ABLATION_STEP=n fits the ablations on every nth origin (default 6; 0: none) and
# RISK_SHORT_STEP=n the 30-day horizon on every nth origin (default 1, all); the report states it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "risk" ]]; then
  args="risk ${2:-data/real} ${3:-docs/forecasting-backtest.md}"
else
  args="${1:-data/real} ${2:-benchmarks/demo-panel.csv} ${3:-docs/forecasting-backtest.md}"
fi
./mvnw -B -q -pl batch -am test-compile exec:java \
  -Drisk.ablation-step="${RISK_ABLATION_STEP:-6}" -Drisk.short-step="${RISK_SHORT_STEP:-1}" \
  -Dexec.mainClass=org.stockbridge.batch.risk.BacktestMain \
  -Dexec.args="$args"
