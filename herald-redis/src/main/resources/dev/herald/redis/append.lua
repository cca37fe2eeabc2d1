-- Appends one update to the stream and indexes its id, atomically.
-- KEYS[1] the stream, KEYS[2] the hash update id -> its earliest entry id still in the stream, KEYS[3] the list of
-- "<entry id> <update id>" in stream order (oldest first, so index entries can be dropped as the stream is trimmed),
-- KEYS[4] the hash entry id -> the next entry with the same update id, KEYS[5] the hash update id -> its newest
-- entry. KEYS[4] and KEYS[5] hold only ids that were published more than once: Mercure resolves a reused id to its
-- earliest update still in history, so when that one is trimmed the next one takes its place.
-- ARGV[1] the approximate MAXLEN, ARGV[2] the update id, ARGV[3] '1' when appends are idempotent (the transport
-- waits for replicas), '0' otherwise, ARGV[4..] the entry's fields and values.
-- Returns { entry id, '1' when that entry was already there (the same update published again), else '0' }.

local MAX_SEQ = 1048575 -- 2^20 - 1: the largest sequence a hub position holds (see EntryId)

local function split(id)
  local dash = string.find(id, '-', 1, true)
  return tonumber(string.sub(id, 1, dash - 1)), tonumber(string.sub(id, dash + 1))
end

local function before(a, b)
  local ams, aseq = split(a)
  local bms, bseq = split(b)
  return ams < bms or (ams == bms and aseq < bseq)
end

local fields = {}
for i = 4, #ARGV do
  fields[#fields + 1] = ARGV[i]
end

-- Idempotent appends: a publish answered 503 because replicas did not confirm it in time is retried with the same
-- id. When the newest entry with that id is still in the stream with the same fields, it is that publish's: it is
-- answered again instead of being appended twice. The HSET (of the value it has) is a write, so that the WAIT that
-- follows on this connection covers the replication of that entry too.
if ARGV[3] == '1' then
  local previous = redis.call('HGET', KEYS[5], ARGV[2]) or redis.call('HGET', KEYS[2], ARGV[2])
  if previous then
    local stored = redis.call('XRANGE', KEYS[1], previous, previous)[1]
    if stored and #stored[2] == #fields then
      local same = true
      for i = 1, #fields do
        if stored[2][i] ~= fields[i] then
          same = false
          break
        end
      end
      if same then
        redis.call('HSET', KEYS[2], ARGV[2], redis.call('HGET', KEYS[2], ARGV[2]))
        return { previous, '1' }
      end
    end
  end
end

local entry = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(fields))
local ms, seq = split(entry)
if seq > MAX_SEQ then
  -- Over a million entries in one millisecond (or a clock that went back and held Redis on one millisecond):
  -- move to the next millisecond so that positions keep increasing. Nobody saw the first entry: this is atomic.
  redis.call('XDEL', KEYS[1], entry)
  entry = string.format('%.0f-0', ms + 1)
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], entry, unpack(fields))
end

if redis.call('HSETNX', KEYS[2], ARGV[2], entry) == 0 then
  local previous = redis.call('HGET', KEYS[5], ARGV[2]) or redis.call('HGET', KEYS[2], ARGV[2])
  redis.call('HSET', KEYS[4], previous, entry)
  redis.call('HSET', KEYS[5], ARGV[2], entry)
end
redis.call('RPUSH', KEYS[3], entry .. ' ' .. ARGV[2])

-- XADD's trimming removed the oldest entries; drop their index entries. Amortised one per append.
local oldest = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1][1]
while true do
  local indexed = redis.call('LINDEX', KEYS[3], 0)
  if not indexed then
    break
  end
  local space = string.find(indexed, ' ', 1, true)
  local indexedEntry = string.sub(indexed, 1, space - 1)
  if not before(indexedEntry, oldest) then
    break
  end
  redis.call('LPOP', KEYS[3])
  local id = string.sub(indexed, space + 1)
  -- Entries leave in stream order, so the one leaving is its id's earliest; a later reuse takes its place.
  if redis.call('HGET', KEYS[2], id) == indexedEntry then
    local following = redis.call('HGET', KEYS[4], indexedEntry)
    if following then
      redis.call('HSET', KEYS[2], id, following)
      redis.call('HDEL', KEYS[4], indexedEntry)
      if redis.call('HGET', KEYS[5], id) == following then
        redis.call('HDEL', KEYS[5], id)
      end
    else
      redis.call('HDEL', KEYS[2], id)
    end
  end
end

return { entry, '0' }
