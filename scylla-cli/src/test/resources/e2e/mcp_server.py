#!/usr/bin/env python3
"""A tiny MCP server for the end-to-end tests: JSON-RPC over stdio, one message a line.

It offers one tool, scylla_e2e_echo, so that a test can see an MCP server's tools reach the
model's request. Python 3 standard library only.
"""

import json
import sys

TOOL = {
    "name": "scylla_e2e_echo",
    "description": "Echoes its text back (a test tool of the Scylla end-to-end tests).",
    "inputSchema": {
        "type": "object",
        "properties": {"text": {"type": "string", "description": "What to echo"}},
        "required": ["text"],
    },
}


def answer(request_id, result=None, error=None):
    message = {"jsonrpc": "2.0", "id": request_id}
    if error is not None:
        message["error"] = error
    else:
        message["result"] = result
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            request = json.loads(line)
        except ValueError:
            continue
        method = request.get("method")
        request_id = request.get("id")
        if request_id is None:
            continue  # a notification, e.g. notifications/initialized
        if method == "initialize":
            version = request.get("params", {}).get("protocolVersion", "2024-11-05")
            answer(request_id, {
                "protocolVersion": version,
                "capabilities": {"tools": {}},
                "serverInfo": {"name": "scylla-e2e", "version": "1.0.0"},
            })
        elif method == "tools/list":
            answer(request_id, {"tools": [TOOL]})
        elif method == "tools/call":
            text = request.get("params", {}).get("arguments", {}).get("text", "")
            answer(request_id, {"content": [{"type": "text", "text": text}]})
        elif method == "ping":
            answer(request_id, {})
        else:
            answer(request_id, error={"code": -32601, "message": "method not found: " + str(method)})


if __name__ == "__main__":
    main()
