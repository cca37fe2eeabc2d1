-- How many replicas are attached to the master this runs on. A script, because a script always runs on the master,
-- where INFO, a read, might be sent to a replica by a client that reads from replicas.
-- Returns the connected_slaves count of INFO replication (0 when it is missing).
local info = redis.call('INFO', 'replication')
local count = string.match(info, 'connected_slaves:(%d+)')
return tonumber(count or '0')
