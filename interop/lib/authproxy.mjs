// A loopback reverse proxy that adds fixed request headers (the caller
// key) to every request it forwards, for MCP clients that cannot be told to
// send one. The MCP conformance suite's server mode takes only a URL, while
// atlassian-mcp over HTTP answers 401 without `Authorization: Bearer <key>`.
//
// Everything else passes through untouched and streamed in both directions,
// including the Host and Origin headers, so the server's own checks (the
// Origin check that guards against DNS rebinding) still see what the client
// sent, and SSE responses arrive event by event.

import http from 'node:http';

/**
 * Starts the proxy on 127.0.0.1 at a free port.
 *
 * @param {string} target origin of the upstream server, e.g. http://127.0.0.1:8080
 * @param {Record<string, string>} headers headers to set on every forwarded request
 * @returns {Promise<{origin: string, forwarded: () => number, close: () => Promise<void>}>}
 *   the proxy's origin, a count of forwarded requests, and a way to stop it
 */
export async function startAuthProxy(target, headers) {
  const up = new URL(target);
  if (up.protocol !== 'http:') {
    throw new Error(`authproxy: target must be an http:// origin, got ${target}`);
  }
  let count = 0;
  const server = http.createServer((req, res) => {
    count++;
    const out = { ...req.headers };
    for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
    const upstream = http.request(
      {
        host: up.hostname,
        port: up.port,
        method: req.method,
        path: req.url,
        headers: out,
      },
      (ures) => {
        res.writeHead(ures.statusCode ?? 502, ures.statusMessage, ures.rawHeaders);
        res.flushHeaders();
        ures.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`authproxy: upstream ${target} failed: ${err.message}\n`);
      } else {
        res.destroy(err);
      }
    });
    // A client that goes away (an SSE stream it closes) ends the upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  // Long-lived SSE streams must not be cut by Node's default timeouts.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://127.0.0.1:${port}`,
    forwarded: () => count,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
