package atlassian

import (
	"fmt"
	"testing"

	"github.com/tidwall/gjson"
)

func TestRefKeys(t *testing.T) {
	tests := []struct{ value, want string }{
		{`{"id":"10052","key":"HR-1","fields":{"issuetype":{"id":"10001"}}}`, "[HR-1]"},
		{`"ENG-5"`, "[ENG-5]"},
		{`"not a key"`, "[]"},
		{`10010`, "[10010]"},
		{`{"id":"10010"}`, "[10010]"},
		{`{"showField":true,"data":{"id":10010,"key":"HR-3"}}`, "[HR-3]"},
		{`{"showField":true,"data":{"id":10010}}`, "[10010]"},
		{`[{"key":"ENG-1"},"OPS-2"]`, "[ENG-1 OPS-2]"},
		{`null`, "[]"},
		{`{"id":null}`, "[]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(refKeys(gjson.Parse(tt.value), nil)); got != tt.want {
			t.Errorf("refKeys(%s) = %s, want %s", tt.value, got, tt.want)
		}
	}
}
