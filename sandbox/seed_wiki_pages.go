package sandbox

import "encoding/json"

// Account ids the seeded pages mention.
const (
	seedAna   = UserID
	seedBen   = "712020:ben-okafor"
	seedChen  = "712020:chen-wei"
	seedDana  = "712020:dana-schultz"
	seedEve   = "712020:eve-martin"
	seedFarid = "712020:farid-haddad"
)

var wikiEngPages = []wikiSeed{
	{"enghome", "ENGDOCS", "", "Engineering Home", "ana", 400, []string{"ana", "chen", "ana"}, []string{"home"},
		func(k adfKit) json.RawMessage {
			return k.doc(
				k.para("Welcome to product engineering. Start with the ", k.link("architecture overview", "/wiki/spaces/ENGDOCS/overview"), " and the onboarding guide."),
				k.panel("info", k.para("Questions? Ask in #eng-help or ping the on-call lead.")),
				k.columns(
					[]adfMap{k.heading(3, "Teams"), k.bullets("Platform", "Payments", "Mobile")},
					[]adfMap{k.heading(3, "Leads"), k.para(k.mention(seedAna), " (engineering) and ", k.mention(seedChen), " (payments)")},
				),
				k.macro("children", map[string]string{"depth": "2", "sort": "title"}),
			)
		}},
	{"arch", "ENGDOCS", "enghome", "Architecture Overview", "chen", 300, []string{"dana", "chen"}, []string{"architecture"},
		func(k adfKit) json.RawMessage {
			return k.doc(
				k.heading(2, "Context"),
				k.para("This page describes how the storefront is put together. Owner: ", k.mention(seedChen), "."),
				k.macro("toc", map[string]string{"maxLevel": "3", "style": "disc"}),
				k.heading(2, "Components"),
				k.image("architecture-diagram.png", 1200, 800),
				k.table(
					[]any{"Component", "Owner", "Runtime"},
					[]any{"Checkout service", k.mention(seedChen), "Go 1.26"},
					[]any{"Catalog API", k.mention(seedDana), "Go 1.26, Postgres 17"},
					[]any{"Web storefront", k.mention(seedBen), "Next.js 15"},
				),
				k.panel("note", k.para("All services publish metrics to the shared Prometheus and traces to Tempo.")),
				k.columns(
					[]adfMap{k.para("Data flows through the event bus; every service owns its tables.")},
					[]adfMap{k.para("Review status: ", k.status("REVIEWED", "green"))},
				),
				k.heading(2, "Decisions"),
				k.bullets("Server-side rendering for the order summary page.", "One Postgres cluster per region."),
			)
		}},
	{"checkout", "ENGDOCS", "arch", "Checkout Service Design", "chen", 120, []string{"chen", "ben", "chen"}, []string{"design", "checkout"},
		func(k adfKit) json.RawMessage {
			return k.doc(
				k.heading(2, "Goals"),
				k.bullets("Keep the cart across session refreshes.", "Support a second payments provider."),
				k.macro("jira", map[string]string{"key": "ENG-1", "server": "System JIRA"}),
				k.heading(2, "API"),
				k.code("go", "type Cart struct {\n\tID    string\n\tItems []Item\n}\n\nfunc (s *Service) Checkout(ctx context.Context, cartID string) (*Order, error)"),
				k.panel("warning", k.para("The token refresh must never run during a cart save; see ENG-2.")),
				k.heading(2, "Rollout"),
				k.table(
					[]any{"Phase", "Audience", "Status"},
					[]any{"Beta", "5% of web traffic", k.status("IN PROGRESS", "blue")},
					[]any{"GA", "Everyone", k.status("PLANNED", "neutral")},
				),
				k.para("Reviewers: ", k.mention(seedBen), " and ", k.mention(seedAna), "."),
			)
		}},
	{"apiguide", "ENGDOCS", "arch", "API Guidelines", "dana", 250, []string{"ana"}, []string{"api", "guidelines"},
		func(k adfKit) json.RawMessage {
			return k.doc(
				k.para("Every public endpoint follows these rules."),
				k.numbered("Version in the path: /v1/…", "Errors are JSON with a code and a message.", "Pagination uses opaque cursors."),
				k.table(
					[]any{"Status", "When"},
					[]any{"400", "The request is malformed."},
					[]any{"404", "The resource does not exist or you may not see it."},
					[]any{"409", "A version conflict; re-read and retry."},
				),
				k.code("json", `{"code":"not_found","message":"order 42 does not exist"}`),
			)
		}},
	{"releases", "ENGDOCS", "enghome", "Release Notes", "ana", 200, nil, []string{"release-notes"},
		func(k adfKit) json.RawMessage {
			return k.doc(
				k.para("Release notes for every storefront release, newest first."),
				k.macro("children", map[string]string{"sort": "creation", "reverse": "true"}),
			)
		}},
	{"rel23", "ENGDOCS", "releases", "Release 2.3", "ana", 45, []string{"ben"}, []string{"release-notes", "released"},
		func(k adfKit) json.RawMessage {
			return k.doc(
				k.para("Status: ", k.status("RELEASED", "green"), " Release manager: ", k.mention(seedAna)),
				k.heading(2, "Highlights"),
				k.bullets("Two-factor authentication for all accounts.", "Rate limits on the catalog API."),
				k.heading(2, "Fixed"),
				k.table([]any{"Issue", "Summary"}, []any{"ENG-17", "Login loops on Safari"}, []any{"ENG-19", "Wrong currency in receipts"}),
			)
		}},
	{"rel24", "ENGDOCS", "releases", "Release 2.4", "ben", 6, nil, []string{"release-notes", "draft"},
		func(k adfKit) json.RawMessage {
			return k.doc(
				k.para("Status: ", k.status("DRAFT", "yellow")),
				k.heading(2, "Highlights"),
				k.bullets("Checkout v2 beta for 5% of traffic."),
			)
		}},
	{"onboarding", "ENGDOCS", "enghome", "Onboarding Guide", "ana", 150, []string{"dana", "ana"}, []string{"onboarding"},
		func(k adfKit) json.RawMessage {
			return k.doc(
				k.panel("tip", k.para("Your buddy for the first two weeks is listed in your welcome email.")),
				k.heading(2, "First week"),
				k.tasks("[x] Get laptop and accounts", "Set up the development environment", "Ship a small fix to production"),
				k.heading(2, "Who to ask"),
				k.para("Platform: ", k.mention(seedDana), ". Payments: ", k.mention(seedChen), ". Anything else: ", k.mention(seedAna), "."),
				k.code("shell", "git clone git@example.com:acme/storefront.git\nmake dev"),
			)
		}},
	{"retro23", "ENGDOCS", "enghome", "Sprint 23 Retrospective", "chen", 9, nil, []string{"retrospective"},
		func(k adfKit) json.RawMessage {
			return k.doc(
				k.heading(2, "What went well"),
				k.bullets("Order pages are twice as fast.", "No incidents during the sprint."),
				k.heading(2, "What to improve"),
				k.bullets("ENG-7 carried over again; split it."),
				k.heading(2, "Actions"),
				k.tasks("Split ENG-7 into smaller stories", "Book the payments vendor call"),
			)
		}},
}

