package autobahn

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTable(t *testing.T) {
	got := Table([]Result{
		{ID: "1.1.1", Description: "text message of 0 bytes", Grade: OK},
		{ID: "6.4.1", Description: "a | b", Grade: NonStrict, Detail: "late"},
		{ID: "7.3.2", Description: "close with a 1-byte payload", Grade: Failed, Detail: "expected close 1002,\ngot close 1000"},
	})
	assert.Equal(t, `| case | what the server sends | grade | detail |
|---|---|---|---|
| 1.1.1 | text message of 0 bytes | OK |  |
| 6.4.1 | a \| b | NON-STRICT | late |
| 7.3.2 | close with a 1-byte payload | FAILED | expected close 1002, got close 1000 |

3 cases: 1 OK, 1 NON-STRICT, 1 FAILED
`, got)
}

func TestTableEmpty(t *testing.T) {
	assert.Equal(t, "| case | what the server sends | grade | detail |\n|---|---|---|---|\n\n0 cases: 0 OK, 0 NON-STRICT, 0 FAILED\n", Table(nil))
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name    string
		results []Result
		want    string
	}{
		{
			name: "no results",
			want: "| family | cases | OK | NON-STRICT | FAILED |\n|---|---|---|---|---|\n| total | 0 | 0 | 0 | 0 |\n",
		},
		{
			name: "one family",
			results: []Result{
				{ID: "2.1", Grade: OK},
				{ID: "2.5", Grade: Failed},
				{ID: "2.6", Grade: OK},
			},
			want: `| family | cases | OK | NON-STRICT | FAILED |
|---|---|---|---|---|
| 2 | 3 | 2 | 0 | 1 |
| total | 3 | 2 | 0 | 1 |
`,
		},
		{
			name: "families in order: by number, 9 before 10, then X",
			results: []Result{
				{ID: "X.2.1", Grade: Failed},
				{ID: "10.1.1", Grade: OK},
				{ID: "9.1.1", Grade: OK},
				{ID: "1.1.1", Grade: OK},
				{ID: "4.1.1", Grade: NonStrict},
				{ID: "4.2.1", Grade: NonStrict},
				{ID: "1.2.8", Grade: OK},
				{ID: "X.1.1", Grade: OK},
			},
			want: `| family | cases | OK | NON-STRICT | FAILED |
|---|---|---|---|---|
| 1 | 2 | 2 | 0 | 0 |
| 4 | 2 | 0 | 2 | 0 |
| 9 | 1 | 1 | 0 | 0 |
| 10 | 1 | 1 | 0 | 0 |
| X | 2 | 1 | 0 | 1 |
| total | 8 | 5 | 2 | 1 |
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Summary(tt.results))
		})
	}
}

func TestFamily(t *testing.T) {
	tests := []struct{ id, want string }{
		{"1.1.1", "1"}, {"2.5", "2"}, {"10.1.1", "10"}, {"X.2.1", "X"}, {"7", "7"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Family(tt.id), tt.id)
	}
}
