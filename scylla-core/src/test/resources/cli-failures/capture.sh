#!/bin/bash
# Makes the samples beside it: the real Claude Code CLI's output for each way an API call can
# fail. Runs inside the runner image without a network, this folder and messages_api.py (from
# scylla-cli's test resources) mounted at /tmp/cap:
#   docker run --rm --network none -v "$PWD":/tmp/cap --entrypoint bash IMAGE /tmp/cap/capture.sh
# It writes out/NAME.jsonl (copied here) and out/NAME.stderr. Every call is expected to fail,
# so a failing command does not end the script (no -e).
set -uo pipefail
cd /tmp/cap
export ANTHROPIC_API_KEY=sk-ant-api03-test CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 CLAUDE_CODE_MAX_RETRIES=0 HOME=/tmp/cap/home
mkdir -p home state out
run() { name=$1; shift; echo hi | env "$@" timeout 120 claude -p --output-format stream-json --verbose --model claude-sonnet-4-5 > out/$name.jsonl 2> out/$name.stderr; echo "$name exit $?" >> out/exits.txt; }
run connection_refused ANTHROPIC_BASE_URL=http://127.0.0.1:9
run dns ANTHROPIC_BASE_URL=http://no-such-host.invalid
# hanging server
python3 -c '
import socket,time
s=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind(("127.0.0.1",8701));s.listen(50)
conns=[]
while True:
  c,_=s.accept();conns.append(c)' &
# reset server
python3 -c '
import socket,struct
s=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind(("127.0.0.1",8702));s.listen(50)
while True:
  c,_=s.accept();c.recv(100);c.setsockopt(socket.SOL_SOCKET,socket.SO_LINGER,struct.pack("ii",1,0));c.close()' &
sleep 1
run api_timeout ANTHROPIC_BASE_URL=http://127.0.0.1:8701 API_TIMEOUT_MS=3000
run connection_reset ANTHROPIC_BASE_URL=http://127.0.0.1:8702
python3 messages_api.py /tmp/cap/state 8703 2>/dev/null &
sleep 1
for st in 500 502 503 529 429 401 403; do
  echo "{\"name\":\"s$st\",\"answers\":[{\"status\":$st,\"times\":0}]}" > state/script.json; sleep 0.1
  run status_$st ANTHROPIC_BASE_URL=http://127.0.0.1:8703
done
echo '{"name":"lim","answers":[{"status":429,"times":0,"headers":{"anthropic-ratelimit-unified-status":"rejected","anthropic-ratelimit-unified-reset":"1775196000","anthropic-ratelimit-unified-representative-claim":"seven_day"}}]}' > state/script.json; sleep 0.1
run usage_limit_weekly ANTHROPIC_BASE_URL=http://127.0.0.1:8703
echo '{"name":"ok","answers":[{"text":"I think this run deserves a pass, it looks fine.","times":0}]}' > state/script.json; sleep 0.1
run prose ANTHROPIC_BASE_URL=http://127.0.0.1:8703
