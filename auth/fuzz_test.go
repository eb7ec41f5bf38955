package auth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"testing"
)

func FuzzStoreFile(f *testing.F) {
	dir := f.TempDir()
	f.Setenv(KeyEnv, "")
	s, err := OpenStore(dir)
	if err != nil {
		f.Fatal(err)
	}
	if err := s.Put(context.Background(), sampleConnections()[0]); err != nil {
		f.Fatal(err)
	}
	valid, _ := os.ReadFile(s.Path())
	f.Add(valid)
	f.Add(storeMagic)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		plain, err := s.open(data)
		if err != nil {
			if !errors.Is(err, ErrStoreUnreadable) {
				t.Fatalf("error %v does not wrap ErrStoreUnreadable", err)
			}
			return
		}
		// Only a file sealed under this key opens; it must then parse.
		if _, err := decodeStore(plain); err != nil {
			t.Fatalf("an authentic file does not parse: %v", err)
		}
	})
}

func FuzzDecodeStore(f *testing.F) {
	f.Add([]byte(`{"version":1,"connections":[{"name":"a","kind":"pat","token":"t","base_url":"u"}]}`))
	f.Add([]byte(`{"version":1,"connections":[{"name":"a"},{"name":"a"}]}`))
	f.Add([]byte(`{"version":2}`))
	f.Add([]byte(`{"version":1,"connections":null,"extra":1}`))
	f.Fuzz(func(t *testing.T, plain []byte) {
		conns, err := decodeStore(plain)
		if err != nil {
			return
		}
		for name, c := range conns {
			if name != c.Name {
				t.Fatalf("connection %q filed under %q", c.Name, name)
			}
		}
	})
}

func FuzzDecodeKey(f *testing.F) {
	f.Add("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
	f.Add("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8")
	f.Add("  \n")
	f.Fuzz(func(t *testing.T, s string) {
		key, err := decodeKey(s)
		if err == nil && len(key) != 32 {
			t.Fatalf("accepted a %d-byte key", len(key))
		}
	})
}

func FuzzChooseSite(f *testing.F) {
	f.Add("https://a.atlassian.net", "https://b.atlassian.net/", "a.atlassian.net")
	f.Add("https://a.atlassian.net", "https://a.atlassian.net", "")
	f.Add("://", "%zz", "http://[::1")
	f.Fuzz(func(t *testing.T, u1, u2, want string) {
		sites := []Resource{{ID: "id-1", URL: u1}, {ID: "id-2", URL: u2}}
		got, err := ChooseSite(sites, want)
		if err != nil {
			var sc *SiteChoiceError
			if !errors.As(err, &sc) {
				t.Fatalf("error %v is not a SiteChoiceError", err)
			}
			return
		}
		if want == "" {
			t.Fatal("chose among two sites without being asked")
		}
		if !slices.ContainsFunc(sites, func(r Resource) bool { return r.ID == got.ID }) {
			t.Fatalf("chose %v, not one of the sites", got)
		}
	})
}

func FuzzCallback(f *testing.F) {
	const state = "the-real-state"
	f.Add("state=the-real-state&code=abc")
	f.Add("state=the-real-state&error=access_denied")
	f.Add("state=x&code=abc")
	f.Add("state=the-real-state&code=")
	f.Add("%zz")
	f.Fuzz(func(t *testing.T, rawQuery string) {
		results := make(chan callbackResult, 1)
		h := callbackHandler(state, results)
		r := httptest.NewRequest(http.MethodGet, CallbackPath, nil)
		r.URL.RawQuery = rawQuery
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		q, _ := url.ParseQuery(rawQuery)
		var res callbackResult
		select {
		case res = <-results:
		default:
			// A wrong state is refused and leaves the login waiting.
			if rec.Code != http.StatusBadRequest || q.Get("state") == state {
				t.Fatalf("%q ended nothing but got %d", rawQuery, rec.Code)
			}
			return
		}
		if q.Get("state") != state {
			t.Fatalf("a callback with state %q decided the login", q.Get("state"))
		}
		switch rec.Code {
		case http.StatusOK:
			if res.err != nil || res.code == "" || q.Get("state") != state {
				t.Fatalf("accepted %q: %+v", rawQuery, res)
			}
		case http.StatusBadRequest:
			if res.err == nil || res.code != "" {
				t.Fatalf("refused %q without an error: %+v", rawQuery, res)
			}
		default:
			t.Fatalf("status %d for %q", rec.Code, rawQuery)
		}
	})
}
