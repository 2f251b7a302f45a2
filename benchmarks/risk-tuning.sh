#!/usr/bin/env bash
# Compares XGBoost settings of the shortage-risk model on a few origins (hard population), to tune them on early
# origins only before benchmarks/backtest.sh reports the chosen ones on every origin. Deterministic; each setting is
# one XGBoost fit per origin (about a minute each on 2 busy cores).
#   benchmarks/risk-tuning.sh [origins] [settings] [horizon] [data-dir]
#   settings: trees/depth/eta/minChildWeight[/hard][/refit][/linearW][/+column-column], comma-separated; the first is
#   the reference. /hard trains on the hard population only; /refit refits on the training and calibration rows together
#   after calibrating (the Platt scaling of the first fit is kept); /linear0.3 blends a logistic regression's
#   calibrated probability in at that share (the served model: 150/4/0.1/5/refit/linear0.3);
#   /+a+b-c adds columns a and b (RiskFeatures.NAMES)
#   to the served ones and leaves out c. Variants Tribuo cannot express are fitted with xgboost4j directly, always
#   refitted as served (forecasting's RiskBoosterExperiment): /own (the served recipe itself, the reference for the
#   others), /rank:pairwise|ndcg|map (one query group per origin), /count:poisson or /reg:tweedie (the number of
#   reports in the window, /capN capped), /hardwN and /posN (row weights), /bagN (seeds), /decayN (half-life in
#   months of a training origin's weight), /rates (totals a year of history), /linrefit and /loglin (the blended
#   regression refitted, or on log columns), /countW (the count's probability blended in at W), /mono (trees monotone
#   in the shortage counts and the days since), /countstart (trees start from the count's calibrated logit), /oracleN
#   (not a model, a ceiling: N folds of keys, each fit also learning the other folds' rows of the origins within 3
#   months of the test origin, later labels included).
#   Tune on early origins (2021 and before): the rolling backtest reports on 2022-01..2024-09.
set -euo pipefail
cd "$(dirname "$0")/.."
origins="${1:-2021-04-01,2021-10-01}"
settings="${2:-150/4/0.1/5,150/4/0.1/5/hard,300/3/0.05/20,150/6/0.1/5}"
./mvnw -B -q -pl batch -am test-compile exec:java \
  -Dexec.mainClass=org.stockbridge.batch.risk.RiskTuningMain \
  -Dexec.args="${4:-data/real} $origins $settings ${3:-90}"
