-- Posts one-unit receipts, each with its own Idempotency-Key.
local threads = {}
local counter = 0
local run = os.time()

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  site, product, lot = args[1], args[2], args[3]
  body = string.format('{"site":"%s","product":"%s","type":"RECEIPT","quantity":1,"lot":{"number":"%s"}}',
    site, product, lot)
end

function request()
  counter = counter + 1
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end  -- the -H headers (the bearer token)
  headers["Content-Type"] = "application/json"
  headers["Idempotency-Key"] = string.format("bench-%d-%d-%d", run, tid, counter)
  return wrk.format("POST", "/api/v1/movements", headers, body)
end
