-- What the bench's wrk scripts share (post.lua, isso_post.lua, refused.lua): each thread
-- numbered, so its words differ from the others'; the counters summed over the threads at the
-- end, as the line bench/report.py reads; and a form field's encoding.
local M = {}
local threads = {}

function M.setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

-- Write "bench: LABEL N1 N2 ...": each named counter summed over every thread.
function M.report(label, names)
  local totals = {}
  for i, name in ipairs(names) do
    totals[i] = 0
    for _, thread in ipairs(threads) do totals[i] = totals[i] + thread:get(name) end
  end
  io.write("bench: " .. label .. " " .. table.concat(totals, " ") .. "\n")
end

function M.encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

return M
