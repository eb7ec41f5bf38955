// Package config reads atlassian-mcp's YAML configuration: the Atlassian
// hosts, the OAuth app, the connections (stored grants, API tokens, PATs)
// and the Claw profiles that say what each agent may touch.
//
// Errors name the file, the line and the fix. Precedence is flags, then the
// environment, then this file, then defaults; this package handles the
// file and the defaults, and the command line applies the rest.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// Config is the whole configuration file.
type Config struct {
	// Path is where the configuration was read from ("" for defaults).
	Path string `yaml:"-"`

	Hosts       Hosts        `yaml:"hosts"`
	OAuth       OAuthApp     `yaml:"oauth"`
	Store       Store        `yaml:"store"`
	Connections []Connection `yaml:"connections"`
	Claws       []Claw       `yaml:"claws"`
	Org         Org          `yaml:"org"`
	Audit       Audit        `yaml:"audit"`

	root *yaml.Node
}

// Hosts are the Atlassian hosts. They are settings so that the sandbox can
// stand in for Atlassian on exactly the production code path.
type Hosts struct {
	Auth string `yaml:"auth"`
	API  string `yaml:"api"`
}

// OAuthApp identifies the OAuth 2.0 (3LO) app. The secret may instead come
// from ATLASSIAN_CLIENT_SECRET.
type OAuthApp struct {
	ClientID     string `yaml:"client_id"`
	ClientSecret string `yaml:"client_secret"`
	CallbackPort int    `yaml:"callback_port"`
}

// Store says where the encrypted token store and its key file live.
type Store struct {
	Dir string `yaml:"dir"`
}

// A Connection is one way to reach one Atlassian site.
type Connection struct {
	Name string `yaml:"name"`
	// Type is oauth (a stored 3LO grant), basic (email and API token) or
	// pat (a Data Center personal access token).
	Type string `yaml:"type"`
	// Site is the site URL; CloudID may name the site instead for oauth.
	Site    string `yaml:"site"`
	CloudID string `yaml:"cloud_id"`
	// Email is the account of a basic connection.
	Email string `yaml:"email"`

	line int
}

// Visibility says who may talk to a Claw.
type Visibility string

// The three Claw levels.
const (
	Private Visibility = "private" // only its creator
	Team    Visibility = "team"    // its listed members
	OrgWide Visibility = "org"     // anyone in the org
)

// A Claw is the profile of one agent: who may call it, which connection
// and site it uses, and what it may touch.
type Claw struct {
	Name       string     `yaml:"name"`
	Visibility Visibility `yaml:"visibility"`
	// Members are the hashes (sha256:…) of the caller keys that may use it.
	// For a private Claw the first member is its creator and the only one.
	Members    []string   `yaml:"members"`
	Connection string     `yaml:"connection"`
	Site       string     `yaml:"site"`
	Jira       JiraScope  `yaml:"jira"`
	Confluence ConfScope  `yaml:"confluence"`
	Scopes     []string   `yaml:"scopes"`
	ReadOnly   bool       `yaml:"read_only"`
	Toolsets   []string   `yaml:"toolsets"`
	Tools      ToolFilter `yaml:"tools"`
	Approvals  []string   `yaml:"approvals"`

	line int
}

// JiraScope lists the Jira projects a Claw may touch.
type JiraScope struct {
	Projects []string `yaml:"projects"`
}

// ConfScope lists the Confluence spaces a Claw may touch.
type ConfScope struct {
	Spaces []string `yaml:"spaces"`
}

// ToolFilter enables or disables single tools on top of the toolsets.
type ToolFilter struct {
	Enable  []string `yaml:"enable"`
	Disable []string `yaml:"disable"`
}

// Org holds the caller keys of the organisation; an org-wide Claw accepts
// any of them, and any member key of any Claw.
type Org struct {
	Members []string `yaml:"members"`
}

// Audit configures the audit log.
type Audit struct {
	Path      string `yaml:"path"`
	MaxSizeMB int    `yaml:"max_size_mb"`
	MaxFiles  int    `yaml:"max_files"`
}

// Default hosts.
const (
	DefaultAuthHost = "https://auth.atlassian.com"
	DefaultAPIHost  = "https://api.atlassian.com"
)

// An Error is a configuration mistake, located in the file.
type Error struct {
	Path string
	Line int
	Msg  string
}

