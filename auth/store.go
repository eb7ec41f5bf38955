package auth

import (
	"bytes"
	"context"
	"crypto/cipher"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// File names inside a store's directory.
const (
	storeFileName = "tokens.enc"
	keyFileName   = "key"
	lockFileName  = "tokens.lock"
)

// maxStoreSize bounds the store file, which is read whole.
const maxStoreSize = 16 << 20

// ErrStoreUnreadable reports a store file that cannot be decrypted or
// parsed. Errors that wrap it say what to do.
var ErrStoreUnreadable = errors.New("the token store cannot be read")

// A Store keeps named connections in one file, encrypted with AES-256-GCM.
// Every write replaces the file atomically, and read-modify-write cycles
// hold a file lock, so several processes may share a store. A Store is safe
// for concurrent use.
type Store struct {
	dir     string
	aead    cipher.AEAD
	keyFrom string // where the key came from, for error messages

	mu sync.Mutex // serialises writers in this process; the file lock does so across processes
	// beforeRename, when set, runs between writing the temporary file and
	// renaming it into place. Tests use it to simulate a crash.
	beforeRename func() error
}

// OpenStore opens (creating if need be) the store in dir. The key is taken
// from the environment variable ATLASSIAN_MCP_KEY (base64 of 32 bytes) when
// it is set, and otherwise from dir/key, which is generated with mode 0600
// on first use.
func OpenStore(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the token store directory: %w", err)
	}
	key, from, err := loadKey(dir, os.Getenv(KeyEnv))
	if err != nil {
		return nil, err
	}
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	return &Store{dir: dir, aead: aead, keyFrom: from}, nil
}

// Path returns the store file's path.
func (s *Store) Path() string { return filepath.Join(s.dir, storeFileName) }

// Get returns the named connection, or an error wrapping ErrNotFound.
func (s *Store) Get(name string) (Connection, error) {
	conns, err := s.load()
	if err != nil {
		return Connection{}, err
	}
	c, ok := conns[name]
	if !ok {
		return Connection{}, fmt.Errorf("connection %q: %w; run `atlassian-mcp auth status` to list connections, or `atlassian-mcp auth login --connection %s` to create it", name, ErrNotFound, name)
	}
	return c, nil
}

// List returns every connection, sorted by name.
func (s *Store) List() ([]Connection, error) {
	conns, err := s.load()
	if err != nil {
		return nil, err
	}
	out := make([]Connection, 0, len(conns))
	for _, c := range conns {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Connection) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// Put adds or replaces a connection, after checking it is complete.
func (s *Store) Put(ctx context.Context, c Connection) error {
	if err := c.Validate(); err != nil {
		return err
	}
	c.Updated = time.Now().UTC()
	return s.modify(ctx, func(conns map[string]Connection) (bool, error) {
		conns[c.Name] = c
		return true, nil
	})
}

// Delete removes a connection, or returns an error wrapping ErrNotFound.
func (s *Store) Delete(ctx context.Context, name string) error {
	return s.modify(ctx, func(conns map[string]Connection) (bool, error) {
		if _, ok := conns[name]; !ok {
			return false, fmt.Errorf("connection %q: %w", name, ErrNotFound)
		}
		delete(conns, name)
		return true, nil
	})
}

// Update runs fn on the named connection while holding the store's lock, so
// no other writer, in this process or another, interleaves. When fn returns
// write true the changed connection is saved, even if fn also returns an
// error; Update then returns fn's error, or the error of saving.
func (s *Store) Update(ctx context.Context, name string, fn func(c *Connection) (write bool, err error)) error {
	return s.modify(ctx, func(conns map[string]Connection) (bool, error) {
		c, ok := conns[name]
		if !ok {
			return false, fmt.Errorf("connection %q: %w; run `atlassian-mcp auth login --connection %s`", name, ErrNotFound, name)
		}
		write, err := fn(&c)
		if write {
			c.Name = name
			if verr := c.Validate(); verr != nil {
				return false, errors.Join(err, verr)
			}
			c.Updated = time.Now().UTC()
			conns[name] = c
		}
		return write, err
	})
}

// modify is a locked read-modify-write of the whole store.
func (s *Store) modify(ctx context.Context, fn func(map[string]Connection) (bool, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	unlock, err := lockFile(ctx, filepath.Join(s.dir, lockFileName))
	if err != nil {
		return fmt.Errorf("lock the token store: %w", err)
	}
	defer unlock()
	conns, err := s.load()
	if err != nil {
		return err
	}
	write, ferr := fn(conns)
	if write {
		if err := s.save(conns); err != nil {
			return errors.Join(ferr, err)
		}
	}
	return ferr
}

// storeFile is the plaintext layout of the store.
type storeFile struct {
	Version     int          `json:"version"`
	Connections []Connection `json:"connections"`
}

// load reads and decrypts the store; a missing file is an empty store.
func (s *Store) load() (map[string]Connection, error) {
	path := s.Path()
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]Connection{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open the token store: %w", err)
	}
	defer f.Close()
	sealed, err := io.ReadAll(io.LimitReader(f, maxStoreSize+1))
	if err != nil {
		return nil, fmt.Errorf("read the token store %s: %w", path, err)
	}
	plain, err := s.open(sealed)
	if err != nil {
		return nil, err
	}
	conns, err := decodeStore(plain)
	if err != nil {
		return nil, fmt.Errorf("%w: %s decrypts but does not parse (%v); delete it and run `atlassian-mcp auth login` again", ErrStoreUnreadable, path, err)
	}
	return conns, nil
}

// decodeStore parses the plaintext store.
func decodeStore(plain []byte) (map[string]Connection, error) {
	var sf storeFile
	dec := json.NewDecoder(bytes.NewReader(plain))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sf); err != nil {
		return nil, err
	}
	if sf.Version != 1 {
		return nil, fmt.Errorf("store version %d is not supported (this build reads version 1)", sf.Version)
	}
	conns := make(map[string]Connection, len(sf.Connections))
	for _, c := range sf.Connections {
		if _, dup := conns[c.Name]; dup {
			return nil, fmt.Errorf("connection %q appears twice", c.Name)
		}
		conns[c.Name] = c
	}
	return conns, nil
}

// save encrypts conns and replaces the store file atomically.
func (s *Store) save(conns map[string]Connection) error {
	sf := storeFile{Version: 1, Connections: make([]Connection, 0, len(conns))}
	for _, c := range conns {
		sf.Connections = append(sf.Connections, c)
	}
	slices.SortFunc(sf.Connections, func(a, b Connection) int { return strings.Compare(a.Name, b.Name) })
	plain, err := json.Marshal(sf)
	if err != nil {
		return fmt.Errorf("encode the token store: %w", err)
	}
	sealed, err := s.seal(plain)
	clear(plain)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(s.Path(), sealed, s.beforeRename); err != nil {
		return fmt.Errorf("write the token store: %w", err)
	}
	return nil
}
