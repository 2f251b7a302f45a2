#!/usr/bin/env bash
# Runs every forecasting backtest (demand on the demo panel, shortage risk on the real DSC history) and the demand
# model's training/scoring benchmark, and writes docs/forecasting-backtest.md. Deterministic; about 5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl batch -am test-compile exec:java \
  -Dexec.mainClass=org.stockbridge.batch.risk.BacktestMain \
  -Dexec.args="${1:-data/real} ${2:-benchmarks/demo-panel.csv} ${3:-docs/forecasting-backtest.md}"
