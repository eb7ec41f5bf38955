// Package atlassian holds the REST clients for Jira, Jira Software and
// Confluence. It is the only code that speaks HTTP to Atlassian: it builds
// requests, retries what is safe to retry, honours rate limits, turns error
// answers into typed errors and caches site metadata.
package atlassian

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	jira "github.com/andygrunwald/go-jira"
	"github.com/tidwall/gjson"
)

// Default Atlassian hosts. They are settings so the sandbox can stand in.
const (
	DefaultAuthHost = "https://auth.atlassian.com"
	DefaultAPIHost  = "https://api.atlassian.com"
)

// A Call describes one finished request to Atlassian, for the audit log and
// for metrics. It never holds a token or a body.
type Call struct {
	Action   string // e.g. "jira.issue.get"
	Target   string // issue key, page id, project key, …
	Method   string
	Path     string
	Status   int // 0 when no answer arrived
	Duration time.Duration
	Err      error
	// Denied is true for an attempt the Claw's policy refused; no request
	// was sent, or its answer was withheld.
	Denied bool
	// Before is true when the request is about to be sent; Writes tells
	// whether it changes something at Atlassian.
	Before, Writes bool
}

// An Observer is told about every request the client makes, before it is
// sent (Status 0, Duration 0, Before set) and once it is answered, and about
// every refusal. An error means the call could not be recorded: before the
// request, it is then not sent; after, its result is withheld, and the
// caller is told whether Atlassian made a change all the same (see
// UnrecordedError). Errors about refusals are not reported further.
type Observer func(ctx context.Context, c Call) error

// An UnrecordedError is a call whose record could not be kept, so the
// client gave up on it. Sent is false when no attempt was sent. Changed is
// true when it was sent, changed something at Atlassian and succeeded, so
// that the caller knows not to simply repeat it. CallErr is how the sent
// attempt failed, if it did; it is unwrapped with Err, so that hints about
// it (a lost answer, say) still apply. Its message is for the agent: it
// names neither the log's path nor why the log failed, which the Observer
// reports to the operator.
type UnrecordedError struct {
	Action, Target string
	Sent, Changed  bool
	CallErr, Err   error
}

const unrecorded = "could not be recorded in the audit log, so the server makes no calls to Atlassian until its operator fixes the log"

func (e *UnrecordedError) Error() string {
	switch {
	case !e.Sent:
		return fmt.Sprintf("not sent: %s %s", e.Action, unrecorded)
	case e.Changed:
		return fmt.Sprintf("Atlassian made the change (%s %s), but it %s; do not repeat it", e.Action, e.Target, unrecorded)
	case e.CallErr != nil:
		return fmt.Sprintf("%v; besides, the call %s", e.CallErr, unrecorded)
	default:
		return fmt.Sprintf("the answer to %s is withheld: it %s", e.Action, unrecorded)
	}
}

// Unwrap returns the sent attempt's error, if any, and the log's.
func (e *UnrecordedError) Unwrap() []error {
	if e.CallErr != nil {
		return []error{e.CallErr, e.Err}
	}
	return []error{e.Err}
}

// Config configures a Client for one Atlassian site.
type Config struct {
	// HTTPClient sends the requests; its transport adds the credentials
	// (see auth.Transport). Nil means http.DefaultClient.
	HTTPClient *http.Client
	// APIHost is the API gateway used with OAuth tokens, default
	// https://api.atlassian.com. Ignored when Direct is set.
	APIHost string
	// CloudID is the site's cloud id (required unless Direct).
	CloudID string
	// SiteURL is the site's own URL, e.g. https://acme.atlassian.net. It is
	// used for browse links and, with Direct, for every request.
	SiteURL string
	// Direct sends requests to SiteURL instead of the API gateway, as basic
	// auth with API tokens and Data Center PATs require.
	Direct bool
	// Observer, if set, is told about every request and every refusal.
	Observer Observer
	// Policy, if set, confines the client to a Claw's projects and spaces.
	Policy Policy
	// MaxRetries bounds retries of rate-limited and failed requests
	// (default 2).
	MaxRetries int
	// MaxRetryWait caps how long one Retry-After may hold a call (default 10s).
	MaxRetryWait time.Duration
	// Sleep waits between retries; tests replace it. Nil means a timer that
	// honours ctx.
	Sleep func(ctx context.Context, d time.Duration) error
	// UserAgent is sent with every request.
	UserAgent string
	// MetadataTTL is how long field and create metadata are cached
	// (default 10 minutes).
	MetadataTTL time.Duration
	// Now is the clock for caching; nil means time.Now.
	Now func() time.Time
}

