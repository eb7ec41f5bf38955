package sandbox

// agileOps lists the Jira Software (agile 1.0) operations.
func agileOps() []op { return nil }
