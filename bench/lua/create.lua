-- wrk: POST a valid create request (REELAY_BENCH_BODY in the environment) with the bench key.
-- done() prints the same WRKSTAT line as get.lua; status_errors counts answers >= 400.
wrk.method = "POST"
wrk.body = os.getenv("REELAY_BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("REELAY_BENCH_KEY") or "bench-key-1")

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKSTAT %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50.0), latency:percentile(99.0), latency.max, e.status,
    e.connect + e.read + e.write + e.timeout))
end
