#!/usr/bin/env bash
# Generates national transfer instances (1,000 sites x 200 products by default, fixed seed), solves each exactly (OR-Tools
# GLOP and SCIP) and with the greedy nearest-donor baseline in the same run, and prints the problem size, solve time,
# status, the proven optimality gap and the baseline's coverage against the optimum.
# Arguments: seed, sites, products, time limit in seconds, solver threads, scenarios (all, or a comma-separated list
# of ample, scarce, surge, closed-crossings, recall). With several, a table comparing them is printed last.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl batch -am test-compile exec:java \
  -Dexec.mainClass=org.stockbridge.forecasting.transfer.TransferBenchmark \
  -Dexec.args="${1:-20261201} ${2:-1000} ${3:-200} ${4:-30} ${5:-2} ${6:-all}"
