-- GCRA over several limits in one round trip (see docs/rate-limiting.md).
-- KEYS[i]: the theoretical arrival time (TAT) of limit i, in microseconds of Redis' clock; all
--          keys of one decision share a hash tag, so they live in one Redis Cluster slot.
-- ARGV[2i-1], ARGV[2i]: limit i's emission interval and burst tolerance, in microseconds.
-- Returns {allowed (1|0), retry-after us, then per limit: remaining, reset us}.
-- Time comes from Redis alone, so gateways with skewed clocks agree.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local n = #KEYS
local tats = {}
local retry = 0
for i = 1, n do
  local tat = tonumber(redis.call('GET', KEYS[i])) or now
  if tat < now then tat = now end
  tats[i] = tat
  local allow_at = tat - tonumber(ARGV[2 * i])
  if now < allow_at and allow_at - now > retry then retry = allow_at - now end
end
local allowed = retry == 0
local out = {allowed and 1 or 0, retry}
for i = 1, n do
  local interval = tonumber(ARGV[2 * i - 1])
  local tolerance = tonumber(ARGV[2 * i])
  local next = tats[i]
  if allowed then
    next = next + interval
    -- The key is worth keeping only until its TAT: after that it equals a key never seen.
    redis.call('SET', KEYS[i], string.format('%.0f', next),
      'PX', string.format('%.0f', math.ceil((next - now) / 1000)))
  end
  local room = now + tolerance + interval - next
  out[1 + 2 * i] = math.max(0, math.floor(room / interval))
  out[2 + 2 * i] = math.max(0, next - now)
end
return out