// Error implements error: "file:line: message".
func (e *Error) Error() string {
	switch {
	case e.Path != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	case e.Path != "":
		return e.Path + ": " + e.Msg
	}
	return e.Msg
}

// DefaultPath is where the configuration lives when --config is not given:
// $ATLASSIAN_MCP_CONFIG, else $XDG_CONFIG_HOME/atlassian-mcp/config.yaml.
func DefaultPath(getenv func(string) string) string {
	if p := getenv("ATLASSIAN_MCP_CONFIG"); p != "" {
		return p
	}
	return filepath.Join(configHome(getenv), "atlassian-mcp", "config.yaml")
}

// DefaultStoreDir is where tokens and the key file live by default.
func DefaultStoreDir(getenv func(string) string) string {
	return filepath.Join(configHome(getenv), "atlassian-mcp")
}

func configHome(getenv func(string) string) string {
	if d := getenv("XDG_CONFIG_HOME"); d != "" {
		return d
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".config")
	}
	return "."
}

// Load reads and validates the configuration at path. A missing file at
// the default path is not an error: the defaults apply.
func Load(path string, mustExist bool) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && !mustExist {
		c := &Config{Path: path}
		c.applyDefaults()
		return c, nil
	}
	if err != nil {
		return nil, &Error{Path: path, Msg: fmt.Sprintf("cannot read the configuration: %v", err)}
	}
	return Parse(path, data)
}

// Parse decodes and validates configuration data read from path.
func Parse(path string, data []byte) (*Config, error) {
	c := &Config{Path: path}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(path, err)
	}
	c.root = &root
	if len(root.Content) > 0 {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(c); err != nil {
			return nil, yamlError(path, err)
		}
		c.recordLines(root.Content[0])
	}
	c.applyDefaults()
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// yamlError turns a yaml.v3 error into an *Error with its line.
func yamlError(path string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg := te.Errors[0]
		line := 0
		if _, err := fmt.Sscanf(msg, "line %d:", &line); err == nil {
			msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		}
		if strings.Contains(msg, "not found in type") {
			field := strings.TrimSpace(strings.SplitN(strings.TrimPrefix(msg, "field "), " ", 2)[0])
			msg = fmt.Sprintf("unknown setting %q; check its spelling against the documented settings", field)
		}
		return &Error{Path: path, Line: line, Msg: msg}
	}
	msg := err.Error()
	line := 0
	if _, scanErr := fmt.Sscanf(msg, "yaml: line %d:", &line); scanErr == nil {
		msg = strings.TrimSpace(msg[strings.Index(msg[6:], ":")+7:])
	}
	return &Error{Path: path, Line: line, Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// recordLines remembers the line of each connection and Claw, so that
// validation errors can point at them.
func (c *Config) recordLines(doc *yaml.Node) {
	for i := 0; i+1 < len(doc.Content); i += 2 {
		key, val := doc.Content[i], doc.Content[i+1]
		switch key.Value {
		case "connections":
			for j, item := range val.Content {
				if j < len(c.Connections) {
					c.Connections[j].line = item.Line
				}
			}
		case "claws":
			for j, item := range val.Content {
				if j < len(c.Claws) {
					c.Claws[j].line = item.Line
				}
			}
		}
	}
}

func (c *Config) applyDefaults() {
	if c.Hosts.Auth == "" {
		c.Hosts.Auth = DefaultAuthHost
	}
	if c.Hosts.API == "" {
		c.Hosts.API = DefaultAPIHost
	}
	if c.Audit.MaxSizeMB == 0 {
		c.Audit.MaxSizeMB = 50
	}
	if c.Audit.MaxFiles == 0 {
		c.Audit.MaxFiles = 5
	}
	for i := range c.Claws {
		if c.Claws[i].Visibility == "" {
			c.Claws[i].Visibility = Private
		}
	}
}

// Connection returns the connection called name.
func (c *Config) Connection(name string) (*Connection, bool) {
	for i := range c.Connections {
		if c.Connections[i].Name == name {
			return &c.Connections[i], true
		}
	}
	return nil, false
}

// Claw returns the Claw called name.
func (c *Config) Claw(name string) (*Claw, bool) {
	for i := range c.Claws {
		if c.Claws[i].Name == name {
			return &c.Claws[i], true
		}
	}
	return nil, false
}

// Line returns the line a Claw is defined at, or 0.
func (cl *Claw) Line() int { return cl.line }
