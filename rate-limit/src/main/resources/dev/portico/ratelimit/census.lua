-- Replica census: each gateway announces itself; the reply is how many announced recently.
-- KEYS[1]: the census sorted set. ARGV[1]: this gateway's id. ARGV[2]: how long an
-- announcement counts, in milliseconds.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('PEXPIRE', KEYS[1], window * 2)
return redis.call('ZCARD', KEYS[1])
