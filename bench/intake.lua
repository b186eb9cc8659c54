-- wrk script: a counter intake of 1.001193 at Phường Thục Phán, accepted
-- (the body is bench/intake.json; run from the repository root).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MOTCUA_TOKEN")
local f = assert(io.open("bench/intake.json", "r"))
wrk.body = f:read("*a")
f:close()
