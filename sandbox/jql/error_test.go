package jql

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

const ops = "'=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'"

func TestErrors(t *testing.T) {
	cases := []struct {
		jql  string
		want []string
	}{
		// syntax, with Jira's positions (1-based line and character)
		{"project ENG", []string{"Error in the JQL Query: Expecting operator but got 'ENG'. The valid operators are " + ops + ". (line 1, character 9)"}},
		{"project", []string{"Error in the JQL Query: Expecting operator before the end of the query. The valid operators are " + ops + "."}},
		{`summary ~ "abc`, []string{"Error in the JQL Query: The quoted string 'abc' has not been completed. (line 1, character 11)"}},
		{"project = ENG\nAND status = \"Done", []string{"Error in the JQL Query: The quoted string 'Done' has not been completed. (line 2, character 14)"}},
		{"project = ENG AND", []string{"Error in the JQL Query: Expecting a field name at the end of the query."}},
		{"project =", []string{"Error in JQL Query: Expecting either a value, list or function before the end of the query."}},
		{"project = ENG AND status = = Done", []string{"Error in JQL Query: Expecting either a value, list or function but got '='. You must surround '=' in quotation marks to use it as a value. (line 1, character 28)"}},
		{"status = OR", []string{"Error in JQL Query: Expecting either a value, list or function but got 'OR'. You must surround 'OR' in quotation marks to use it as a value. (line 1, character 10)"}},
		{"labels in ()", []string{"Error in JQL Query: Expecting either a value, list or function but got ')'. You must surround ')' in quotation marks to use it as a value. (line 1, character 12)"}},
		{"project = ENG status", []string{"Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'status'. (line 1, character 15)"}},
		{"project = ENG)", []string{"Error in the JQL Query: Expecting either 'OR' or 'AND' but got ')'. (line 1, character 14)"}},
		{"project = ENG AND (status = Done", []string{"Error in the JQL Query: Expecting ')' before the end of the query."}},
		{"(project = ENG labels = x)", []string{"Error in the JQL Query: Expecting ')' but got 'labels'. (line 1, character 16)"}},
		{"project in (ENG OPS)", []string{"Error in the JQL Query: Expecting either ',' or ')' but got 'OPS'. (line 1, character 17)"}},
		{"project in (ENG,", []string{"Error in JQL Query: Expecting either a value, list or function before the end of the query."}},
		{"= ENG", []string{"Error in the JQL Query: Expecting a field name but got '='. You must surround '=' in quotation marks to use it as a field name. (line 1, character 1)"}},
		{"project = ENG AND and = 1", []string{"Error in the JQL Query: Expecting a field name but got 'and'. You must surround 'and' in quotation marks to use it as a field name. (line 1, character 19)"}},
		{"assignee = bob@example.com", []string{`Error in the JQL Query: The character '@' is a reserved JQL character. You must enclose it in a string or use the escape '\u0040' instead. (line 1, character 15)`}},
		{"Team ~ plat*", []string{`Error in the JQL Query: The character '*' is a reserved JQL character. You must enclose it in a string or use the escape '\u002a' instead. (line 1, character 12)`}},
		{"status = End", []string{"Error in the JQL Query: 'End' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 10)"}},
		{"user = x", []string{"Error in the JQL Query: 'user' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 1)"}},
		{`summary ~ foo\q`, []string{`Error in the JQL Query: '\q' is an illegal JQL escape sequence. The valid escape sequences are \', \", \t, \n, \r, \\, '\ ' and \uXXXX. (line 1, character 14)`}},
		{`summary ~ "a\u00zz"`, []string{`Error in the JQL Query: '\u00zz' is an illegal JQL escape sequence. The valid escape sequences are \', \", \t, \n, \r, \\, '\ ' and \uXXXX. (line 1, character 13)`}},
		{`summary ~ "a\`, []string{`Error in the JQL Query: The escape sequence has not been completed. The valid escape sequences are \', \", \t, \n, \r, \\, '\ ' and \uXXXX. (line 1, character 13)`}},
		{"summary ~ \"a\x01\"", []string{`Error in the JQL Query: The character '\u0001' must be escaped. Use the escape '\u0001' instead. (line 1, character 13)`}},
		{"cf[abc] = 1", []string{"Error in the JQL Query: Expecting a custom field id enclosed by '[ ]' after 'cf'. Example: 'cf[10021]'. (line 1, character 1)"}},
		{"project = ENG ORDER created", []string{"Error in the JQL Query: Expecting 'BY' but got 'created'. (line 1, character 21)"}},
		{"ORDER BY key sideways", []string{"Error in the JQL Query: Expecting either 'ASC' or 'DESC' but got 'sideways'. (line 1, character 14)"}},
		{"ORDER BY key ASC DESC", []string{"Error in the JQL Query: Expecting ',' but got 'DESC'. (line 1, character 18)"}},
		{"ORDER BY key ASC = 1", []string{"Error in the JQL Query: Expecting ',' but got '='. (line 1, character 18)"}},
		{"ORDER BY", []string{"Error in the JQL Query: Expecting a field name at the end of the query."}},
		{"project not ENG", []string{"Error in the JQL Query: Expecting 'IN' but got 'ENG'. (line 1, character 13)"}},
		{"status was Done from x", []string{"Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'from'. (line 1, character 17)"}},
		{"assignee = currentUser(", []string{"Error in the JQL Query: Expecting ')' before the end of the query."}},
		{"created > startOfDay(-1 -2)", []string{"Error in the JQL Query: Expecting either ',' or ')' but got '-2'. (line 1, character 25)"}},
		{strings.Repeat("(", 150) + "project = ENG" + strings.Repeat(")", 150), []string{"Error in the JQL Query: The query is nested more than 100 levels deep. Remove some parentheses or NOT operators. (line 1, character 101)"}},
		// fields and operators
		{"foo = bar", []string{"Field 'foo' does not exist or you do not have permission to view it."}},
		{`"No Such Field" = 1`, []string{"Field 'No Such Field' does not exist or you do not have permission to view it."}},
		{"cf[99999] = 1", []string{"Field 'cf[99999]' does not exist or you do not have permission to view it."}},
		{`text = "export"`, []string{"The operator '=' is not supported by the 'text' field."}},
		{"project ~ ENG", []string{"The operator '~' is not supported by the 'project' field."}},
		{"summary = x", []string{"The operator '=' is not supported by the 'summary' field."}},
		{"labels was x", []string{"The operator 'was' is not supported by the 'labels' field."}},
		{"Status IS NOT x", []string{"The operator 'is not' is not supported by the 'Status' field."}},
		{"assignee is acc-bob", []string{"The operator 'is' only supports searching for EMPTY values. Use '=' to search for 'acc-bob' in the field 'assignee'."}},
		{"created > EMPTY", []string{"The operator '>' does not support searching for EMPTY values."}},
		{`status = (Done, "To Do")`, []string{"The operator '=' does not support the list value '(Done, To Do)' for field 'status'."}},
		{`summary ~ ""`, []string{"The field 'summary' does not support searching for an empty string."}},
		{"summary ~ now()", []string{"The operator '~' does not support the value 'now()' for field 'summary'; it expects text."}},
		// values
		{"project = XYZ", []string{"The value 'XYZ' does not exist for the field 'project'."}},
		{`assignee = "nobody-at-all"`, []string{"The value 'nobody-at-all' does not exist for the field 'assignee'."}},
		{`status in (Done, Shipped)`, []string{"The value 'Shipped' does not exist for the field 'status'."}},
		{"key = ENG-99", []string{"An issue with key 'ENG-99' does not exist for field 'key'."}},
		{"issuekey in (ENG-1, ENG-99)", []string{"An issue with key 'ENG-99' does not exist for field 'issuekey'."}},
		{"key = foo", []string{"The issue key 'foo' for field 'key' is invalid."}},
		{"key > ENG-9", []string{"Operator '>' cannot be applied to moved issue key 'ENG-9'."}},
		{"updated >= yesterday", []string{"Date value 'yesterday' for field 'updated' is invalid. " + dateFormats}},
		{"due = 2026-02-30", []string{"Date value '2026-02-30' for field 'due' is invalid. " + dateFormats}},
		{`created > "2026/11/01 25:00"`, []string{"Date value '2026/11/01 25:00' for field 'created' is invalid. " + dateFormats}},
		{"status changed during (\"2026-01-01\")", []string{`The predicate 'during' needs two dates, as in DURING ("2026-01-01", "2026-01-31").`}},
		{"status was Done after (-1d, -2d)", []string{"The operator 'after' does not support the list value '(-1d, -2d)' for field 'after'."}},
		{"status was Done by nobody", []string{"The value 'nobody' does not exist for the field 'by'."}},
		// functions
		{"assignee = noSuchFunction()", []string{"Unable to find JQL function 'noSuchFunction()'."}},
		{"assignee in membersOf(admins)", []string{"Unable to find JQL function 'membersOf(admins)'."}},
		{"status = currentUser()", []string{"A value provided by the function 'currentUser' is invalid for the field 'status'."}},
		{"assignee = now()", []string{"A value provided by the function 'now' is invalid for the field 'assignee'."}},
		{"status in openSprints()", []string{"A value provided by the function 'openSprints' is invalid for the field 'status'."}},
		{"created > now(1)", []string{"Function 'now' expected at most '0' arguments but got '1'."}},
		{"created > startOfDay(1, 2)", []string{"Function 'startOfDay' expected at most '1' arguments but got '2'."}},
		{"created > startOfDay(x)", []string{"Duration for function 'startOfDay' should have the format (+/-)n(yMwdm), e.g -1M for one month earlier."}},
		// saved filters
		{"filter = 999", []string{"The value '999' does not exist for the field 'filter'."}},
		{"filter = 200", []string{"Field 'filter' with value '200' matches filter '200' and causes a cyclical reference, this query can not be executed and should be edited."}},
		{"filter = 300", []string{"Error in JQL Query: Expecting either a value, list or function before the end of the query."}},
		// ORDER BY
		{"project = ENG ORDER BY zzfield", []string{"Field 'zzfield' does not exist or you do not have permission to view it."}},
		{"project = ENG ORDER BY description", []string{"Not able to sort using field 'description'."}},
		{"ORDER BY key, id, created, updated, status, priority, summary, labels", []string{"The ORDER BY clause can contain a maximum of 7 fields."}},
		// every validation error is reported, each once
		{"foo = 1 AND project = XYZ OR foo = 2", []string{
			"Field 'foo' does not exist or you do not have permission to view it.",
			"The value 'XYZ' does not exist for the field 'project'.",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.jql, func(t *testing.T) {
			_, err := Parse(tc.jql, testEnv())
			var je *Error
			if !errors.As(err, &je) {
				t.Fatalf("Parse(%q) = %v, want an *Error", tc.jql, err)
			}
			if !slices.Equal(je.Messages, tc.want) {
				t.Errorf("Parse(%q)\n got: %q\nwant: %q", tc.jql, je.Messages, tc.want)
			}
		})
	}
}

func TestErrorJoinsMessages(t *testing.T) {
	e := &Error{Messages: []string{"One.", "Two."}}
	if e.Error() != "One. Two." {
		t.Errorf("Error() = %q", e.Error())
	}
}
