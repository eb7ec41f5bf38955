package sandbox

import "time"

// seedAgile creates the ENG scrum board with three closed sprints (with
// history, so velocity means something), an active sprint and a future
// one, plus a kanban board for OPS.
func seedAgile(s *Site, now time.Time) {
	day := 24 * time.Hour
	eng := &Board{ID: 1, Name: "ENG board", Type: "scrum", Project: s.project("ENG"), EstimationField: "customfield_10026"}
	ops := &Board{ID: 2, Name: "OPS kanban", Type: "kanban", Project: s.project("OPS"), EstimationField: "customfield_10016"}
	s.Boards = []*Board{eng, ops}
	type plan struct {
		name, goal string
		startDays  int // days ago
		state      string
		committed  []string
		added      []string
		done       []string
	}
	plans := []plan{
		{"ENG Sprint 21", "Ship 2FA and the catalog rate limits", 50, "closed",
			[]string{"ENG-17", "ENG-18", "ENG-19", "ENG-20", "ENG-21", "ENG-22"}, nil,
			[]string{"ENG-17", "ENG-18", "ENG-19", "ENG-20", "ENG-21"}},
		{"ENG Sprint 22", "Platform hardening", 36, "closed",
			[]string{"ENG-22", "ENG-26", "ENG-27", "ENG-28", "ENG-29"}, []string{"ENG-10"},
			[]string{"ENG-22", "ENG-26", "ENG-27", "ENG-28", "ENG-10"}},
		{"ENG Sprint 23", "Faster order pages", 22, "closed",
			[]string{"ENG-29", "ENG-30", "ENG-8", "ENG-6", "ENG-9", "ENG-7"}, nil,
			[]string{"ENG-29", "ENG-30", "ENG-8", "ENG-6", "ENG-9"}},
		{"ENG Sprint 24", "Checkout v2 beta", 8, "active",
			[]string{"ENG-2", "ENG-3", "ENG-4", "ENG-5", "ENG-12", "ENG-23", "ENG-32", "ENG-33"}, []string{"ENG-14"}, nil},
		{"ENG Sprint 25", "Checkout v2 general availability", -6, "future",
			[]string{"ENG-16", "ENG-35", "ENG-24"}, nil, nil},
	}
	for i, p := range plans {
		sp := &Sprint{ID: 21 + i, Board: eng, Name: p.name, State: p.state, Goal: p.goal}
		if p.state != "future" {
			sp.Start = now.Add(-time.Duration(p.startDays) * day)
			sp.End = sp.Start.Add(14 * day)
			sp.Committed = p.committed
		}
		if p.state == "closed" {
			sp.Complete = sp.End
		}
		s.Sprints = append(s.Sprints, sp)
		// Issues join a sprint at planning, two hours before it starts, or
		// (added work) two days into it; the Sprint field's history says
		// which, as Jira's changelog does.
		planned := sp.Start.Add(-2 * time.Hour)
		if sp.Start.IsZero() {
			planned = now.Add(-day)
		}
		for i, key := range append(append([]string{}, p.committed...), p.added...) {
			is := s.issue(key)
			ids, _ := is.Custom["customfield_10020"].([]int)
			next := append(append([]int{}, ids...), sp.ID)
			at := planned
			if i >= len(p.committed) {
				at = sp.Start.Add(2 * day)
			}
			is.History = append(is.History, Change{At: at, By: UserID, Field: "Sprint", From: customText(ids), To: customText(next)})
			is.Custom["customfield_10020"] = next
		}
		for j, key := range p.done {
			is := s.issue(key)
			at := sp.Start.Add(time.Duration(3+j) * day)
			is.Status, is.Resolution, is.Resolved, is.Updated = "Done", "Done", at, at
			is.History = append(is.History, Change{At: at, By: firstNonEmpty(is.Assignee, is.Reporter), Field: "status", From: "In Review", To: "Done"})
		}
	}
	s.Sprints = append(s.Sprints, &Sprint{ID: 26, Board: ops, Name: "OPS backlog grooming", State: "future"})
}
