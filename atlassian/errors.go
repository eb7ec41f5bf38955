package atlassian

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	jira "github.com/andygrunwald/go-jira"
)

// An Error is an error answer from Atlassian: its status, Atlassian's own
// messages, and the per-field errors of a rejected write.
type Error struct {
	Status     int
	Method     string
	Path       string
	Messages   []string
	Fields     map[string]string
	RetryAfter time.Duration
}

// Error implements error. The text leads with what Atlassian said, since
// that is what an agent needs to fix its call.
func (e *Error) Error() string {
	var parts []string
	parts = append(parts, e.Messages...)
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts = append(parts, k+": "+e.Fields[k])
	}
	msg := strings.Join(parts, "; ")
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	switch e.Status {
	case http.StatusUnauthorized:
		return "Atlassian refused the credentials (401): " + msg
	case http.StatusForbidden:
		return "Atlassian denied permission (403): " + msg
	case http.StatusTooManyRequests:
		return fmt.Sprintf("Atlassian rate limit reached (429); retry after %s", e.RetryAfter)
	}
	return fmt.Sprintf("Atlassian answered %d: %s", e.Status, msg)
}

// StatusOf returns the HTTP status of an *Error in err's chain, or 0.
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// IsNotFound reports whether err is Atlassian's 404.
func IsNotFound(err error) bool { return StatusOf(err) == http.StatusNotFound }

// responseError reads an error answer into an *Error. Jira answers with an
// ErrorCollection, which go-jira decodes; Confluence v2 with
// {"errors":[{title, detail}]}; the API gateway and Confluence v1 with
// {"message"}.
func (c *Client) responseError(r request, resp *http.Response) error {
	e := &Error{Status: resp.StatusCode, Method: r.op.Method, Path: pathOnly(r.path), RetryAfter: retryAfter(resp.Header)}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if !r.confluence() {
		copyResp := *resp
		copyResp.Body = io.NopCloser(bytes.NewReader(body))
		var je *jira.Error
		if errors.As(jira.NewJiraError(&jira.Response{Response: &copyResp}, errors.New(resp.Status)), &je) {
			e.Messages = append(e.Messages, je.ErrorMessages...)
			if len(je.Errors) > 0 {
				e.Fields = je.Errors
			}
		}
	}
	var doc struct {
		Errors  []struct{ Title, Detail string } `json:"errors"`
		Message string                           `json:"message"`
	}
	if json.Unmarshal(body, &doc) == nil {
		for _, it := range doc.Errors {
			e.Messages = append(e.Messages, strings.TrimSuffix(strings.TrimSpace(it.Title+". "+it.Detail), "."))
		}
		if doc.Message != "" {
			e.Messages = append(e.Messages, doc.Message)
		}
	} else if len(e.Messages) == 0 && len(e.Fields) == 0 {
		if s := strings.TrimSpace(string(body)); s != "" && len(s) < 300 && !strings.HasPrefix(s, "<") {
			e.Messages = []string{s}
		}
	}
	return e
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date.
func retryAfter(h http.Header) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}
