#!/usr/bin/env bash
# The image's command, run without a container engine: the layers of api/target/stockbridge-image.tar extracted into a
# directory, then the image's entrypoint run in it (nsenter --root, in the image's working directory) as the image's
# user, in a private mount namespace with /proc mounted and a writable home, against a new database on the PostgreSQL
# server. Prints the image's size, then the seconds from launch until /actuator/health/readiness is UP: first on
# the empty database (migrations and the start-up loads), then again on the loaded database (a restart). Needs root,
# unshare, nsenter, jq, psql and curl.
# Usage: benchmarks/image-start.sh   (after ./mvnw -B -pl api -am -DskipTests -Pimage package)
# IMAGE_TAR (default api/target/stockbridge-image.tar), IMAGE_PG_URL (postgresql://postgres@127.0.0.1:5432/postgres),
# IMAGE_PORT (18095), IMAGE_APP_ARGS (default: the demo stock off).
set -euo pipefail
cd "$(dirname "$0")/.."
tar_file=${IMAGE_TAR:-api/target/stockbridge-image.tar}
pg=${IMAGE_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
port=${IMAGE_PORT:-18095}
app_args=${IMAGE_APP_ARGS:---stockbridge.demo.enabled=false}
work=$(mktemp -d)
db="image_start_$$"
cleanup() {
  [[ -n "${pid:-}" ]] && stop
  psql -q "$pg" -c "drop database if exists $db" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/oci" "$work/root"
tar -xf "$tar_file" -C "$work/oci"
manifest=$(jq -r '.manifests[0].digest' "$work/oci/index.json" | tr : /)
config=$(jq -r '.config.digest' "$work/oci/blobs/$manifest" | tr : /)
compressed=$(jq '[.layers[].size] | add' "$work/oci/blobs/$manifest")
for layer in $(jq -r '.layers[].digest' "$work/oci/blobs/$manifest" | tr : /); do
  tar -xzf "$work/oci/blobs/$layer" -C "$work/root" 2> /dev/null
done
chmod 755 "$work/root"
echo "image: $(du -b "$tar_file" | cut -f1) bytes tarball, $compressed bytes of compressed layers," \
  "$(du -sb "$work/root" | cut -f1) bytes unpacked"
user=$(jq -r '.config.User' "$work/oci/blobs/$config")
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$work/oci/blobs/$config")
workdir=$(jq -r '.config.WorkingDir' "$work/oci/blobs/$config")
mkdir -p "$work/root/proc" "$work/writable"
chown "$user" "$work/writable"

psql -q "$pg" -c "create database $db" > /dev/null
db_url="${pg%/*}/$db"

run() {
  local log=$1
  local start end
  start=$(date +%s.%N)
  # the image's environment, the settings an operator would pass, nothing else
  env -i JAVA_HOME=/opt/java PATH=/opt/java/bin:/usr/bin:/bin HOME=/home/stockbridge \
    STOCKBRIDGE_DB_URL="$db_url" PORT="$port" MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true \
    STOCKBRIDGE_SECURITY_LOCALISSUER_ENABLED=true \
    STOCKBRIDGE_SECURITY_LOCALISSUER_KEYFILE=/home/stockbridge/.stockbridge/key.json \
    unshare --mount --fork sh -c 'mount -t proc proc "$1/proc" && mount --bind "$2" "$1/home/stockbridge" \
      && root=$1 && dir=$3 && shift 3 \
      && exec nsenter --root="$root" --wd="$root$dir" --setuid="${0%:*}" --setgid="${0#*:}" "$@"' \
    "$user" "$work/root" "$work/writable" "$workdir" "${entrypoint[@]}" $app_args > "$log" 2>&1 &
  pid=$!
  until curl -sf "localhost:$port/actuator/health/readiness" 2> /dev/null | grep -q '"UP"'; do
    if ! kill -0 "$pid" 2> /dev/null; then echo "the image's command died:"; tail -40 "$log"; exit 1; fi
    sleep 0.5
  done
  end=$(date +%s.%N)
  echo "$2: ready after $(echo "$end - $start" | bc) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  stop
}
# unshare waits for the service, its child, and does not pass a signal on: stop the service itself
stop() {
  kill $(pgrep -P "$pid") 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  pid=
}
run "$work/first.log" "first start, empty database"
grep -E 'Started Stockbridge|Start-up data ready' "$work/first.log" | sed 's/^.*\] //' | cut -c1-200 || true
run "$work/second.log" "restart, loaded database"
