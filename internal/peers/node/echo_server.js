#!/usr/bin/env node
// An echo server built on the Node `ws` library (v8).
//
// It is one of the independent interop peers of github.com/spec2lib/websocket:
// the Go package internal/peers starts it as a subprocess, and the tests talk
// to it. It behaves like internal/echoserver (the gorilla reference peer):
//
//   * every text message is echoed as text, every binary message as binary;
//   * the handshake URL's query asks for more:
//       ping=PAYLOAD   send a ping right after the handshake; when its pong
//                      arrives, send the text message "pong:PAYLOAD"
//       close=CODE     after echoing `after` messages (default 0), start the
//       reason=TEXT    closing handshake with this code and reason
//       after=N
//       status=CODE    refuse the handshake with this HTTP status
//   * subprotocols "chat" and "superchat" are supported; the first one the
//     client offers that the server supports is chosen;
//   * no keepalive pings and no compression, so runs are deterministic;
//     with --deflate, permessage-deflate (RFC 7692) with ws's defaults.
//
// It listens on 127.0.0.1 on an ephemeral port, prints exactly one line
// "LISTENING <port>" to stdout, and serves until it is killed or its stdin
// reaches EOF (so it never outlives the process that started it). With
// --cert FILE --key FILE it serves wss:// with that certificate.
//
// Install its one dependency with `npm ci` in this directory.

'use strict';

const fs = require('fs');
const http = require('http');
const https = require('https');
const { WebSocketServer } = require('ws');

const SUBPROTOCOLS = ['chat', 'superchat'];
const MAX_PAYLOAD = 64 * 1024 * 1024; // large-message tests go up to 16 MiB and beyond
const REFUSAL = 'refused by the node peer\n';

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if ((a === '--cert' || a === '--key') && i + 1 < argv.length) {
      args[a.slice(2)] = argv[++i];
    } else if (a === '--deflate') {
      args.deflate = true;
    } else {
      process.stderr.write(`usage: echo_server.js [--cert FILE --key FILE] [--deflate]\nunexpected argument: ${a}\n`);
      process.exit(2);
    }
  }
  if (!args.cert !== !args.key) {
    process.stderr.write('--cert and --key go together\n');
    process.exit(2);
  }
  return args;
}

function queryOf(req) {
  return new URL(req.url, 'http://peer.invalid').searchParams;
}

const args = parseArgs(process.argv.slice(2));

// Plain HTTP requests (not upgrades) get 426, like most WebSocket servers.
function onRequest(req, res) {
  res.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' });
  res.end('this is a WebSocket echo server\n');
}

const server = args.cert
  ? https.createServer({ cert: fs.readFileSync(args.cert), key: fs.readFileSync(args.key) }, onRequest)
  : http.createServer(onRequest);

const wss = new WebSocketServer({
  server,
  perMessageDeflate: Boolean(args.deflate), // true: ws's own defaults
  maxPayload: MAX_PAYLOAD,
  // The first subprotocol the client offers that we support. (ws hands us
  // the offers as a Set in the client's order.)
  handleProtocols(protocols) {
    for (const p of protocols) {
      if (SUBPROTOCOLS.includes(p)) return p;
    }
    return false;
  },
  // ?status=CODE refuses the handshake with that HTTP status.
  verifyClient(info, done) {
    const status = queryOf(info.req).get('status');
    if (status === null) return done(true);
    let code = Number.parseInt(status, 10);
    if (!(code in http.STATUS_CODES)) code = 400;
    done(false, code, REFUSAL, { 'Content-Type': 'text/plain; charset=utf-8' });
  },
});

wss.on('connection', (ws, req) => {
  const q = queryOf(req);
  ws.on('error', (err) => process.stderr.write(`connection error: ${err.message}\n`));

  if (q.has('ping')) {
    const payload = q.get('ping');
    const want = Buffer.from(payload, 'utf8');
    let waiting = true;
    ws.on('pong', (data) => {
      if (waiting && want.equals(data)) {
        waiting = false;
        ws.send(`pong:${payload}`);
      }
    });
    ws.ping(want);
  }

  let closeAfter = -1;
  if (q.has('close')) {
    closeAfter = Number.parseInt(q.get('after') || '0', 10);
    if (Number.isNaN(closeAfter)) closeAfter = 0;
  }
  const closeNow = () => {
    let code = Number.parseInt(q.get('close'), 10);
    if (Number.isNaN(code)) code = 1000;
    // close() sends the close frame; ws then waits for the client's close
    // frame and ends the TCP connection.
    try {
      ws.close(code, q.get('reason') || '');
    } catch (err) {
      // ws refuses codes and reasons that RFC 6455 does not allow on the wire.
      process.stderr.write(`close(${code}): ${err.message}; closing with 1000\n`);
      ws.close(1000);
    }
  };

  let echoed = 0;
  if (echoed === closeAfter) {
    closeNow();
    return;
  }
  ws.on('message', (data, isBinary) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(data, { binary: isBinary }); // a text stays text, binary stays binary
    echoed++;
    if (echoed === closeAfter) closeNow();
  });
});

wss.on('error', (err) => process.stderr.write(`server error: ${err.message}\n`));

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});

// Exit as soon as stdin is closed: the parent is gone or done with us.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
