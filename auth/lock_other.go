//go:build !unix

package auth

import "context"

// lockFile is a no-op where flock is unavailable: writers in one process are
// still serialised by the Store's mutex, but separate processes sharing a
// store on such a platform may race on refresh.
func lockFile(ctx context.Context, path string) (func(), error) {
	return func() {}, ctx.Err()
}
