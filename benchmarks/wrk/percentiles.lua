-- Prints "percentiles <p50> <p95> <p99>" (microseconds, from wrk's own latency histogram) when the run ends, so a
-- benchmark can read p95, which wrk --latency does not print. WRK_INNER names a request script to run as well
-- (benchmarks/wrk/post-movement.lua); its functions and the script arguments are used as they are.
local inner = os.getenv("WRK_INNER")
if inner and inner ~= "" then
  dofile(inner)
end

function done(summary, latency, requests)
  io.write(string.format("percentiles %d %d %d\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
