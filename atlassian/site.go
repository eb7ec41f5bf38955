package atlassian

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// A Resource is one site an OAuth grant can reach, as listed by
// /oauth/token/accessible-resources.
type Resource struct {
	ID     string   `json:"id"` // the cloud id
	URL    string   `json:"url"`
	Name   string   `json:"name"`
	Scopes []string `json:"scopes"`
}

// AccessibleResources lists the sites the credentials of hc may reach
// (GET {apiHost}/oauth/token/accessible-resources).
func AccessibleResources(ctx context.Context, hc *http.Client, apiHost string) ([]Resource, error) {
	if apiHost == "" {
		apiHost = DefaultAPIHost
	}
	u := strings.TrimRight(apiHost, "/") + "/oauth/token/accessible-resources"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("atlassian: accessible resources: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		if isNetworkFailure(err) {
			return nil, &NetworkError{Host: req.URL.Host, Err: err}
		}
		return nil, fmt.Errorf("atlassian: accessible resources: %w", unwrapURLError(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, &NetworkError{Host: req.URL.Host, Err: err}
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &Error{Status: resp.StatusCode, Method: "GET", Path: "/oauth/token/accessible-resources", Messages: []string{strings.TrimSpace(string(body))}}
	}
	var out []Resource
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, fmt.Errorf("atlassian: accessible resources: unexpected answer: %w", err)
	}
	return out, nil
}

// PickResource chooses the site named by ref (a cloud id, a URL or a
// name). With an empty ref it picks the only site there is; otherwise it
// says which sites there are.
func PickResource(rs []Resource, ref string) (Resource, error) {
	norm := func(s string) string { return strings.TrimRight(strings.ToLower(s), "/") }
	if ref == "" {
		if len(rs) == 1 {
			return rs[0], nil
		}
	} else {
		for _, r := range rs {
			if r.ID == ref || norm(r.URL) == norm(ref) || strings.EqualFold(r.Name, ref) {
				return r, nil
			}
		}
	}
	if len(rs) == 0 {
		return Resource{}, fmt.Errorf("the grant reaches no Atlassian site; check the app's permissions and log in again")
	}
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.URL + " (" + r.ID + ")"
	}
	if ref == "" {
		return Resource{}, fmt.Errorf("the grant reaches several sites; choose one with --site: %s", strings.Join(names, ", "))
	}
	return Resource{}, fmt.Errorf("site %q is not accessible with this grant; accessible sites: %s", ref, strings.Join(names, ", "))
}
