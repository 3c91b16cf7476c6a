-- wrk script: POST a new comment on every request, each with different words (so the
-- duplicate check passes), all with one valid form token and its session cookie, read once
-- by run.py. Arguments: path token cookie shown run (run, a label per wrk run, keeps each
-- run's words new). Prints "bench: posted OK OTHER" at the end:
-- OK is the number of 303 answers (comment stored), OTHER every other answer.

-- The shared part sits beside this script; wrk loads the script by its path.
package.path = debug.getinfo(1, "S").source:match("^@(.*[/\\])") .. "?.lua;" .. package.path
local shared = require("wrk_threads")
setup = shared.setup

local encode = shared.encode

function init(args)
  path, token, cookie, shown, run = args[1], args[2], args[3], args[4], args[5]
  counter, ok, other = 0, 0, 0
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  if cookie ~= "" then wrk.headers["Cookie"] = cookie end
end

function request()
  counter = counter + 1
  local words = "Benchmark comment " .. run .. "-" .. id .. "-" .. counter .. ": one day at a time, and today went well."
  local body = "csrf_token=" .. encode(token) .. "&shown=" .. encode(shown)
    .. "&comment=" .. encode(words) .. "&author=Bench&email=bench%40example.net"
    .. "&url=&comment_parent=0&subject="
  return wrk.format("POST", path, nil, body)
end

function response(status, headers, body)
  if status == 303 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  shared.report("posted", {"ok", "other"})
end
