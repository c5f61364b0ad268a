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
