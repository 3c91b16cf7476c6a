-- wrk script: POST a new comment to Isso on every request, as Isso's own client does (JSON,
-- Content-Type: application/json, an Origin that is the configured host), each with different
-- words. Arguments: path origin run (run, a label per wrk run, keeps each run's words new).
-- Prints "bench: posted OK OTHER" at the end: OK is the number of 201 or 202 answers (stored;
-- 202 when moderation holds it, as in the bench), OTHER every other answer.

-- The shared part sits beside this script; wrk loads the script by its path.
package.path = debug.getinfo(1, "S").source:match("^@(.*[/\\])") .. "?.lua;" .. package.path
local shared = require("wrk_threads")
setup = shared.setup

local function json_string(text)
  return '"' .. text:gsub('[%c"\\]', function(c) return string.format("\\u%04x", string.byte(c)) end) .. '"'
end

function init(args)
  path, origin, run = args[1], args[2], args[3]
  counter, ok, other = 0, 0, 0
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Origin"] = origin
end

function request()
  counter = counter + 1
  local words = "Benchmark comment " .. run .. "-" .. id .. "-" .. counter .. ": one day at a time, and today went well."
  local body = '{"text": ' .. json_string(words)
    .. ', "author": "Bench", "email": "bench@example.net", "website": null}'
  return wrk.format("POST", path, nil, body)
end

function response(status, headers, body)
  if status == 201 or status == 202 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  shared.report("posted", {"ok", "other"})
end