// A Client talks to one Atlassian site. It is safe for concurrent use.
type Client struct {
	cfg        Config
	jira       *jira.Client
	confluence *jira.Client
	jiraRoot   string
	confRoot   string
	cache      *metaCache
}

// New returns a client for the site described by cfg.
func New(cfg Config) (*Client, error) {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if cfg.APIHost == "" {
		cfg.APIHost = DefaultAPIHost
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = 2
	}
	if cfg.MaxRetryWait == 0 {
		cfg.MaxRetryWait = 10 * time.Second
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleepCtx
	}
	if cfg.MetadataTTL == 0 {
		cfg.MetadataTTL = 10 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	var jiraRoot, confRoot string
	switch {
	case cfg.Direct:
		if _, err := url.ParseRequestURI(cfg.SiteURL); err != nil || cfg.SiteURL == "" {
			return nil, fmt.Errorf("atlassian: site URL %q is not an absolute URL such as https://acme.atlassian.net", cfg.SiteURL)
		}
		root := strings.TrimRight(cfg.SiteURL, "/")
		jiraRoot, confRoot = root, root
	default:
		if cfg.CloudID == "" {
			return nil, errors.New("atlassian: a cloud id is required with OAuth; run `atlassian-mcp auth login` to pick a site")
		}
		host := strings.TrimRight(cfg.APIHost, "/")
		jiraRoot = host + "/ex/jira/" + url.PathEscape(cfg.CloudID)
		confRoot = host + "/ex/confluence/" + url.PathEscape(cfg.CloudID)
	}
	jc, err := jira.NewClient(cfg.HTTPClient, jiraRoot+"/")
	if err != nil {
		return nil, fmt.Errorf("atlassian: %w", err)
	}
	cc, err := jira.NewClient(cfg.HTTPClient, confRoot+"/")
	if err != nil {
		return nil, fmt.Errorf("atlassian: %w", err)
	}
	return &Client{cfg: cfg, jira: jc, confluence: cc, jiraRoot: jiraRoot, confRoot: confRoot,
		cache: newMetaCache(cfg.MetadataTTL, cfg.Now)}, nil
}

// SiteURL returns the site's own URL.
func (c *Client) SiteURL() string { return strings.TrimRight(c.cfg.SiteURL, "/") }

// BrowseURL returns the link a person follows to open an issue.
func (c *Client) BrowseURL(key string) string { return c.SiteURL() + "/browse/" + key }

// request is one logical call: what it is for, and how to build it.
type request struct {
	op     Op
	target string
	path   string // relative to the product root, with query
	body   any
	// idempotent requests may be retried after a failure whose effect is
	// unknown (a reset connection, a 502); others only when Atlassian says
	// it did nothing (429).
	idempotent bool
	// created, for a request that creates something, is where its answer
	// holds the new object's key or id, which then names the call in place
	// of target (the project or space it was created in).
	created string
}

func (r request) confluence() bool { return strings.HasPrefix(r.op.Spec, "confluence") }

// do sends r, retrying when that is safe, and returns the response body of
// a successful answer.
func (c *Client) do(ctx context.Context, r request) ([]byte, error) {
	api := c.jira
	if r.confluence() {
		api = c.confluence
	}
	base := Call{Action: r.op.Action, Target: r.target, Method: r.op.Method, Path: pathOnly(r.path), Writes: r.op.Writes()}
	var lastErr error // of the previous attempt
	for attempt := 0; ; attempt++ {
		if c.cfg.Observer != nil {
			before := base
			before.Before = true
			if oerr := c.cfg.Observer(ctx, before); oerr != nil {
				// A retry not sent leaves the previous attempt's failure.
				return nil, &UnrecordedError{Action: r.op.Action, Target: r.target, Sent: lastErr != nil, CallErr: lastErr, Err: oerr}
			}
		}
		start := time.Now()
		body, status, retryAfter, err := c.once(ctx, api, r)
		call := base
		call.Status, call.Duration, call.Err = status, time.Since(start), err
		if r.created != "" && err == nil {
			if k := gjson.GetBytes(body, r.created).String(); k != "" {
				call.Target = k
			}
		}
		if c.cfg.Observer != nil {
			if oerr := c.cfg.Observer(ctx, call); oerr != nil {
				return nil, &UnrecordedError{Action: r.op.Action, Target: call.Target, Sent: true, Changed: base.Writes && err == nil, CallErr: err, Err: oerr}
			}
		}
		if err == nil {
			return body, nil
		}
		wait, retry := c.shouldRetry(r, status, retryAfter, attempt, err)
		if !retry {
			return nil, err
		}
		lastErr = err
		if serr := c.cfg.Sleep(ctx, wait); serr != nil {
			return nil, err
		}
	}
}

// once sends one attempt of r.
func (c *Client) once(ctx context.Context, api *jira.Client, r request) ([]byte, int, time.Duration, error) {
	req, err := api.NewRequestWithContext(ctx, r.op.Method, r.path, r.body)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("atlassian: build %s %s: %w", r.op.Method, pathOnly(r.path), err)
	}
	req.Header.Set("Accept", "application/json")
	if r.body == nil {
		req.Header.Del("Content-Type")
	}
	if c.cfg.UserAgent != "" {
		req.Header.Set("User-Agent", c.cfg.UserAgent)
	}
	if !r.confluence() {
		req.Header.Set("X-Atlassian-Token", "no-check")
	}
	resp, err := api.Do(req, nil)
	if resp == nil {
		if ctx.Err() != nil {
			return nil, 0, 0, ctx.Err()
		}
		if !isNetworkFailure(err) {
			return nil, 0, 0, fmt.Errorf("atlassian: %s %s: %w", r.op.Method, pathOnly(r.path), unwrapURLError(err))
		}
		return nil, 0, 0, &NetworkError{Host: req.URL.Host, Err: err}
	}
	defer resp.Body.Close()
	if err != nil {
		return nil, resp.StatusCode, retryAfter(resp.Header), c.responseError(r, resp.Response)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, resp.StatusCode, 0, &NetworkError{Host: req.URL.Host, Err: err}
	}
	return data, resp.StatusCode, 0, nil
}

