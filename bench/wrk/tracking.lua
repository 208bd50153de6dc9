-- POST /api/v1/tracking with the (code, digits) pairs listed in $BENCH_PAIRS ("code digits" per line), in
-- turn; prints the same JSON line as paths.lua. Every answer must be 200 (non-2xx count as status errors).
local bodies = {}
for line in io.lines(os.getenv("BENCH_PAIRS")) do
  local code, digits = line:match("^(%S+)%s+(%d%d%d%d)$")
  if code then
    bodies[#bodies + 1] = string.format('{"code": "%s", "digits": "%s"}', code, digits)
  end
end
local headers = {["Content-Type"] = "application/json"}
local index = 0

function setup(thread)
  thread:set("offset", math.random(#bodies))
end

request = function()
  index = index + 1
  local body = bodies[((index + (offset or 0)) % #bodies) + 1]
  return wrk.format("POST", "/api/v1/tracking", headers, body)
end

done = function(summary, latency, requests)
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "status_errors": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "timeouts": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.timeout, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max))
end
