package auth

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// KeyEnv names the environment variable that may hold the store's key:
// base64 of 32 random bytes, such as `openssl rand -base64 32` prints.
const KeyEnv = "ATLASSIAN_MCP_KEY"

// storeMagic starts every store file and is authenticated with it.
var storeMagic = []byte("AMCPTS1\n")

// loadKey returns the store key and where it came from: the environment
// value when set, else the key file in dir, generated if absent.
func loadKey(dir, env string) ([]byte, string, error) {
	if env != "" {
		key, err := decodeKey(env)
		if err != nil {
			return nil, "", fmt.Errorf("%s %w; generate one with `openssl rand -base64 32`, or unset it to use a key file", KeyEnv, err)
		}
		return key, KeyEnv, nil
	}
	path := filepath.Join(dir, keyFileName)
	key, err := readKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := createKeyFile(path); err != nil {
			return nil, "", err
		}
		key, err = readKeyFile(path)
	}
	if err != nil {
		return nil, "", err
	}
	return key, "key file " + path, nil
}

// decodeKey parses a base64 key of 32 bytes. Its errors never quote the
// value.
func decodeKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if key, err := enc.DecodeString(s); err == nil {
			if len(key) != 32 {
				return nil, fmt.Errorf("decodes to %d bytes, not the 32 that AES-256 needs", len(key))
			}
			return key, nil
		}
	}
	return nil, errors.New("is not valid base64")
}

// readKeyFile reads a key file, refusing one that others can read.
func readKeyFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("key file %s has mode %04o, so others may read it: run `chmod 600 %s`", path, info.Mode().Perm(), path)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the key file: %w", err)
	}
	key, err := decodeKey(string(raw))
	if err != nil {
		return nil, fmt.Errorf("key file %s %w; restore the original key file, or set %s", path, err, KeyEnv)
	}
	return key, nil
}

// createKeyFile writes a new random key to path with mode 0600, unless
// another process got there first.
func createKeyFile(path string) error {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return fmt.Errorf("generate a key: %w", err)
	}
	data := []byte(base64.StdEncoding.EncodeToString(key) + "\n")
	f, err := os.CreateTemp(filepath.Dir(path), ".key-*.tmp")
	if err != nil {
		return fmt.Errorf("create the key file: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := writeSynced(f, data); err != nil {
		return fmt.Errorf("write the key file: %w", err)
	}
	// Link, unlike rename, fails if the key file exists: a key that another
	// process created meanwhile is kept.
	if err := os.Link(tmp, path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create the key file: %w", err)
	}
	return syncDir(filepath.Dir(path))
}

// newAEAD returns AES-256-GCM for key.
func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("store key: %w", err)
	}
	return cipher.NewGCM(block)
}

// seal encrypts plain as magic || nonce || ciphertext, with the magic as
// additional data.
func (s *Store) seal(plain []byte) ([]byte, error) {
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("generate a nonce: %w", err)
	}
	out := append(bytes.Clone(storeMagic), nonce...)
	return s.aead.Seal(out, nonce, plain, storeMagic), nil
}

// open reverses seal, with errors that say what to do.
func (s *Store) open(sealed []byte) ([]byte, error) {
	path := s.Path()
	if len(sealed) > maxStoreSize {
		return nil, fmt.Errorf("%w: %s is larger than %d bytes, so it is not a token store; move it away and run `atlassian-mcp auth login` again", ErrStoreUnreadable, path, maxStoreSize)
	}
	n := len(storeMagic) + s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() || !bytes.HasPrefix(sealed, storeMagic) {
		return nil, fmt.Errorf("%w: %s is not an atlassian-mcp token store, or is truncated; restore it from a backup, or delete it and run `atlassian-mcp auth login` again", ErrStoreUnreadable, path)
	}
	plain, err := s.aead.Open(nil, sealed[len(storeMagic):n], sealed[n:], storeMagic)
	if err != nil {
		return nil, fmt.Errorf("%w: %s cannot be decrypted with the %s: either that key is not the one the store was written with, "+
			"or the file was altered. Use the original key, or delete %s and run `atlassian-mcp auth login` again", ErrStoreUnreadable, path, s.keyFrom, path)
	}
	return plain, nil
}

// writeFileAtomic replaces path with data: a temporary file in the same
// directory is written with mode 0600 and synced, then renamed over path,
// and the directory is synced. A crash at any point leaves either the old
// file or the new one. beforeRename, if not nil, runs just before the
// rename; its error aborts the write.
func writeFileAtomic(path string, data []byte, beforeRename func() error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if err := writeSynced(f, data); err != nil {
		return err
	}
	if beforeRename != nil {
		if err := beforeRename(); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

// writeSynced writes data to f with mode 0600, syncs and closes it.
func writeSynced(f *os.File, data []byte) error {
	err := f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// syncDir makes a rename in dir durable. Windows cannot sync a directory.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
