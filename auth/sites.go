package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// A Resource is a site an OAuth grant may act on, as accessible-resources
// lists it.
type Resource struct {
	ID     string   `json:"id"` // the cloud id
	URL    string   `json:"url"`
	Name   string   `json:"name"`
	Scopes []string `json:"scopes"`
}

// maxResourcesBody bounds the accessible-resources answer.
const maxResourcesBody = 1 << 20

// AccessibleResources lists the sites accessToken may act on.
func AccessibleResources(ctx context.Context, cfg OAuthConfig, accessToken string) ([]Resource, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.Hosts.ResourcesURL(), nil)
	if err != nil {
		return nil, fmt.Errorf("accessible resources: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	req.Header.Set("Accept", "application/json")
	resp, err := cfg.httpClient().Do(req)
	if err != nil {
		return nil, fmt.Errorf("list the sites the grant covers: %s", redact(err.Error(), accessToken))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResourcesBody))
	if err != nil {
		return nil, fmt.Errorf("list the sites the grant covers: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("list the sites the grant covers: %s answered HTTP %d; check the API host setting", cfg.Hosts.ResourcesURL(), resp.StatusCode)
	}
	var out []Resource
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, fmt.Errorf("list the sites the grant covers: the answer is not a JSON list of sites: %w", err)
	}
	return out, nil
}

// ChooseSite picks the site a connection will use: the one whose cloud id
// or URL is want, or, when want is empty, the only one there is. Its errors
// list the sites to choose from.
func ChooseSite(sites []Resource, want string) (Resource, error) {
	if len(sites) == 0 {
		return Resource{}, fmt.Errorf("the grant covers no Atlassian site: on the consent screen choose a site, " +
			"and make sure the app asks for scopes of a product (Jira or Confluence) that site has")
	}
	if want == "" {
		if len(sites) == 1 {
			return sites[0], nil
		}
		return Resource{}, &SiteChoiceError{Sites: sites}
	}
	norm := normalizeSite(want)
	for _, s := range sites {
		if s.ID == want || normalizeSite(s.URL) == norm {
			return s, nil
		}
	}
	return Resource{}, &SiteChoiceError{Sites: sites, Wanted: want}
}

// normalizeSite reduces a site URL (or bare host) to a comparable form.
func normalizeSite(s string) string {
	s = strings.TrimSpace(strings.ToLower(s))
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	return u.Scheme + "://" + u.Host + strings.TrimRight(u.Path, "/")
}

// A SiteChoiceError says the site to use must be chosen (or was not found)
// among the sites the grant covers.
type SiteChoiceError struct {
	Sites  []Resource
	Wanted string // the site asked for, if any
}

// Error lists the sites and says how to choose.
func (e *SiteChoiceError) Error() string {
	var b strings.Builder
	if e.Wanted != "" {
		fmt.Fprintf(&b, "site %q is not among the sites this grant covers; ", e.Wanted)
	} else {
		b.WriteString("this grant covers several sites; ")
	}
	b.WriteString("choose one with --site (its URL or cloud id):")
	for _, s := range e.Sites {
		fmt.Fprintf(&b, "\n  %s  (%s, cloud id %s)", s.URL, s.Name, s.ID)
	}
	return b.String()
}
