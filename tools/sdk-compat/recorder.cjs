// A recording HTTP server on 127.0.0.1 (ephemeral port): keeps every request as it arrived
// (method, raw target, header names in order, the headers that matter, body) and answers it
// through a caller-supplied function. Used by record_shop.cjs to see what the official SDK
// puts on the wire. Loopback only; nothing is forwarded anywhere.
'use strict';

const http = require('node:http');

const WATCHED = ['content-type', 'x-app-token', 'x-device-metadata', 'authorization'];

// answer(request) -> { status, body } where body is a JS value (sent as JSON), a string
// (sent as is) or undefined (an empty body).
function startRecorder(answer) {
  const log = [];
  const recorder = { log, override: null, url: null, close: null };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const headerOrder = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headerOrder.push(req.rawHeaders[i].toLowerCase());
      const entry = {
        method: req.method,
        target: req.url,
        headerOrder: headerOrder.filter((name) => WATCHED.includes(name)),
        headers: Object.fromEntries(WATCHED.map((name) => [name, req.headers[name]])),
        body: text,
      };
      log.push(entry);
      let reply;
      try {
        reply = (recorder.override && recorder.override(entry)) || answer(entry);
      } catch (error) {
        reply = { status: 500, body: { statusCode: 500, message: `recorder: ${error.message}` } };
      }
      entry.status = reply.status;
      const payload = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(payload);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      recorder.url = `http://127.0.0.1:${server.address().port}`;
      recorder.close = () => new Promise((done) => server.close(done));
      resolve(recorder);
    });
  });
}

module.exports = { startRecorder };
