// Connecting the official MCP TypeScript SDK client to atlassian-mcp over
// stdio and over streamable HTTP, each against a server of its own.

import { execFileSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { isolatedEnv, startHTTPServer, SANDBOX_KEY } from './server.mjs';

const CLIENT_INFO = { name: 'atlassian-mcp-interop', version: '0.0.0' };

/**
 * A connected SDK client and what it takes to tear it down.
 *
 * @typedef {object} Connection
 * @property {Client} client the connected client
 * @property {() => string} stderr the server's stderr so far, for failure messages
 * @property {() => Promise<void>} close closes the client and stops the server
 */

/**
 * Spawns `BIN serve --sandbox` through the SDK's StdioClientTransport and
 * connects a client to it.
 *
 * @param {string} bin the server binary
 * @returns {Promise<Connection>}
 */
export async function connectStdio(bin) {
  const iso = isolatedEnv();
  const transport = new StdioClientTransport({
    command: bin,
    args: ['serve', '--sandbox'],
    env: iso.env,
    stderr: 'pipe',
  });
  let log = '';
  transport.stderr?.on('data', (chunk) => {
    log += chunk;
  });
  const client = new Client(CLIENT_INFO);
  try {
    await client.connect(transport);
  } catch (err) {
    iso.cleanup();
    throw new Error(`stdio connect failed: ${err.message}; server stderr:\n${log}`, { cause: err });
  }
  return {
    client,
    stderr: () => log,
    close: async () => {
      await client.close();
      iso.cleanup();
    },
  };
}

/**
 * Starts `BIN serve --sandbox --transport http` and connects a client with
 * the SDK's StreamableHTTPClientTransport, sending the sandbox caller key.
 *
 * @param {string} bin the server binary
 * @returns {Promise<Connection & {url: string}>}
 */
export async function connectHTTP(bin) {
  const srv = await startHTTPServer(bin);
  const transport = new StreamableHTTPClientTransport(new URL(srv.url), {
    requestInit: { headers: { Authorization: `Bearer ${SANDBOX_KEY}` } },
  });
  const client = new Client(CLIENT_INFO);
  try {
    await client.connect(transport);
  } catch (err) {
    await srv.stop();
    throw new Error(`HTTP connect to ${srv.url} failed: ${err.message}; server stderr:\n${srv.stderr()}`, { cause: err });
  }
  return {
    client,
    url: srv.url,
    stderr: srv.stderr,
    close: async () => {
      await transport.terminateSession().catch(() => {});
      await client.close();
      await srv.stop();
    },
  };
}

/**
 * Reads the server's own tool catalogue (`BIN tools -json`): each tool's
 * name, toolset and whether it only reads.
 *
 * @param {string} bin the server binary
 * @returns {Map<string, {toolset: string, read_only: boolean}>}
 */
export function catalogue(bin) {
  const iso = isolatedEnv();
  try {
    const out = execFileSync(bin, ['tools', '-json'], { env: iso.env, encoding: 'utf8' });
    return new Map(JSON.parse(out).map((t) => [t.name, t]));
  } finally {
    iso.cleanup();
  }
}
