-- wrk script: POST a new comment on every request, each with different words (so the
-- duplicate check passes), all with one valid form token and its session cookie, read once
-- by run.py. Arguments: path token cookie shown run (run, a label per wrk run, keeps each
-- run's words new). Prints "bench: posted OK OTHER" at the end:
-- OK is the number of 303 answers (comment stored), OTHER every other answer.

function setup(thread)
  threads = threads or {}
  table.insert(threads, thread)
  thread:set("id", #threads)
end

local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

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
  local total_ok, total_other = 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_other = total_other + thread:get("other")
  end
  io.write(string.format("bench: posted %d %d\n", total_ok, total_other))
end
