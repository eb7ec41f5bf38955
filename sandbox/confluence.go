package sandbox

// confluenceOps lists the Confluence v2 and v1 operations.
func confluenceOps() []op { return nil }

// wiki is a site's Confluence content.
type wiki struct{}

func seedWiki(s *Site) *wiki { return &wiki{} }