// shouldRetry decides whether a failed attempt is retried, and after how long.
func (c *Client) shouldRetry(r request, status int, after time.Duration, attempt int, err error) (time.Duration, bool) {
	if attempt >= c.cfg.MaxRetries {
		return 0, false
	}
	var netErr *NetworkError
	switch {
	case status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable:
		if after > c.cfg.MaxRetryWait {
			return 0, false
		}
		if after == 0 {
			after = backoff(attempt)
		}
		return after, true
	case (status == http.StatusBadGateway || status == http.StatusGatewayTimeout || status == http.StatusInternalServerError) && r.idempotent:
		return backoff(attempt), true
	case errors.As(err, &netErr) && r.idempotent:
		return backoff(attempt), true
	}
	return 0, false
}

func backoff(attempt int) time.Duration {
	return time.Duration(200*(1<<attempt)) * time.Millisecond
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func pathOnly(p string) string {
	if i := strings.IndexByte(p, '?'); i >= 0 {
		return p[:i]
	}
	return p
}

// NetworkError reports that Atlassian could not be reached or the
// connection failed before a complete answer arrived.
type NetworkError struct {
	Host string
	Err  error
}

// Error implements error.
func (e *NetworkError) Error() string {
	var dnsErr *net.DNSError
	if errors.As(e.Err, &dnsErr) {
		return fmt.Sprintf("cannot reach Atlassian at %s: the host name does not resolve; check the site URL and network", e.Host)
	}
	return fmt.Sprintf("cannot reach Atlassian at %s: %v", e.Host, unwrapURLError(e.Err))
}

// Unwrap returns the underlying error.
func (e *NetworkError) Unwrap() error { return e.Err }

// isNetworkFailure reports whether err comes from the network rather than
// from a layer above it, such as a credential source that failed.
func isNetworkFailure(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED)
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
