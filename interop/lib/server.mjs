// Starting atlassian-mcp for the interop tests: against its embedded
// sandbox, with its configuration, token store and audit log kept in a
// fresh temporary directory so that nothing on the machine leaks in or out.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The caller key the sandbox's implicit Claw accepts over HTTP. */
export const SANDBOX_KEY = 'sandbox';

/**
 * Returns the server binary named by $ATLASSIAN_MCP_BIN, or throws saying
 * how to set it.
 *
 * @returns {string}
 */
export function binaryFromEnv() {
  const bin = process.env.ATLASSIAN_MCP_BIN;
  if (!bin) {
    throw new Error(
      'set ATLASSIAN_MCP_BIN to the server binary (go build -o BIN ./cmd/atlassian-mcp), or run bash interop/run.sh BIN',
    );
  }
  return path.resolve(bin);
}

/**
 * Makes an isolated environment for one server: a temporary directory
 * holding its configuration, store and audit log.
 *
 * @returns {{env: Record<string, string>, dir: string, auditLog: string, cleanup: () => void}}
 */
export function isolatedEnv() {
  const dir = mkdtempSync(path.join(tmpdir(), 'atlassian-mcp-interop-'));
  const auditLog = path.join(dir, 'audit.jsonl');
  /** @type {Record<string, string>} */
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('ATLASSIAN_')) env[k] = v;
  }
  Object.assign(env, {
    XDG_CONFIG_HOME: dir,
    XDG_STATE_HOME: dir,
    ATLASSIAN_MCP_CONFIG: path.join(dir, 'config.yaml'),
    ATLASSIAN_MCP_AUDIT_LOG: auditLog,
  });
  return { env, dir, auditLog, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const SERVING = /msg="serving MCP".*\burl=(\S+)/;

/**
 * Starts `BIN serve --sandbox --transport http --addr 127.0.0.1:0` and
 * waits for the line on stderr that names the URL it serves.
 *
 * @param {string} bin the server binary
 * @param {{timeoutMs?: number, extraArgs?: string[]}} [opts]
 * @returns {Promise<{url: string, auditLog: string, stderr: () => string, stop: () => Promise<void>}>}
 */
export async function startHTTPServer(bin, opts = {}) {
  const iso = isolatedEnv();
  const args = ['serve', '--sandbox', '--transport', 'http', '--addr', '127.0.0.1:0', ...(opts.extraArgs ?? [])];
  const child = spawn(bin, args, { env: iso.env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not log "serving MCP" within ${opts.timeoutMs ?? 15000} ms; stderr:\n${log}`)),
      opts.timeoutMs ?? 15000,
    );
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const m = SERVING.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${bin}: ${err.message}`));
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (code ${code}, signal ${signal}) before serving; stderr:\n${log}`));
    });
  });
  let url;
  try {
    url = /** @type {string} */ (await ready);
  } catch (err) {
    child.kill('SIGKILL');
    iso.cleanup();
    throw err;
  }
  return {
    url,
    auditLog: iso.auditLog,
    stderr: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 12000);
        await exited;
        clearTimeout(t);
      }
      iso.cleanup();
    },
  };
}
