#!/usr/bin/env python3
"""A scripted Anthropic Messages API for the end-to-end tests of the real Claude Code CLI.

Python 3 standard library only: it runs in the runner image, which has python3 and no pip.

    messages_api.py STATE_DIR PORT

Serves POST /v1/messages (streaming SSE when the request says "stream": true, else one JSON
message) on 127.0.0.1:PORT. The answers come from STATE_DIR/script.json, read again whenever it
changes (the test writes a new one per scenario; a new script starts its answers from the top):

    {"name": "hello",
     "answers": [
       {"for": "agent", "tool_use": {"name": "Write",
                                     "input": {"file_path": "{cwd}/hello.py", "content": "..."}}},
       {"for": "agent", "text": "Done."},
       {"for": "judge", "text": "{\"score\": 0.9, ...}"},
       {"for": "agent", "status": 429, "headers": {"retry-after": "1"}, "times": 1}
     ]}

A request takes the first answer not used up whose "for" matches it: "agent" when the request
carries tool definitions, "judge" when it carries none, "any" (the default) always. "times" is
how often an answer may be used (default 1; 0 for always). "{cwd}" in a tool input is replaced by
the working directory the CLI states in its request ("Primary working directory: ..."). An answer
with "status" is an error answer of that HTTP status (a burst of 5xx: one with "times": N). An
answer with "hang": SECONDS holds the request that long before it answers (past a client's
timeout). A judge answered in prose is a "text" answer for "judge". A request no answer matches
gets a short text answer and is recorded as unscripted.

A HEAD request (how Scylla probes an API it could not reach) answers 200, or the script's
"head_status" when it names one. To take the API away and bring it back, the tests stop this
process and start it again in a holder container's network namespace, which the runner shares:
connections are then refused on that loopback, as they are when a real API is unreachable.

Every request is appended to STATE_DIR/requests-NAME.jsonl: model, stream, the number, names and
bytes of its tool definitions, the bytes of its system prompt (and of each of its blocks), the
MCP tool names (mcp__SERVER__TOOL) anywhere in the body, the number of messages, the Markdown
headings ("## ...") of the first message, the bytes of the body, and which answer it got. STATE_DIR/ready holds the port once the server listens.
"""

import json
import os
import re
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CWD = re.compile(r"Primary working directory: ([^\s\\\"]+)")
MCP_NAME = re.compile(r"mcp__[A-Za-z0-9_-]+")
ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}


class Script:
    """The current script and how often each answer was used; reloaded when the file changes."""

    def __init__(self, state_dir):
        self.state_dir = state_dir
        self.path = os.path.join(state_dir, "script.json")
        self.lock = threading.Lock()
        self.stamp = None
        self.name = "none"
        self.answers = []
        self.used = []
        self.head = None

    def _reload(self):
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        if stamp == self.stamp:
            return
        with open(self.path, encoding="utf-8") as f:
            data = json.load(f)
        self.stamp = stamp
        self.name = re.sub(r"[^A-Za-z0-9_.-]", "_", data.get("name", "script"))
        self.answers = data.get("answers", [])
        self.head = data.get("head_status")
        self.used = [0] * len(self.answers)

    def head_status(self):
        with self.lock:
            self._reload()
            return self.head or 200

    def take(self, kind):
        """The index and answer for a request of this kind, or (None, None)."""
        with self.lock:
            self._reload()
            for i, answer in enumerate(self.answers):
                wanted = answer.get("for", "any")
                if wanted not in ("any", kind):
                    continue
                times = answer.get("times", 1)
                if times and self.used[i] >= times:
                    continue
                self.used[i] += 1
                return i, answer
            return None, None

    def record(self, entry):
        with self.lock:
            path = os.path.join(self.state_dir, "requests-" + self.name + ".jsonl")
            with open(path, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry, sort_keys=True) + "\n")
                f.flush()


def system_blocks(system):
    if system is None:
        return []
    if isinstance(system, str):
        return [len(system.encode("utf-8"))]
    return [len(block.get("text", "").encode("utf-8")) for block in system]


def system_bytes(system):
    if system is None:
        return 0
    if isinstance(system, str):
        return len(system.encode("utf-8"))
    return sum(len(block.get("text", "").encode("utf-8")) for block in system)


def headings(messages):
    """The Markdown headings ("## ...") of the first message's text, in order."""
    if not messages:
        return []
    content = messages[0].get("content")
    blocks = [{"text": content}] if isinstance(content, str) else (content or [])
    found = []
    for block in blocks:
        text = block.get("text") if isinstance(block, dict) else None
        if isinstance(text, str):
            found.extend(line[3:].strip() for line in text.splitlines() if line.startswith("## "))
    return found


