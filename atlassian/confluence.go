package atlassian

// confluenceOps lists the Confluence operations the client calls.
func confluenceOps() []Op { return nil }
