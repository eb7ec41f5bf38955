// Runs the MCP conformance suite's server scenarios (the default "active"
// suite of @modelcontextprotocol/conformance) against atlassian-mcp.
//
// The suite's server mode takes only a URL: it cannot spawn a stdio server
// and cannot send headers. So the server runs over streamable HTTP on its
// sandbox, and the suite talks to it through lib/authproxy.mjs, which adds
// the sandbox caller key (`Authorization: Bearer sandbox`) and otherwise
// passes everything through, Host and Origin included.
//
// Usage: node conformance.mjs BINARY   (Node >= 22; interop/run.sh sets this up)
// Exit status: 0 when every scenario either passes or is listed, with a
// reason, in conformance-expected-failures.yml; 1 otherwise (including a
// listed scenario that now passes, so the list stays true).

import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAuthProxy } from './lib/authproxy.mjs';
import { SANDBOX_KEY, startHTTPServer } from './lib/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SUITE = path.join(HERE, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const BASELINE = path.join(HERE, 'conformance-expected-failures.yml');
const OUT = path.join(HERE, 'results/conformance');

/**
 * Reads the expected failures and their reasons from the baseline file.
 * Each entry must carry a reason as a trailing comment.
 *
 * @param {string} file
 * @returns {Map<string, string>} scenario name → reason
 */
function readBaseline(file) {
  const reasons = new Map();
  let inServer = false;
  for (const [i, line] of readFileSync(file, 'utf8').split('\n').entries()) {
    if (/^\S/.test(line) && !line.startsWith('#')) inServer = /^server:\s*$/.test(line);
    const m = /^\s+-\s+([A-Za-z0-9._/-]+)\s*(?:#\s*(.*))?$/.exec(line);
    if (!inServer || !m) continue;
    if (!m[2]?.trim()) throw new Error(`${file}:${i + 1}: expected failure "${m[1]}" has no reason; add one after '#'`);
    if (reasons.has(m[1])) throw new Error(`${file}:${i + 1}: "${m[1]}" is listed twice`);
    reasons.set(m[1], m[2].trim());
  }
  return reasons;
}

/**
 * Reads the per-scenario checks the suite saved under dir.
 *
 * @param {string} dir
 * @returns {Map<string, Array<{id: string, status: string, errorMessage?: string}>>}
 */
function readResults(dir) {
  const out = new Map();
  for (const d of readdirSync(dir)) {
    const m = /^server-(.+)-\d{4}-\d\d-\d\dT[\d-]+Z$/.exec(d);
    if (!m) continue;
    out.set(m[1], JSON.parse(readFileSync(path.join(dir, d, 'checks.json'), 'utf8')));
  }
  return out;
}

/** Runs cmd with args, its output captured to logFile, and resolves to its exit code. */
function run(cmd, args, logFile) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.once('error', reject);
    child.once('close', (code) => {
      writeFileSync(logFile, Buffer.concat(chunks));
      resolve(code ?? 1);
    });
  });
}

async function main() {
  const bin = process.argv[2] ?? process.env.ATLASSIAN_MCP_BIN;
  if (!bin) throw new Error('usage: node conformance.mjs BINARY');
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) throw new Error(`the conformance suite needs Node >= 22, this is ${process.version}; run it through interop/run.sh`);

  const reasons = readBaseline(BASELINE);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const logFile = path.join(OUT, 'suite.log');

  const srv = await startHTTPServer(path.resolve(bin));
  const target = new URL(srv.url);
  let proxy;
  let code;
  try {
    proxy = await startAuthProxy(target.origin, { Authorization: `Bearer ${SANDBOX_KEY}` });
    const url = proxy.origin + target.pathname;
    console.log(`conformance: server ${srv.url}, suite via header-adding proxy ${url}`);
    code = await run(process.execPath, [SUITE, 'server', '--url', url, '--expected-failures', BASELINE, '-o', OUT], logFile);
  } finally {
    await proxy?.close();
    await srv.stop();
  }

  const results = readResults(OUT);
  const passed = [];
  const expected = [];
  const unexpected = [];
  const stale = [];
  for (const [scenario, checks] of [...results].sort(([a], [b]) => a.localeCompare(b))) {
    const bad = checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
    if (bad.length === 0) {
      (reasons.has(scenario) ? stale : passed).push(scenario);
    } else if (reasons.has(scenario)) {
      expected.push(scenario);
    } else {
      unexpected.push([scenario, bad]);
    }
  }
  const unknown = [...reasons.keys()].filter((s) => !results.has(s));

  for (const s of passed) console.log(`  pass      ${s}`);
  for (const s of expected) console.log(`  expected  ${s}: ${reasons.get(s)}`);
  for (const [s, bad] of unexpected) {
    console.log(`  FAIL      ${s}`);
    for (const c of bad) console.log(`              ${c.id} ${c.status}: ${(c.errorMessage ?? '').replace(/\s+/g, ' ').slice(0, 400)}`);
  }
  for (const s of stale) console.log(`  STALE     ${s}: passes now; remove it from conformance-expected-failures.yml`);
  for (const s of unknown) console.log(`  UNKNOWN   ${s}: listed as expected to fail but the suite has no such scenario; remove it`);

  const ok = code === 0 && results.size > 0 && unexpected.length === 0 && stale.length === 0 && unknown.length === 0;
  const explained = unexpected.length + stale.length + unknown.length > 0;
  if (code !== 0 && !explained) {
    // The suite failed for a reason no scenario shows: show all it said.
    console.log(`conformance: the suite exited ${code} with no failing scenario to blame; its output:`);
    console.log(readFileSync(logFile, 'utf8').replace(/^/gm, '  | '));
  } else if (results.size === 0) {
    console.log('conformance: the suite saved no scenario results');
  }
  console.log(`conformance: the suite's own log and per-scenario checks.json files are under ${path.relative(process.cwd(), OUT)}`);
  console.log(
    `conformance: ${results.size} scenarios: ${passed.length} pass, ${expected.length} expected failures, ` +
      `${unexpected.length} unexpected failures, ${stale.length} stale entries`,
  );
  // Machine-readable counts for run.sh's summary. A failed run counts at
  // least one failure even when no single scenario is to blame.
  const failed = unexpected.length + stale.length + unknown.length;
  writeFileSync(
    path.join(OUT, 'summary.json'),
    JSON.stringify({ passed: passed.length, expected: expected.length, failed: ok ? 0 : Math.max(failed, 1) }),
  );
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`conformance: ${err.message}`);
    process.exit(1);
  },
);
