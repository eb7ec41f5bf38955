package auth

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// States a ConnectionStatus reports.
const (
	StateActive     = "active"      // usable now
	StateRefreshDue = "refresh due" // the access token has expired and is refreshed on next use
	StateNeedsLogin = "needs login" // only `atlassian-mcp auth login` revives it
)

// A ConnectionStatus describes a connection for `auth status`. It holds no
// secret.
type ConnectionStatus struct {
	Name    string
	Kind    string
	Site    string // the site URL, or the base URL for basic and pat
	CloudID string
	// Account is the email of a basic connection.
	Account string
	Scopes  []string
	// Expiry is when the OAuth access token expires.
	Expiry  time.Time
	State   string
	Updated time.Time
}

// Status describes every connection in store as of now.
func Status(store *Store, now time.Time) ([]ConnectionStatus, error) {
	conns, err := store.List()
	if err != nil {
		return nil, err
	}
	out := make([]ConnectionStatus, 0, len(conns))
	for _, c := range conns {
		st := ConnectionStatus{
			Name: c.Name, Kind: c.Kind, Site: c.SiteURL, CloudID: c.CloudID,
			Scopes: slices.Clone(c.Scopes), Expiry: c.Expiry, State: StateActive, Updated: c.Updated,
		}
		switch c.Kind {
		case KindOAuth:
			if c.NeedsLogin {
				st.State = StateNeedsLogin
			} else if !now.Before(c.Expiry) {
				st.State = StateRefreshDue
			}
		case KindBasic:
			st.Site, st.Account = c.BaseURL, c.Email
		default:
			st.Site = c.BaseURL
		}
		out = append(out, st)
	}
	return out, nil
}

// Revocation pages, where a user withdraws what a deleted connection held.
const (
	RevokeAppsURL      = "https://id.atlassian.com/manage-profile/apps"
	RevokeAPITokensURL = "https://id.atlassian.com/manage-profile/security/api-tokens"
)

// Logout deletes the named connection's credentials from store and returns
// what the user must do to revoke them at Atlassian as well.
func Logout(ctx context.Context, store *Store, name string) (string, error) {
	c, err := store.Get(name)
	if err != nil {
		return "", err
	}
	if err := store.Delete(ctx, name); err != nil {
		return "", err
	}
	switch c.Kind {
	case KindOAuth:
		return fmt.Sprintf("Deleted the tokens of connection %q. Atlassian has no endpoint that revokes a grant, so the app keeps "+
			"its access until you remove it at %s.", name, RevokeAppsURL), nil
	case KindBasic:
		return fmt.Sprintf("Deleted the API token of connection %q from the store. The token itself stays valid until you revoke it at %s.",
			name, RevokeAPITokensURL), nil
	default:
		return fmt.Sprintf("Deleted the personal access token of connection %q from the store. The token itself stays valid until you "+
			"revoke it under Profile > Personal Access Tokens on %s.", name, c.BaseURL), nil
	}
}
