"""A socket.io chat client for the tests, run with the Rasa venv's python-socketio (and aiohttp).

Reads {"url", "session_id", "messages": [{"text", "customData"}]} on stdin, talks to Rasa's
socket.io channel as a web widget does (session_request, then user_uttered per message), and
prints {"replies": [[bot_uttered, ...] per message]} on stdout. A message's replies are those that
arrive until the server has been quiet for a moment.
"""

from __future__ import annotations

import asyncio
import json
import sys

import socketio

QUIET_S, LONGEST_S = 2.0, 90.0


async def main(job: dict) -> dict:
    client = socketio.AsyncClient(reconnection=False)
    inbox: asyncio.Queue = asyncio.Queue()
    confirmed = asyncio.Event()
    client.on("bot_uttered", lambda data: inbox.put_nowait(data))
    client.on("session_confirm", lambda data: confirmed.set())
    # Long polling: the websocket transport of the engineio in Rasa's venv needs a newer aiohttp.
    await client.connect(job["url"], socketio_path="/socket.io", transports=["polling"])
    await client.emit("session_request", {"session_id": job["session_id"]})
    await asyncio.wait_for(confirmed.wait(), 30)
    replies = []
    for message in job["messages"]:
        await client.emit("user_uttered", {"message": message.get("text", ""), "session_id": job["session_id"],
                                           "customData": message.get("customData", {})})
        got, waited = [], 0.0
        while waited < LONGEST_S:
            try:
                got.append(await asyncio.wait_for(inbox.get(), QUIET_S if got else LONGEST_S))
            except asyncio.TimeoutError:  # noqa: UP041 - runs on Python 3.10, where they differ
                break
            waited += QUIET_S
        replies.append(got)
    await client.disconnect()
    return {"replies": replies}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(json.load(sys.stdin)))))