var wikiOpsPages = []wikiSeed{
	{"opshome", "OPSDOCS", "", "Operations Home", "farid", 380, []string{"dana"}, []string{"home"},
		func(k adfKit) json.RawMessage {
			return k.doc(
				k.para("Runbooks, the on-call handbook and incident reviews. On-call lead: ", k.mention(seedFarid), "."),
				k.macro("children", map[string]string{"depth": "1"}),
			)
		}},
	{"runbooks", "OPSDOCS", "opshome", "Runbooks", "farid", 370, nil, []string{"runbook"},
		func(k adfKit) json.RawMessage {
			return k.doc(k.para("Step-by-step procedures for known operational tasks."), k.macro("children", map[string]string{}))
		}},
	{"failover", "OPSDOCS", "runbooks", "Runbook: Database Failover", "dana", 200, []string{"farid", "dana", "dana"}, []string{"runbook", "database"},
		func(k adfKit) json.RawMessage {
			return k.doc(
				k.panel("error", k.para("Only run this when the primary is down for more than 5 minutes.")),
				k.heading(2, "Steps"),
				k.numbered("Page the database owner.", "Freeze writes at the load balancer.", "Promote the replica.", "Repoint the services and unfreeze."),
				k.code("shell", "pg_ctl promote -D /var/lib/postgresql/17/main"),
				k.para("Owner: ", k.mention(seedDana)),
			)
		}},
	{"tls", "OPSDOCS", "runbooks", "Runbook: TLS Certificate Rotation", "farid", 90, []string{"farid"}, []string{"runbook", "security"},
		func(k adfKit) json.RawMessage {
			return k.doc(
				k.para("Certificates expire every 90 days. Rotate them two weeks early."),
				k.code("shell", "certbot renew --cert-name storefront"),
				k.panel("success", k.para("Rotation for Q4 is done.")),
			)
		}},
	{"oncall", "OPSDOCS", "opshome", "On-call Handbook", "farid", 300, []string{"dana", "farid"}, []string{"oncall"},
		func(k adfKit) json.RawMessage {
			return k.doc(
				k.table(
					[]any{"Week", "Primary", "Secondary"},
					[]any{"This week", k.mention(seedFarid), k.mention(seedDana)},
					[]any{"Next week", k.mention(seedDana), k.mention(seedChen)},
				),
				k.para("Escalate Sev-1 incidents to the engineering lead within 15 minutes."),
			)
		}},
	{"postmortem", "OPSDOCS", "opshome", "Incident Postmortem: Checkout Outage", "dana", 20, []string{"farid"}, []string{"postmortem", "checkout"},
		func(k adfKit) json.RawMessage {
			return k.doc(
				k.para("Severity: ", k.status("SEV-1", "red"), " Duration: 42 minutes."),
				k.heading(2, "Timeline"),
				k.bullets("10:02 alerts fire for checkout errors.", "10:15 rollback started.", "10:44 checkout recovered."),
				k.heading(2, "Root cause"),
				k.para("A token refresh raced with cart saves under load."),
				k.image("error-rate.png", 900, 400),
			)
		}},
}

