package sandbox

import (
	"encoding/json"
	"sort"
	"strings"
	"time"
)

// A Site is one simulated Atlassian Cloud site: its users, Jira data and
// Confluence data. All access goes through the Sandbox's lock.
type Site struct {
	CloudID string
	Slug    string
	Name    string

	Users    []*User
	Projects []*Project
	Fields   []*Field
	Issues   []*Issue
	Links    []*Link
	Boards   []*Board
	Sprints  []*Sprint
	// Wiki is the site's Confluence content.
	Wiki *wiki

	// byKey resolves current and former issue keys (moved issues keep
	// their old keys, as Jira's do).
	byKey  map[string]*Issue
	nextID int

	// Browse lists, per accountId, the project keys the user may browse.
	// A user absent from the map may browse every project.
	Browse map[string][]string
}

// A User is an Atlassian account on a site.
type User struct {
	AccountID   string
	Email       string
	DisplayName string
	TimeZone    string
	Active      bool
	APIToken    string
	PAT         string
}

// A Project is a Jira project.
type Project struct {
	ID          int
	Key         string
	Name        string
	Description string
	TypeKey     string // software or business
	Simplified  bool   // team-managed
	LeadID      string
	// StoryPointsField is the custom field id this project estimates with.
	StoryPointsField string
	Components       []string
}

// A Field is a Jira field, system or custom.
type Field struct {
	ID         string
	Name       string
	Custom     bool
	SchemaType string // string, number, user, array, option, date, datetime, …
	Items      string // item type of arrays
	System     string // schema.system for system fields
	CustomType string // schema.custom for custom fields
	CustomID   int
	Options    []string
	Navigable  bool
	Searchable bool
	Orderable  bool
	ClauseName []string
}

// An Issue is a Jira issue.
type Issue struct {
	ID          int
	Key         string
	OldKeys     []string
	Project     *Project
	Type        string
	Summary     string
	Description json.RawMessage // ADF document, or nil
	Status      string
	Priority    string
	Assignee    string // accountId, or ""
	Reporter    string
	Labels      []string
	Components  []string
	Created     time.Time
	Updated     time.Time
	Resolution  string
	Resolved    time.Time
	DueDate     string
	Parent      *Issue
	Custom      map[string]any
	Comments    []*Comment
	History     []Change
}

// A Comment is a comment on an issue.
type Comment struct {
	ID      int
	Author  string
	Body    json.RawMessage
	Created time.Time
	Updated time.Time
}

// A Change records one field change in an issue's history.
type Change struct {
	At    time.Time
	By    string
	Field string
	From  string
	To    string
}

// statusInfo describes one workflow status.
type statusInfo struct {
	ID, Name, Category string
}

// statuses is the workflow shared by every seeded project.
var statuses = []statusInfo{
	{"10000", "To Do", "new"},
	{"3", "In Progress", "indeterminate"},
	{"10001", "In Review", "indeterminate"},
	{"10002", "Done", "done"},
}

var statusCategories = map[string]struct {
	ID    int
	Name  string
	Color string
}{
	"new":           {2, "To Do", "blue-gray"},
	"indeterminate": {4, "In Progress", "yellow"},
	"done":          {3, "Done", "green"},
}

var priorities = []struct{ ID, Name string }{
	{"1", "Highest"}, {"2", "High"}, {"3", "Medium"}, {"4", "Low"}, {"5", "Lowest"},
}

type issueTypeInfo struct {
	ID, Name, Description string
	Subtask               bool
	Level                 int
}

var issueTypes = []issueTypeInfo{
	{"10000", "Epic", "A big user story that needs to be broken down.", false, 1},
	{"10001", "Story", "Functionality or a feature expressed as a user goal.", false, 0},
	{"10002", "Task", "A small, distinct piece of work.", false, 0},
	{"10003", "Bug", "A problem or error.", false, 0},
	{"10004", "Subtask", "A small piece of work that's part of a larger task.", true, -1},
}

func statusByName(name string) (statusInfo, bool) {
	for _, s := range statuses {
		if strings.EqualFold(s.Name, name) {
			return s, true
		}
	}
	return statusInfo{}, false
}

func issueTypeByName(name string) (issueTypeInfo, bool) {
	for _, t := range issueTypes {
		if strings.EqualFold(t.Name, name) || t.ID == name {
			return t, true
		}
	}
	return issueTypeInfo{}, false
}

func priorityByName(name string) (string, string, bool) {
	for _, p := range priorities {
		if strings.EqualFold(p.Name, name) || p.ID == name {
			return p.ID, p.Name, true
		}
	}
	return "", "", false
}

