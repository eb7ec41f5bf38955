// Package contract checks HTTP exchanges against Atlassian's official
// OpenAPI specs, so that tests can prove the sandbox answers and the client
// asks as real Atlassian Cloud does. When the sandbox and the spec disagree,
// the spec wins. The package is for tests only and imports nothing else of
// this module.
//
// Load returns a Validator over the four specs in SpecsDir (Jira platform v3,
// Jira Software agile, Confluence v2 and v1), loaded once per process (about
// 0.9 s and 200 MB of allocation on a 2-core machine). ValidateRequest and
// ValidateResponse check one exchange; Handler wraps a server and Transport
// wraps a client, reporting violations with t.Errorf; Operation tells which
// spec operation a URL hits and which OAuth scopes it needs; Covered lists
// the operations exercised so far.
//
// # URL layouts
//
// Through the API gateway, /ex/jira/{cloudid}/rest/… is Jira (platform v3
// first, then the agile spec, which also holds /rest/devinfo/… and the other
// dev-tool APIs) and /ex/confluence/{cloudid}/wiki/api/v2/… and
// /ex/confluence/{cloudid}/wiki/rest/… are Confluence v2 and v1. On a site
// URL the same paths start at the root. Anything else under /ex/, /rest/ or
// /wiki/ that no operation matches is a violation. Paths outside these
// layouts (the OAuth endpoints, /mcp) are unspecified: ValidateRequest and
// ValidateResponse return an error wrapping ErrUnspecified, Handler and
// Transport pass them through, and Unspecified lists them.
//
// # What is strict
//
// Paths and methods must name an operation. Query parameters must be
// documented. Path, query and header parameters, request bodies and JSON
// response bodies must match their schemas: types, required properties,
// enums, int32/int64 ranges, date, date-time and byte formats, patterns, and
// additionalProperties: false (Jira's User, for one, allows no extra
// property). A null is accepted only where the spec says nullable. Read-only
// properties may not be sent, nor write-only ones returned. A body where the
// operation documents none is a violation, as is a Content-Type the spec does
// not list. Requests to operations the spec marks deprecated, such as
// POST /rest/api/3/search, which Atlassian is removing (CHANGE-2046), are
// violations wrapping ErrDeprecated: the client must use the replacements.
// A response status the operation does not document is a violation, except
// the generic ones Atlassian returns from anywhere (400, 401, 403, 404, 409,
// 410, 413, 429 and 5xx), whose bodies must only be JSON.
//
// # Relaxations, and why
//
// Each one answers a quirk of Atlassian's specs; the load-time ones are
// recorded per spec and checked by the tests.
//
//   - The specs do not pass kin-openapi's document validation: four paths
//     spell one template with two parameter names (such as PUT
//     /rest/api/3/field/{fieldId} beside DELETE /rest/api/3/field/{id}), and
//     some enum parameters default to a value outside the enum. So the
//     documents are not validated, and routes are indexed directly with
//     kin-openapi's pathpattern trie, keyed by method and path, which tells
//     those paths apart by method. Measured on platform-v3: routers/gorillamux
//     scans a regular expression per path (23 µs a lookup) and answers
//     "method not allowed" for PUT /rest/api/3/field/{fieldId}; routers/legacy
//     takes 0.7 µs but refuses documents that fail validation.
//   - Defaults are never written into requests (kin-openapi would otherwise
//     insert those out-of-enum defaults and then reject them), and requests
//     are never modified.
//   - Patterns in Java syntax are translated: \p{Digit} becomes \d (eight
//     patterns in the agile spec's dev-tool APIs). Confluence v2's misspelt
//     attachment id pattern "(att)?0-9+" is read as "(att)?[0-9]+". A pattern
//     Go still could not compile would be dropped; none is today.
//   - additionalProperties: false beside allOf, anyOf or oneOf is dropped
//     (five schemas in platform-v3): under JSON Schema it rejects the very
//     properties the branches define.
//   - oneOf without a discriminator is read as anyOf (1 schema in platform-v3,
//     10 in Confluence v2, 27 in v1): the alternatives overlap, so a
//     Confluence page body {"representation", "value"} would match two of
//     them and fail "exactly one". Schemas that carry both oneOf and anyOf
//     (two in the agile spec) are left alone.
//   - Format date-time also accepts Jira's offset without a colon, as in
//     2024-03-01T10:00:00.000+0000. Formats kin-openapi does not know (uri,
//     url, uuid, double, binary) are not checked.
//   - Status 204, 205 and 304 must have no body, whatever content the spec
//     lists (Jira documents application/json for its 204s). A documented body
//     whose schema allows anything may be empty (201 from
//     POST /rest/api/3/issueLink). Non-JSON bodies (images, CSV) are checked
//     for their media type only.
//   - Security requirements are not checked: authentication and scopes are
//     the sandbox's job, and Operation reports the scopes for tests of it.
//   - The agile spec types the state (sprints) and type (boards) query
//     parameters as objects without properties, so any value passes.
package contract
