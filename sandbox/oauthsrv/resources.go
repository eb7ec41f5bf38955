package oauthsrv

import (
	"net/http"
	"strings"
)

// A Resource is one entry of the accessible-resources answer: a site the
// grant may act on, with the scopes it may use there.
type Resource struct {
	ID        string   `json:"id"`
	URL       string   `json:"url"`
	Name      string   `json:"name"`
	Scopes    []string `json:"scopes"`
	AvatarURL string   `json:"avatarUrl"`
}

// avatarURL is the avatar every sandbox site reports.
const avatarURL = "https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/rocket.png"

// handleResources lists the sites an OAuth access token may act on.
func (s *Server) handleResources(w http.ResponseWriter, r *http.Request) {
	scheme, token, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		unauthorized(ReasonMissing).WriteResponse(w)
		return
	}
	fam, reason, ok := s.accessFamily(token)
	switch {
	case !ok:
		unauthorized(ReasonInvalidToken).WriteResponse(w)
		return
	case reason != "":
		unauthorized(reason).WriteResponse(w)
		return
	}
	out := []Resource{}
	for _, site := range s.sites {
		scopes := siteScopes(&fam, site)
		if len(scopes) == 0 {
			continue
		}
		out = append(out, Resource{ID: site.CloudID, URL: site.URL, Name: site.Name, Scopes: scopes, AvatarURL: avatarURL})
	}
	writeJSON(w, http.StatusOK, out)
}
