#!/usr/bin/python3
"""An echo server built on the Python `websockets` library.

It is one of the independent interop peers of github.com/spec2lib/websocket:
the Go package internal/peers starts it as a subprocess, and the tests talk
to it. It behaves like internal/echoserver (the gorilla reference peer):

  * every text message is echoed as text, every binary message as binary;
  * the handshake URL's query asks for more:
      ping=PAYLOAD   send a ping right after the handshake; when its pong
                     arrives, send the text message "pong:PAYLOAD"
      close=CODE     after echoing `after` messages (default 0), start the
      reason=TEXT    closing handshake with this code and reason
      after=N
      status=CODE    refuse the handshake with this HTTP status
      location=URL   with status=3xx, redirect there (a Location header)
  * subprotocols "chat" and "superchat" are supported; the first one the
    client offers that the server supports is chosen;
  * no keepalive pings and no compression, so runs are deterministic;
    with --deflate, permessage-deflate (RFC 7692) with the library's
    default settings.

It listens on 127.0.0.1 on an ephemeral port, prints exactly one line
"LISTENING <port>" to stdout, and serves until it is killed or its stdin
reaches EOF (so it never outlives the process that started it). With
--cert FILE --key FILE it serves wss:// with that certificate; with
--client-ca FILE too, it requires a client certificate signed by that CA.
With --basic-auth USER:PASSWORD it demands HTTP Basic authentication
(websockets' own implementation) before the handshake.

Written for websockets 10.4 (Debian bookworm's python3-websockets, the
"legacy" asyncio API); on websockets 13 and newer it uses the new asyncio
implementation (websockets.asyncio.server) instead.
"""

import argparse
import asyncio
import http
import os
import ssl
import sys
import threading
import urllib.parse

import websockets

SUBPROTOCOLS = ["chat", "superchat"]
MAX_SIZE = 64 * 2**20  # large-message tests go up to 16 MiB and beyond
REFUSAL = "refused by the python peer\n"

try:  # websockets >= 13
    from websockets.asyncio.server import serve as new_serve
except ImportError:  # websockets < 13: the legacy API is the only one
    new_serve = None


def query_of(path):
    """The query of a request path, as a dict of first values."""
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query, keep_blank_values=True)
    return {k: v[0] for k, v in q.items()}


def refusal_status(path):
    """The HTTP status to refuse the handshake with, or None to accept it."""
    status = query_of(path).get("status")
    if status is None:
        return None
    try:
        return http.HTTPStatus(int(status))
    except ValueError:
        return http.HTTPStatus.BAD_REQUEST


def pick_subprotocol(offered):
    """The first subprotocol the client offers that we support, or None."""
    for p in offered:
        if p in SUBPROTOCOLS:
            return p
    return None


def path_of(ws):
    request = getattr(ws, "request", None)  # new asyncio implementation
    if request is not None:
        return request.path
    return ws.path  # legacy implementation


async def ping_then_report(ws, payload):
    try:
        pong_waiter = await ws.ping(payload)
        await pong_waiter
        await ws.send("pong:" + payload)
    except websockets.exceptions.ConnectionClosed:
        pass


async def handler(ws):
    q = query_of(path_of(ws))
    tasks = []
    if "ping" in q:
        tasks.append(asyncio.ensure_future(ping_then_report(ws, q["ping"])))
    close_after = -1
    if "close" in q:
        try:
            close_after = int(q.get("after", "0") or "0")
        except ValueError:
            close_after = 0
    try:
        n = 0
        while True:
            if n == close_after:
                try:
                    code = int(q["close"])
                except ValueError:
                    code = 1000
                # close() sends the close frame, waits for the client's
                # close frame, and then closes the TCP connection.
                await ws.close(code, q.get("reason", ""))
                return
            msg = await ws.recv()
            await ws.send(msg)  # str stays text, bytes stay binary
            n += 1
    except websockets.exceptions.ConnectionClosed:
        pass
    finally:
        for t in tasks:
            t.cancel()