// user returns the user with accountID, or nil.
func (s *Site) user(accountID string) *User {
	for _, u := range s.Users {
		if u.AccountID == accountID {
			return u
		}
	}
	return nil
}

// project returns the project with the given key or id, or nil.
func (s *Site) project(keyOrID string) *Project {
	for _, p := range s.Projects {
		if strings.EqualFold(p.Key, keyOrID) || itoa(p.ID) == keyOrID {
			return p
		}
	}
	return nil
}

// field returns the field with the given id, or nil.
func (s *Site) field(id string) *Field {
	for _, f := range s.Fields {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// issue resolves an issue id or key (current or former).
func (s *Site) issue(idOrKey string) *Issue {
	if is, ok := s.byKey[strings.ToUpper(idOrKey)]; ok {
		return is
	}
	for _, is := range s.Issues {
		if itoa(is.ID) == idOrKey {
			return is
		}
	}
	return nil
}

// canBrowse reports whether accountID may browse project p.
func (s *Site) canBrowse(accountID string, p *Project) bool {
	keys, ok := s.Browse[accountID]
	if !ok {
		return true
	}
	for _, k := range keys {
		if k == p.Key {
			return true
		}
	}
	return false
}

// addIssue stores a new issue, assigning its id and key.
func (s *Site) addIssue(is *Issue) {
	s.nextID++
	is.ID = s.nextID
	n := 1
	for _, other := range s.Issues {
		if other.Project == is.Project {
			n++
		}
	}
	for _, k := range s.usedKeys(is.Project.Key) {
		if k >= n {
			n = k + 1
		}
	}
	is.Key = is.Project.Key + "-" + itoa(n)
	if is.Custom == nil {
		is.Custom = map[string]any{}
	}
	s.Issues = append(s.Issues, is)
	s.byKey[is.Key] = is
}

// usedKeys returns the issue numbers used by keys (current or former) in a
// project, so that a moved issue's old number is never reused.
func (s *Site) usedKeys(projectKey string) []int {
	var out []int
	prefix := projectKey + "-"
	for k := range s.byKey {
		if strings.HasPrefix(k, prefix) {
			if n, ok := atoi(k[len(prefix):]); ok {
				out = append(out, n)
			}
		}
	}
	sort.Ints(out)
	return out
}

// moveIssue moves an issue to another project, as Jira's "Move" does: it
// gets a new key and its old key keeps resolving.
func (s *Site) moveIssue(is *Issue, to *Project) {
	is.OldKeys = append(is.OldKeys, is.Key)
	is.Project = to
	n := 1
	for _, k := range s.usedKeys(to.Key) {
		if k >= n {
			n = k + 1
		}
	}
	is.Key = to.Key + "-" + itoa(n)
	s.byKey[is.Key] = is
}

// A Link joins two issues with a named link type; Outward is the issue the
// outward description applies to ("ENG-1 blocks ENG-2": ENG-1 is outward).
type Link struct {
	ID      int
	Type    string
	Outward *Issue
	Inward  *Issue
}

type linkType struct{ ID, Name, Inward, Outward string }

var linkTypes = []linkType{
	{"10000", "Blocks", "is blocked by", "blocks"},
	{"10001", "Cloners", "is cloned by", "clones"},
	{"10002", "Duplicate", "is duplicated by", "duplicates"},
	{"10003", "Relates", "relates to", "relates to"},
}

func linkTypeByName(name string) linkType {
	for _, t := range linkTypes {
		if strings.EqualFold(t.Name, name) || t.ID == name || strings.EqualFold(t.Inward, name) || strings.EqualFold(t.Outward, name) {
			return t
		}
	}
	return linkType{}
}

// A Board is a Jira Software board over one project.
type Board struct {
	ID      int
	Name    string
	Type    string // scrum or kanban
	Project *Project
	// EstimationField is the custom field id the board estimates with.
	EstimationField string
}

// A Sprint is a scrum sprint on a board.
type Sprint struct {
	ID       int
	Board    *Board
	Name     string
	State    string // closed, active or future
	Goal     string
	Start    time.Time
	End      time.Time
	Complete time.Time
	// Committed lists the keys of the issues in the sprint when it started,
	// so reports can tell committed from added work.
	Committed []string
}

func (s *Site) sprint(id int) *Sprint {
	for _, sp := range s.Sprints {
		if sp.ID == id {
			return sp
		}
	}
	return nil
}
