// The official MCP TypeScript SDK client against atlassian-mcp, over stdio
// and over streamable HTTP, with the server running on its embedded
// sandbox. Run with `node --test` and ATLASSIAN_MCP_BIN set to the binary
// (interop/run.sh does both).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { z } from 'zod';
import { catalogue, connectHTTP, connectStdio } from './lib/clients.mjs';
import { binaryFromEnv, startHTTPServer } from './lib/server.mjs';

const BIN = binaryFromEnv();

/** @type {ReturnType<typeof catalogue> | undefined} */
let cachedCatalogue;
/** Returns the server's own catalogue, read once. */
function serverCatalogue() {
  cachedCatalogue ??= catalogue(BIN);
  return cachedCatalogue;
}

// ENG-2 in the sandbox's seeded data.
const ENG2_SUMMARY = 'Cart is emptied when the session token refreshes during checkout';

const SNAKE_PRODUCT = /^(jira|confluence)_[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'];

// The tools/list result read loosely, so that each tool's definition can be
// judged on its own even when the SDK's strict schema rejects the list.
const RawToolList = z.looseObject({ tools: z.array(z.looseObject({ name: z.string() })) });

/**
 * Returns the text of a tool result's text blocks, joined.
 *
 * @param {{content?: Array<{type: string, text?: string}>}} result
 */
function textOf(result) {
  assert.ok(Array.isArray(result.content) && result.content.length > 0, 'result has no content blocks');
  return result.content
    .filter((c) => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
}

/**
 * Returns the paths in v that hold null, an avatar or a self link, none of
 * which belong in output written for a model's context (design §4).
 *
 * @param {unknown} v
 * @param {string} [at]
 * @returns {string[]}
 */
function clutter(v, at = '$') {
  if (v === null) return [at];
  if (typeof v !== 'object') return [];
  const out = [];
  for (const [k, c] of Object.entries(v)) {
    if (/^(self|avatarUrls?|avatar_urls?)$/.test(k)) out.push(`${at}.${k}`);
    out.push(...clutter(c, `${at}.${k}`));
  }
  return out;
}

/**
 * Lists the problems with one JSON Schema property map: properties that are
 * not schema objects (the MCP schema requires objects), and, for inputs,
 * nullable array types that some clients reject (design §8).
 *
 * @param {string} where
 * @param {unknown} schema
 * @param {{input: boolean}} opts
 * @returns {string[]}
 */
function schemaProblems(where, schema, opts) {
  const out = [];
  if (schema === null || typeof schema !== 'object') return [`${where}: is not an object`];
  const s = /** @type {Record<string, any>} */ (schema);
  if (s.type !== 'object') out.push(`${where}: type is ${JSON.stringify(s.type)}, want "object"`);
  const props = s.properties ?? {};
  if (typeof props !== 'object' || Array.isArray(props)) return [...out, `${where}.properties: is not an object`];
  for (const [name, p] of Object.entries(props)) {
    if (p === null || typeof p !== 'object' || Array.isArray(p)) {
      out.push(`${where}.properties.${name}: is ${JSON.stringify(p)}, but MCP requires each property schema to be an object`);
      continue;
    }
    if (opts.input && Array.isArray(p.type) && p.type.includes('null')) {
      out.push(`${where}.properties.${name}: type ${JSON.stringify(p.type)} is nullable, which some clients reject`);
    }
  }
  for (const r of s.required ?? []) {
    if (!(r in props)) out.push(`${where}: required "${r}" is not among its properties`);
  }
  return out;
}

/**
 * The tests that run over every transport.
 *
 * @param {string} name
 * @param {() => Promise<import('./lib/clients.mjs').Connection>} connect
 */
function transportSuite(name, connect) {
  describe(`TypeScript SDK client over ${name}`, () => {
    /** @type {import('./lib/clients.mjs').Connection} */
    let conn;
    /** @type {Client} */
    let client;
    /** @type {Array<Record<string, any>>} */
    let rawTools;
    const validator = new AjvJsonSchemaValidator();

    before(async () => {
      conn = await connect();
      client = conn.client;
      rawTools = (await client.request({ method: 'tools/list', params: {} }, RawToolList)).tools;
    });
    after(async () => {
      await conn?.close();
    });

    /** Checks a tool result's structuredContent against the tool's declared output schema, and for clutter. */
    function assertMatchesOutputSchema(tool, result) {
      const def = rawTools.find((t) => t.name === tool);
      assert.ok(def, `${tool} is not listed`);
      assert.ok(def.outputSchema, `${tool} declares no outputSchema`);
      assert.ok(result.structuredContent, `${tool} returned no structuredContent although it declares an outputSchema`);
      const check = validator.getValidator(def.outputSchema)(result.structuredContent);
      assert.ok(check.valid, `${tool}'s structuredContent does not match its outputSchema: ${check.errorMessage}`);
      assert.deepEqual(clutter(result.structuredContent), [], `${tool}'s structuredContent carries nulls, avatars or self links`);
    }

    it('initializes and identifies the server', () => {
      assert.equal(client.getServerVersion()?.name, 'atlassian-mcp');
      assert.ok(client.getServerCapabilities()?.tools, 'server does not advertise tools');
      assert.match(client.getInstructions() ?? '', /Jira/);
    });

    it("lists tools through the SDK's own strict result schema", async () => {
      // listTools parses with the SDK's ListToolsResultSchema and compiles
      // every output schema, as any TypeScript MCP host does.
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), rawTools.map((t) => t.name).sort());
    });

    it("lists exactly the server's catalogue (`tools -json`), with matching readOnlyHint", () => {
      const cat = serverCatalogue();
      assert.deepEqual(rawTools.map((t) => t.name).sort(), [...cat.keys()].sort());
      for (const t of rawTools) {
        assert.equal(t.annotations?.readOnlyHint, cat.get(t.name).read_only, `${t.name}: readOnlyHint disagrees with the catalogue`);
      }
      for (const want of ['jira_search', 'jira_get_issue', 'jira_list_projects']) {
        assert.ok(cat.has(want), `${want} is missing`);
      }
    });

    it('defines every tool well: snake_case names, explicit hints, sound schemas', () => {
      const problems = [];
      const seen = new Set();
      for (const t of rawTools) {
        if (seen.has(t.name)) problems.push(`${t.name}: listed twice`);
        seen.add(t.name);
        if (!SNAKE_PRODUCT.test(t.name)) problems.push(`${t.name}: not snake_case starting with jira_ or confluence_`);
        if (typeof t.description !== 'string' || t.description.length < 10) problems.push(`${t.name}: no useful description`);
        for (const h of HINTS) {
          if (typeof t.annotations?.[h] !== 'boolean') problems.push(`${t.name}: annotations.${h} is not set explicitly`);
        }
        if (t.annotations?.readOnlyHint && t.annotations?.destructiveHint) problems.push(`${t.name}: read-only yet destructive`);
        problems.push(...schemaProblems(`${t.name}.inputSchema`, t.inputSchema, { input: true }));
        if (t.outputSchema !== undefined) problems.push(...schemaProblems(`${t.name}.outputSchema`, t.outputSchema, { input: false }));
        for (const [which, schema] of [['inputSchema', t.inputSchema], ['outputSchema', t.outputSchema]]) {
          if (schema === undefined) continue;
          try {
            validator.getValidator(schema);
          } catch (err) {
            problems.push(`${t.name}.${which}: does not compile as JSON Schema: ${err.message}`);
          }
        }
      }
      assert.deepEqual(problems, [], `tool definitions have problems:\n  ${problems.join('\n  ')}`);
    });

    it('reads ENG-2 with jira_get_issue: text and structuredContent', async () => {
      const res = await client.callTool({ name: 'jira_get_issue', arguments: { key: 'ENG-2' } });
      assert.notEqual(res.isError, true, `jira_get_issue failed: ${textOf(res)}`);
      const text = textOf(res);
      assert.ok(text.startsWith(`ENG-2: ${ENG2_SUMMARY}`), `text does not open with the key and summary:\n${text}`);
      assert.match(text, /Description:/);
      const sc = res.structuredContent;
      assert.equal(sc.key, 'ENG-2');
      assert.equal(sc.project, 'ENG');
      assert.equal(sc.summary, ENG2_SUMMARY);
      assertMatchesOutputSchema('jira_get_issue', res);
    });

    it('searches with jira_search and pages with its continuation token', async () => {
      const jql = 'project = ENG AND type = Bug ORDER BY key ASC';
      const first = await client.callTool({ name: 'jira_search', arguments: { jql, limit: 2 } });
      assert.notEqual(first.isError, true, `jira_search failed: ${textOf(first)}`);
      assertMatchesOutputSchema('jira_search', first);
      const page1 = first.structuredContent;
      assert.equal(page1.issues.length, 2);
      assert.equal(page1.issues[0].key, 'ENG-2');
      assert.equal(page1.issues[0].summary, ENG2_SUMMARY);
      assert.equal(page1.issues[0].type, 'Bug');
      assert.ok(page1.next_page_token, 'no continuation token although more bugs exist');
      assert.ok(textOf(first).includes(page1.next_page_token), 'the text does not tell the model the continuation token');
      assert.ok(textOf(first).includes(ENG2_SUMMARY));

      const second = await client.callTool({
        name: 'jira_search',
        arguments: { jql, limit: 2, page_token: page1.next_page_token },
      });
      assert.notEqual(second.isError, true, `jira_search page 2 failed: ${textOf(second)}`);
      const keys1 = page1.issues.map((i) => i.key);
      const keys2 = second.structuredContent.issues.map((i) => i.key);
      assert.ok(keys2.length > 0, 'page 2 is empty');
      for (const k of [...keys1, ...keys2]) assert.match(k, /^ENG-\d+$/);
      assert.deepEqual(keys1.filter((k) => keys2.includes(k)), [], 'pages overlap');
      for (const i of second.structuredContent.issues) assert.equal(i.type, 'Bug');
    });

    it('lists projects with jira_list_projects', async () => {
      const res = await client.callTool({ name: 'jira_list_projects', arguments: {} });
      assert.notEqual(res.isError, true, `jira_list_projects failed: ${textOf(res)}`);
      assertMatchesOutputSchema('jira_list_projects', res);
      const eng = res.structuredContent.projects.find((p) => p.key === 'ENG');
      assert.ok(eng, 'ENG is not listed');
      assert.equal(eng.name, 'Engineering');
      assert.match(textOf(res), /^ENG\b.*Engineering/m);
    });

    it('answers an unknown argument with isError and a suggestion', async () => {
      const res = await client.callTool({ name: 'jira_search', arguments: { jq: 'project = ENG' } });
      assert.equal(res.isError, true);
      const text = textOf(res);
      assert.match(text, /unknown argument "jq"/);
      assert.match(text, /did you mean "jql"/);
    });

    it('answers a missing required argument with isError naming it', async () => {
      const res = await client.callTool({ name: 'jira_get_issue', arguments: {} });
      assert.equal(res.isError, true);
      assert.match(textOf(res), /\bkey\b/);
    });

    it('answers a missing issue with isError naming the key', async () => {
      const res = await client.callTool({ name: 'jira_get_issue', arguments: { key: 'ENG-99999' } });
      assert.equal(res.isError, true);
      assert.match(textOf(res), /ENG-99999/);
    });
  });
}

transportSuite('stdio', () => connectStdio(BIN));
transportSuite('streamable HTTP', () => connectHTTP(BIN));

describe('TypeScript SDK client over streamable HTTP without a valid caller key', () => {
  /** @type {Awaited<ReturnType<typeof startHTTPServer>>} */
  let srv;
  before(async () => {
    srv = await startHTTPServer(BIN);
  });
  after(async () => {
    await srv?.stop();
  });

  for (const [label, headers] of [
    ['no Authorization header', {}],
    ['a wrong key', { Authorization: 'Bearer not-the-sandbox-key' }],
  ]) {
    it(`is refused with 401 given ${label}`, async () => {
      const client = new Client({ name: 'atlassian-mcp-interop', version: '0.0.0' });
      const transport = new StreamableHTTPClientTransport(new URL(srv.url), { requestInit: { headers } });
      await assert.rejects(client.connect(transport), (err) => {
        assert.ok(err instanceof StreamableHTTPError, `want a StreamableHTTPError, got ${err}`);
        assert.equal(err.code, 401);
        return true;
      });
      await client.close();
    });
  }
});
