package contract

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers/legacy/pathpattern"
)

// EnvSpecs names the environment variable that points at the specs directory.
const EnvSpecs = "ATLASSIAN_SPECS"

// The four specs, by the name an Operation reports, which is also the file's
// path under SpecsDir without ".json".
const (
	// SpecJiraPlatform names the Jira platform REST API v3 (/rest/api/3/…).
	SpecJiraPlatform = "jira/platform-v3"
	// SpecJiraSoftware names the Jira Software API (/rest/agile/1.0/… and the dev-tool APIs).
	SpecJiraSoftware = "jira/software-agile"
	// SpecConfluenceV2 names the Confluence REST API v2 (/wiki/api/v2/…).
	SpecConfluenceV2 = "confluence/v2"
	// SpecConfluenceV1 names the Confluence REST API v1 (/wiki/rest/api/…).
	SpecConfluenceV1 = "confluence/v1"
)

// specNames lists the specs in the order they are loaded and searched.
var specNames = [...]string{SpecJiraPlatform, SpecJiraSoftware, SpecConfluenceV2, SpecConfluenceV1}

// SpecsDir returns the directory that holds Atlassian's specs: $ATLASSIAN_SPECS
// when it is set, otherwise ../shared/specs relative to the module root, found
// by walking up from the working directory to go.mod. It checks that the
// directory holds the four spec files and says which one is missing if not.
func SpecsDir() (string, error) {
	dir := os.Getenv(EnvSpecs)
	if dir == "" {
		root, err := moduleRoot()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(root, "..", "shared", "specs")
	}
	for _, name := range specNames {
		file := filepath.Join(dir, filepath.FromSlash(name)+".json")
		if _, err := os.Stat(file); err != nil {
			return "", fmt.Errorf("specs directory %s lacks %s.json (set %s to the directory holding jira/ and confluence/): %w", dir, name, EnvSpecs, err)
		}
	}
	return dir, nil
}

// moduleRoot walks up from the working directory to the one holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the module root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory, so ../shared/specs cannot be located: set %s", EnvSpecs)
		}
		dir = parent
	}
}

// shared caches the one Validator a test process loads.
type shared struct {
	once sync.Once
	v    *Validator
	err  error
}

// cache is the process-wide Validator that Load and Shared hand out; the
// specs take most of a second to load and never change.
var cache shared

// errNoSpecs marks a failure to find the specs, as opposed to a failure to
// load specs that are present.
var errNoSpecs = errors.New("specs not found")

// Shared returns the process-wide Validator, loading the specs from SpecsDir
// on first use. It is for code that has no testing.TB, such as TestMain
// printing a coverage report; tests should call Load.
func Shared() (*Validator, error) {
	cache.once.Do(func() {
		dir, err := SpecsDir()
		if err != nil {
			cache.err = fmt.Errorf("%w: %w", errNoSpecs, err)
			return
		}
		cache.v, cache.err = New(dir)
	})
	return cache.v, cache.err
}

// Load returns the process-wide Validator. It skips the test, saying why,
// when the specs cannot be found, and fails it when they are present but
// cannot be loaded. The first call loads all four specs (about 0.9 s on a
// 2-core machine); later calls return the same Validator, so Covered
// accumulates over every test in the process.
func Load(t testing.TB) *Validator {
	t.Helper()
	return loadFrom(t, Shared)
}

// loadFrom is Load with the source of the Validator made explicit.
func loadFrom(t testing.TB, get func() (*Validator, error)) *Validator {
	t.Helper()
	v, err := get()
	switch {
	case errors.Is(err, errNoSpecs):
		t.Skipf("contract: skipping, Atlassian OpenAPI specs are absent: %v", err)
	case err != nil:
		t.Fatalf("contract: %v", err)
	}
	return v
}

// New loads the four specs from dir and returns a Validator with its own
// coverage records. Most tests want Load, which loads them once per process.
func New(dir string) (*Validator, error) {
	v := &Validator{
		covered:     make(map[*Operation]struct{}),
		unspecified: make(map[string]struct{}),
	}
	v.opts = filterOptions()
	for _, name := range specNames {
		s, err := loadSpec(dir, name)
		if err != nil {
			return nil, err
		}
		v.specs = append(v.specs, s)
	}
	return v, nil
}

// A spec is one loaded OpenAPI document with its route table.
type spec struct {
	name  string
	doc   *openapi3.T
	root  *pathpattern.Node
	ops   map[*openapi3.Operation]*Operation
	fixes []string // the load-time relaxations applied, for the record
}

// routeOptions turn off pathpattern's wildcard and regular-expression
// syntax: Atlassian's templates use plain {name} variables only.
var routeOptions = &pathpattern.Options{}

// loadSpec reads, resolves and indexes one spec file.
func loadSpec(dir, name string) (*spec, error) {
	file := filepath.Join(dir, filepath.FromSlash(name)+".json")
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(file)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", file, err)
	}
	s := &spec{name: name, doc: doc, root: &pathpattern.Node{}, ops: make(map[*openapi3.Operation]*Operation)}
	s.fixes = relax(doc)
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			if err := s.root.Add(method+" "+path, &route{spec: s, path: path, item: item, method: method, op: op, query: queryParams(item, op)}, routeOptions); err != nil {
				return nil, fmt.Errorf("indexing %s %s in %s: %w", method, path, name, err)
			}
			s.ops[op] = newOperation(name, method, path, op)
		}
	}
	return s, nil
}
