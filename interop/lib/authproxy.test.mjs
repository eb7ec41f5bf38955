// Tests for the header-adding proxy that sits between the conformance suite
// and the server: if it altered what passes through, the suite's verdicts
// would be about the proxy, not the server.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startAuthProxy } from './authproxy.mjs';

describe('authproxy', () => {
  /** @type {http.Server} */
  let upstream;
  /** @type {Awaited<ReturnType<typeof startAuthProxy>>} */
  let proxy;
  /** @type {() => void} */
  let releaseStream = () => {};

  before(async () => {
    upstream = http.createServer((req, res) => {
      if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: first\n\n');
        releaseStream = () => res.end('data: last\n\n');
        return;
      }
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(req.url === '/teapot' ? 418 : 200, { 'content-type': 'application/json', 'mcp-session-id': 's-1' });
        res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
      });
    });
    await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = /** @type {import('node:net').AddressInfo} */ (upstream.address());
    proxy = await startAuthProxy(`http://127.0.0.1:${port}`, { Authorization: 'Bearer k' });
  });
  after(async () => {
    await proxy?.close();
    upstream?.closeAllConnections();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  it('adds the header and passes method, path, body, Host and Origin through', async () => {
    const res = await fetch(`${proxy.origin}/mcp?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example.com' },
      body: '{"jsonrpc":"2.0"}',
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('mcp-session-id'), 's-1');
    const seen = await res.json();
    assert.equal(seen.method, 'POST');
    assert.equal(seen.url, '/mcp?x=1');
    assert.equal(seen.body, '{"jsonrpc":"2.0"}');
    assert.equal(seen.headers.authorization, 'Bearer k');
    assert.equal(seen.headers.origin, 'http://evil.example.com');
    assert.equal(seen.headers.host, new URL(proxy.origin).host);
  });

  it('replaces a header the client sent rather than adding a second one', async () => {
    const res = await fetch(`${proxy.origin}/`, { headers: { authorization: 'Bearer wrong' } });
    assert.equal((await res.json()).headers.authorization, 'Bearer k');
  });

  it('passes the upstream status through', async () => {
    const res = await fetch(`${proxy.origin}/teapot`);
    assert.equal(res.status, 418);
    await res.body?.cancel();
  });

  it('streams: an event arrives before the upstream response ends', async () => {
    const res = await fetch(`${proxy.origin}/stream`);
    const reader = res.body.getReader();
    const first = await reader.read();
    assert.match(new TextDecoder().decode(first.value), /data: first/);
    releaseStream();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    assert.match(rest, /data: last/);
  });

  it('answers 502 saying so when the upstream is gone', async () => {
    const dead = await startAuthProxy('http://127.0.0.1:1', { Authorization: 'Bearer k' });
    try {
      const res = await fetch(`${dead.origin}/mcp`);
      assert.equal(res.status, 502);
      assert.match(await res.text(), /authproxy: upstream/);
    } finally {
      await dead.close();
    }
  });

  it('counts each request it forwards', async () => {
    const before = proxy.forwarded();
    await (await fetch(`${proxy.origin}/a`)).text();
    await (await fetch(`${proxy.origin}/b`)).text();
    assert.equal(proxy.forwarded(), before + 2);
  });
});
