-- wrk: GET with the bench key (REELAY_BENCH_KEY in the environment); the path comes from the URL.
-- done() prints one machine-readable line for the bench scripts:
--   WRKSTAT requests duration_us p50_us p99_us max_us status_errors socket_errors
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("REELAY_BENCH_KEY") or "bench-key-1")

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKSTAT %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50.0), latency:percentile(99.0), latency.max, e.status,
    e.connect + e.read + e.write + e.timeout))
end
