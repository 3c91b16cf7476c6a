-- wrk script: a comment post the site refuses, then the page it sends the form back on, as a
-- browser does (post, redirect, get), keeping the cookies each answer sets. Arguments: path
-- token cookie shown kind run. kind "duplicate" posts the same words again and again (the
-- first is stored; every later one is refused as a duplicate); "invalid" leaves the name
-- out. Prints "bench: refused REFUSED PAGES OTHER": posts answered 303 to the form (#respond),
-- form pages answered 200, and every other answer (the first duplicate's 303 to its comment
-- counts there).

-- The shared part sits beside this script; wrk loads the script by its path.
package.path = debug.getinfo(1, "S").source:match("^@(.*[/\\])") .. "?.lua;" .. package.path
local shared = require("wrk_threads")
setup = shared.setup

local encode = shared.encode

function init(args)
  path, token, cookie, shown, kind, run = args[1], args[2], args[3], args[4], args[5], args[6]
  refused, pages, other = 0, 0, 0
  sent_back = nil
  cookies = {}
  if cookie ~= "" then
    local name, value = cookie:match("([^=]+)=(.*)")
    cookies[name] = value
  end
  local author = kind == "invalid" and "" or "Bench"
  local words = "Benchmark refusal " .. run .. "-" .. id .. ": the same words, sent again."
  body = "csrf_token=" .. encode(token) .. "&shown=" .. encode(shown)
    .. "&comment=" .. encode(words) .. "&author=" .. author .. "&email=bench%40example.net"
    .. "&url=&comment_parent=0&subject="
end

local function cookie_header()
  local parts = {}
  for name, value in pairs(cookies) do table.insert(parts, name .. "=" .. value) end
  return table.concat(parts, "; ")
end

function request()
  local headers = {["Cookie"] = cookie_header()}
  if sent_back then
    local page = sent_back
    sent_back = nil
    return wrk.format("GET", page, headers)
  end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  local set = headers["Set-Cookie"]
  if set then
    local name, value = set:match("^([^=]+)=([^;]*)")
    -- An empty value is a cookie deleted (the draft's, once its page is shown): a browser
    -- sends it no more.
    if name and value == "" then cookies[name] = nil elseif name then cookies[name] = value end
  end
  local location = headers["Location"]
  if status == 303 and location and location:find("#respond", 1, true) then
    refused = refused + 1
    sent_back = location:gsub("^https?://[^/]+", ""):gsub("#.*$", "")
  elseif status == 200 then
    pages = pages + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  shared.report("refused", {"refused", "pages", "other"})
end