def substitute(value, cwd):
    if isinstance(value, str):
        return value.replace("{cwd}", cwd or "/tmp")
    if isinstance(value, dict):
        return {k: substitute(v, cwd) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, cwd) for v in value]
    return value


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    script = None

    def log_message(self, fmt, *args):
        sys.stderr.write("messages_api: " + (fmt % args) + "\n")

    def do_GET(self):
        self._json(404, {"type": "error", "error": {"type": "not_found_error", "message": "no"}})

    def do_HEAD(self):
        self.script.record({"path": self.path, "method": "HEAD", "unscripted": False})
        self.send_response(int(self.script.head_status()))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if not self.path.startswith("/v1/messages") or self.path.startswith("/v1/messages/"):
            # count_tokens and anything else: a harmless answer, recorded so tests can see it.
            self.script.record({"path": self.path, "body_bytes": len(raw), "unscripted": True})
            self._json(200, {"input_tokens": 1})
            return
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            self._json(400, {"type": "error", "error": {"type": "invalid_request_error",
                                                        "message": "body is not JSON"}})
            return
        tools = body.get("tools") or []
        kind = "agent" if tools else "judge"
        text = raw.decode("utf-8", "replace")
        match = CWD.search(text)
        cwd = match.group(1) if match else None
        index, answer = self.script.take(kind)
        entry = {
            "path": self.path,
            "model": body.get("model"),
            "stream": bool(body.get("stream")),
            "kind": kind,
            "tool_count": len(tools),
            "tool_names": [t.get("name") for t in tools],
            "tools_bytes": len(json.dumps(tools).encode("utf-8")) if tools else 0,
            "system_bytes": system_bytes(body.get("system")),
            "system_block_bytes": system_blocks(body.get("system")),
            "mcp_names": sorted(set(MCP_NAME.findall(text))),
            "message_count": len(body.get("messages") or []),
            "headings": headings(body.get("messages")),
            "body_bytes": len(raw),
            "max_tokens": body.get("max_tokens"),
            "cwd": cwd,
            "answer": index,
            "unscripted": answer is None,
        }
        self.script.record(entry)
        if answer is None:
            answer = {"text": "(no scripted answer)"}
        if "hang" in answer:
            time.sleep(float(answer["hang"]))
        if "status" in answer:
            self._error(answer)
            return
        message = self._message(body, answer, cwd)
        if body.get("stream"):
            self._stream(message)
        else:
            self._json(200, message)

    def _message(self, body, answer, cwd):
        usage = {
            "input_tokens": 100,
            "output_tokens": 20,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
        }
        usage.update(answer.get("usage", {}))
        if "tool_use" in answer:
            use = answer["tool_use"]
            content = [{
                "type": "tool_use",
                "id": "toolu_" + uuid.uuid4().hex[:24],
                "name": use["name"],
                "input": substitute(use.get("input", {}), cwd),
            }]
            stop = "tool_use"
        else:
            content = [{"type": "text", "text": answer.get("text", "")}]
            stop = "end_turn"
        return {
            "id": "msg_" + uuid.uuid4().hex[:24],
            "type": "message",
            "role": "assistant",
            "model": body.get("model") or "claude-test",
            "content": content,
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": usage,
        }

    def _stream(self, message):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        usage = message["usage"]
        start = dict(message, content=[], stop_reason=None,
                     usage=dict(usage, output_tokens=1))
        self._event("message_start", {"type": "message_start", "message": start})
        for i, block in enumerate(message["content"]):
            if block["type"] == "text":
                self._event("content_block_start", {
                    "type": "content_block_start", "index": i,
                    "content_block": {"type": "text", "text": ""}})
                self._event("content_block_delta", {
                    "type": "content_block_delta", "index": i,
                    "delta": {"type": "text_delta", "text": block["text"]}})
            else:
                self._event("content_block_start", {
                    "type": "content_block_start", "index": i,
                    "content_block": dict(block, input={})})
                self._event("content_block_delta", {
                    "type": "content_block_delta", "index": i,
                    "delta": {"type": "input_json_delta",
                              "partial_json": json.dumps(block["input"])}})
            self._event("content_block_stop", {"type": "content_block_stop", "index": i})
        self._event("message_delta", {
            "type": "message_delta",
            "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
            "usage": {"output_tokens": usage["output_tokens"]}})
        self._event("message_stop", {"type": "message_stop"})
        self.close_connection = True

    def _event(self, name, data):
        self.wfile.write(("event: " + name + "\ndata: " + json.dumps(data) + "\n\n")
                         .encode("utf-8"))
        self.wfile.flush()

    def _error(self, answer):
        status = int(answer["status"])
        error = {
            "type": ERROR_TYPES.get(status, "api_error"),
            "message": answer.get("message", "scripted error " + str(status)),
        }
        payload = json.dumps({"type": "error", "error": error}).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in answer.get("headers", {}).items():
            self.send_header(name, str(value))
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _json(self, status, data):
        payload = json.dumps(data).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def main():
    state_dir, port = sys.argv[1], int(sys.argv[2])
    Handler.script = Script(state_dir)
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    ready = os.path.join(state_dir, "ready")
    with open(ready + ".tmp", "w", encoding="utf-8") as f:
        f.write(str(port))
    os.replace(ready + ".tmp", ready)
    server.serve_forever()


if __name__ == "__main__":
    main()
