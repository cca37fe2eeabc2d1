-- Reads, at one instant, the stream's newest entry and where a replay starts.
-- KEYS[1] the stream, KEYS[2] the hash update id -> entry id.
-- ARGV[1] the Last-Event-ID, ARGV[2] '1' for the whole stream ("earliest"), '0' otherwise.
-- Returns { found '1'/'0', head entry id ('0-0' when empty), start: '-' for the whole stream, else the entry id
-- to replay after, or '' when not found }.

local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
local head = '0-0'
if newest then
  head = newest[1]
end

if ARGV[2] == '1' then
  return { '1', head, '-' }
end

local entry = redis.call('HGET', KEYS[2], ARGV[1])
if not entry then
  return { '0', head, '' }
end

-- The index follows the trimming done by append.lua; an entry removed otherwise (XTRIM, XDEL by hand) is not
-- history to resume from.
local oldest = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
local function split(id)
  local dash = string.find(id, '-', 1, true)
  return tonumber(string.sub(id, 1, dash - 1)), tonumber(string.sub(id, dash + 1))
end
if not oldest then
  return { '0', head, '' }
end
local ems, eseq = split(entry)
local oms, oseq = split(oldest[1])
if ems < oms or (ems == oms and eseq < oseq) then
  return { '0', head, '' }
end
return { '1', head, entry }
