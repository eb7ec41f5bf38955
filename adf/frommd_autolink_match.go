package adf

import (
	"bytes"

	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// This file matches addresses the way goldmark's Linkify parser does when
// asked at an alphanumeric byte (see linkifyParser.Parse in goldmark's
// extension/linkify.go), without its regular expressions, which run on
// Go's slower regexp engine for every match. FuzzLinkifyMatch holds the two
// to the same answers.
//
// Linkify's patterns, in Go's leftmost-first reading:
//
//	URL:  (http|https|ftp)://  D{1,256} \. [a-z]+  (:\d+)?  ([/#?] P*)?
//	www.: www\.                D{1,256} \. [a-z]+           ([/#?] P*)?
//
// where D is [-a-zA-Z0-9@:%._+~#=] and P is [-a-zA-Z0-9@:%_+.~#$!?&/=();,'">^{}[]`].
// Every part after [a-z]+ is optional and greedy, so the match is fixed by
// the longest D run that a "." and a lower-case letter follow.

// An addressMatch is what Linkify links at the start of a line.
type addressMatch struct {
	end   int               // bytes linked
	kind  gast.AutoLinkType // URL or e-mail
	httpW bool              // Linkify prefixes "http://" (it began with "www.")
}

// matchAddress returns what Linkify links at the start of line, whose first
// byte is alphanumeric; ok is false when it links nothing.
func matchAddress(line []byte) (m addressMatch, ok bool) {
	end := -1
	switch {
	case bytes.HasPrefix(line, []byte("https://")):
		end = matchHost(line, len("https://"), true)
	case bytes.HasPrefix(line, []byte("http://")):
		end = matchHost(line, len("http://"), true)
	case bytes.HasPrefix(line, []byte("ftp://")):
		end = matchHost(line, len("ftp://"), true)
	}
	m.kind = gast.AutoLinkURL
	if end < 0 && bytes.HasPrefix(line, []byte("www.")) {
		end = matchHost(line, len("www."), false)
		m.httpW = true // even when an e-mail address is linked instead
	}
	if end < 0 {
		if util.IsPunct(line[0]) {
			return m, false
		}
		m.kind = gast.AutoLinkEmail
		stop := util.FindEmailIndex(line)
		if stop < 0 {
			return m, false
		}
		at := bytes.IndexByte(line, '@')
		if bytes.IndexByte(line[at:stop-1], '.') < 0 {
			return m, false
		}
		end = stop
		if line[end-1] == '.' {
			end--
		}
		if end < len(line) && (line[end] == '-' || line[end] == '_') {
			return m, false
		}
	}
	m.end = trimAddress(line, end)
	return m, true
}

// matchHost matches the part of a URL from the host on, starting at i; it
// returns the end of the match or -1.
func matchHost(line []byte, i int, port bool) int {
	run := i
	for run < len(line) && run-i < 256 && isHostByte(line[run]) {
		run++
	}
	// The last "." of the host part followed by a lower-case letter ends
	// it (the part may end at such a "." just past 256 bytes).
	dot := -1
	for p := min(run, len(line)-2); p > i; p-- {
		if line[p] == '.' && isLower(line[p+1]) {
			dot = p
			break
		}
	}
	if dot < 0 {
		return -1
	}
	end := dot + 2
	for end < len(line) && isLower(line[end]) {
		end++
	}
	if port && end+1 < len(line) && line[end] == ':' && isDigit(line[end+1]) {
		end += 2
		for end < len(line) && isDigit(line[end]) {
			end++
		}
	}
	if end < len(line) && (line[end] == '/' || line[end] == '#' || line[end] == '?') {
		end++
		for end < len(line) && isPathByte(line[end]) {
			end++
		}
	}
	return end
}

// trimAddress drops trailing punctuation from a match as Linkify does:
// ? ! . , : * _ ~, a ")" without its "(", and a character reference.
func trimAddress(line []byte, end int) int {
	opening := bytes.Count(line[:end], []byte{'('})
	closing := bytes.Count(line[:end], []byte{')'})
	i := end
	for i > 1 {
		switch line[i-1] {
		case '?', '!', '.', ',', ':', '*', '_', '~':
			i--
		case ')':
			if closing <= opening {
				return i
			}
			closing--
			i--
		case ';':
			j := i - 2
			for j > 0 && util.IsAlphaNumeric(line[j]) {
				j--
			}
			if j == i-2 || line[j] != '&' {
				return i
			}
			i = j
		default:
			return i
		}
	}
	return i
}

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isHostByte reports whether c is in D, the host characters of Linkify's
// patterns.
func isHostByte(c byte) bool {
	return util.IsAlphaNumeric(c) || c == '-' || c == '@' || c == ':' || c == '%' ||
		c == '.' || c == '_' || c == '+' || c == '~' || c == '#' || c == '='
}

// isPathByte reports whether c is in P, the characters after the host.
func isPathByte(c byte) bool {
	if util.IsAlphaNumeric(c) {
		return true
	}
	switch c {
	case '-', '@', ':', '%', '_', '+', '.', '~', '#', '$', '!', '?', '&', '/', '=',
		'(', ')', ';', ',', '\'', '"', '>', '^', '{', '}', '[', ']', '`':
		return true
	}
	return false
}
