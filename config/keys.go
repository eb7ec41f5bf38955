package config

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// KeyPrefix starts every caller key, so keys are recognisable in leaks.
const KeyPrefix = "amcp_"

// NewKey returns a fresh caller key: 32 random bytes, base64url.
func NewKey() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("config: generate a caller key: %w", err)
	}
	return KeyPrefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// HashKey returns the form a caller key is stored in: sha256:<hex>.
func HashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// HashMatches reports whether key hashes to h, in constant time.
func HashMatches(h, key string) bool {
	return subtle.ConstantTimeCompare([]byte(h), []byte(HashKey(key))) == 1
}

// AddMember records a caller-key hash as a member of the named Claw and
// rewrites the file in place, keeping its comments and layout. A private
// Claw takes only one member, its creator.
func (c *Config) AddMember(claw, hash string) error {
	cl, ok := c.Claw(claw)
	if !ok {
		names := make([]string, len(c.Claws))
		for i, x := range c.Claws {
			names[i] = x.Name
		}
		return &Error{Path: c.Path, Msg: fmt.Sprintf("no claw %q; claws are: %s", claw, strings.Join(names, ", "))}
	}
	if cl.Visibility == Private && len(cl.Members) > 0 {
		return &Error{Path: c.Path, Line: cl.line, Msg: fmt.Sprintf("claw %q is private and already has its creator's key; make it a team Claw to add members, or remove the old key first", claw)}
	}
	node := c.clawNode(claw)
	if node == nil {
		return &Error{Path: c.Path, Msg: "the configuration file has no claws section to edit"}
	}
	members := mapValue(node, "members")
	if members == nil {
		node.Content = append(node.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Value: "members"},
			&yaml.Node{Kind: yaml.SequenceNode})
		members = node.Content[len(node.Content)-1]
	}
	members.Content = append(members.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: hash})
	cl.Members = append(cl.Members, hash)
	return c.write()
}

// clawNode finds the mapping node of a Claw in the YAML tree.
func (c *Config) clawNode(name string) *yaml.Node {
	if c.root == nil || len(c.root.Content) == 0 {
		return nil
	}
	claws := mapValue(c.root.Content[0], "claws")
	if claws == nil {
		return nil
	}
	for _, item := range claws.Content {
		if n := mapValue(item, "name"); n != nil && n.Value == name {
			return item
		}
	}
	return nil
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// write saves the YAML tree atomically: a temp file, fsync, rename.
func (c *Config) write() error {
	out, err := yaml.Marshal(c.root)
	if err != nil {
		return fmt.Errorf("config: encode: %w", err)
	}
	dir := filepath.Dir(c.Path)
	tmp, err := os.CreateTemp(dir, ".config-*.yaml")
	if err != nil {
		return fmt.Errorf("config: write %s: %w", c.Path, err)
	}
	defer os.Remove(tmp.Name())
	mode := os.FileMode(0o600)
	if st, err := os.Stat(c.Path); err == nil {
		mode = st.Mode().Perm()
	}
	if _, err := tmp.Write(out); err != nil {
		tmp.Close()
		return fmt.Errorf("config: write %s: %w", c.Path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return fmt.Errorf("config: write %s: %w", c.Path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("config: write %s: %w", c.Path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("config: write %s: %w", c.Path, err)
	}
	if err := os.Rename(tmp.Name(), c.Path); err != nil {
		return fmt.Errorf("config: write %s: %w", c.Path, err)
	}
	return nil
}