var wikiHrPages = []wikiSeed{
	{"peoplehome", "HRDOCS", "", "People Home", "eve", 360, nil, []string{"home"},
		func(k adfKit) json.RawMessage {
			return k.doc(k.panel("warning", k.para("Confidential: people data. Share nothing outside HR.")))
		}},
	{"salary", "HRDOCS", "peoplehome", "Salary Bands 2026", "eve", 30, []string{"eve"}, []string{"confidential", "compensation"},
		func(k adfKit) json.RawMessage {
			return k.doc(
				k.table(
					[]any{"Level", "Band (EUR)"},
					[]any{"Engineer II", "62,000–78,000"},
					[]any{"Senior Engineer", "80,000–102,000"},
					[]any{"Staff Engineer", "105,000–130,000"},
				),
				k.para("Approved by ", k.mention(seedEve), "."),
			)
		}},
	{"hiring", "HRDOCS", "peoplehome", "Hiring Plan Q1", "eve", 60, nil, []string{"hiring", "confidential"},
		func(k adfKit) json.RawMessage {
			return k.doc(k.bullets("Two backend engineers for payments.", "One SRE."), k.para("Hiring manager: ", k.mention(seedAna)))
		}},
}

var wikiBetaPages = []wikiSeed{
	{"labshome", "LABDOCS", "", "Labs Home", "ana", 40, nil, nil,
		func(k adfKit) json.RawMessage {
			return k.doc(k.para("What the labs team is trying out."))
		}},
	{"vector", "LABDOCS", "labshome", "Vector Search Evaluation", "chen", 12, []string{"ana"}, []string{"research"},
		func(k adfKit) json.RawMessage {
			return k.doc(
				k.table([]any{"Engine", "p95 (ms)"}, []any{"pgvector", "38"}, []any{"Qdrant", "21"}),
				k.para("Recommendation by ", k.mention(seedChen), ": start with pgvector."),
			)
		}},
}
