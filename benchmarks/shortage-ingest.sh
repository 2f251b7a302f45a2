#!/usr/bin/env bash
# Shortage ingest benchmark: the 25,100-report DSC API history through the Spring Batch ingest against PostgreSQL COPY
# of the same file into a staging table, on the same embedded PostgreSQL, in one run (see
# benchmarks/java/ShortageIngestBenchmark.java). Prints rows/s of both and their ratio per round and the median.
# Usage: benchmarks/shortage-ingest.sh [rounds, default 6] [file, default the DSC history]; BENCH_WARMUP_ROUNDS (default 3)
# rounds run first in the same JVM and are printed but not counted.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-6}"
file="${2:-data/real/dsc-api-history-rxwatch/dsc_reports_2017-03_to_2024-12.csv}"
./mvnw -q -B -DskipTests package
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && jar xf "$OLDPWD/api/target/stockbridge.jar" BOOT-INF)
java -Xmx2g -cp "$work/BOOT-INF/classes:$work/BOOT-INF/lib/*" benchmarks/java/ShortageIngestBenchmark.java \
  "$file" "$rounds" "$work/pgdata" "${BENCH_WARMUP_ROUNDS:-3}"