# --- the legacy API (websockets < 13) ---------------------------------------


def redirect_location(path, status):
    """The Location of a 3xx refusal, if the query names one."""
    if 300 <= status < 400:
        return query_of(path).get("location")
    return None


async def legacy_process_request(path, _request_headers):
    status = refusal_status(path)
    if status is None:
        return None
    body = REFUSAL.encode()
    headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    location = redirect_location(path, status)
    if location:
        headers.append(("Location", location))
    return status, headers, body


def legacy_select_subprotocol(client_subprotocols, _server_subprotocols):
    return pick_subprotocol(client_subprotocols)


# --- the new asyncio API (websockets >= 13) ---------------------------------


def new_process_request(connection, request):
    status = refusal_status(request.path)
    if status is None:
        return None
    response = connection.respond(status, REFUSAL)
    location = redirect_location(request.path, status)
    if location:
        response.headers["Location"] = location
    return response


def with_basic_auth(process_request, credentials):
    """process_request, then websockets' own Basic authentication."""
    from websockets.asyncio.server import basic_auth

    check = basic_auth(realm="peers", credentials=credentials)

    async def both(connection, request):
        response = process_request(connection, request)
        if response is None:
            response = check(connection, request)
            if asyncio.iscoroutine(response):
                response = await response
        return response

    return both


def new_select_subprotocol(_connection, subprotocols):
    return pick_subprotocol(subprotocols)


def exit_on_stdin_eof():
    """Exit as soon as stdin is closed: the parent is gone or done with us."""
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except Exception:
        pass
    os._exit(0)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cert", help="PEM certificate (chain) file: serve wss://")
    parser.add_argument("--key", help="PEM private key file for --cert")
    parser.add_argument("--client-ca", help="PEM CA file: require a client certificate it signed")
    parser.add_argument("--basic-auth", help="USER:PASSWORD: demand HTTP Basic authentication")
    parser.add_argument("--deflate", action="store_true", help="accept permessage-deflate, with the default settings")
    args = parser.parse_args()
    if bool(args.cert) != bool(args.key):
        parser.error("--cert and --key go together")
    if args.client_ca and not args.cert:
        parser.error("--client-ca needs --cert and --key")
    credentials = None
    if args.basic_auth:
        user, sep, password = args.basic_auth.partition(":")
        if not sep:
            parser.error("--basic-auth wants USER:PASSWORD")
        credentials = (user, password)

    ssl_ctx = None
    if args.cert:
        ssl_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ssl_ctx.load_cert_chain(args.cert, args.key)
        if args.client_ca:
            ssl_ctx.verify_mode = ssl.CERT_REQUIRED
            ssl_ctx.load_verify_locations(args.client_ca)

    common = dict(
        subprotocols=SUBPROTOCOLS,
        ssl=ssl_ctx,
        compression="deflate" if args.deflate else None,
        ping_interval=None,
        max_size=MAX_SIZE,
    )
    if new_serve is not None:
        process_request = new_process_request
        if credentials:
            process_request = with_basic_auth(process_request, credentials)
        server = await new_serve(
            handler,
            "127.0.0.1",
            0,
            process_request=process_request,
            select_subprotocol=new_select_subprotocol,
            **common,
        )
    else:
        if credentials:
            common["create_protocol"] = websockets.basic_auth_protocol_factory(
                realm="peers", credentials=credentials
            )
        server = await websockets.serve(
            handler,
            "127.0.0.1",
            0,
            process_request=legacy_process_request,
            select_subprotocol=legacy_select_subprotocol,
            **common,
        )

    port = server.sockets[0].getsockname()[1]
    sys.stdout.write(f"LISTENING {port}\n")
    sys.stdout.flush()

    threading.Thread(target=exit_on_stdin_eof, daemon=True).start()
    await asyncio.Future()  # serve until killed


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
