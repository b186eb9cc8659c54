-- wrk script: a counter intake of 1.001193 at Phường Thục Phán, accepted.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MOTCUA_TOKEN")
wrk.body = '{"procedure":"1.001193","channel":"direct","outcome":"accept",' ..
  '"applicant":{"name":"Nông Văn Bình","id_number":"004095001111","phone":"0987654321"},' ..
  '"documents":[2,4,5,6,7,8]}'
