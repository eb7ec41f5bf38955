package atlassian

// agileOps lists the Jira Software operations the client calls.
func agileOps() []Op { return nil }
