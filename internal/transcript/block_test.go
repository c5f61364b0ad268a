package main

import (
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFind(t *testing.T) {
	const doc = "# T\n\n" +
		"<!-- transcript -->\n```\n$ a\nout\n```\n\n" + // line 3
		"<!-- code: x.go -->\n```\n$ not a transcript\n```\n" +
		"<!-- transcripts are marked so -->\n```\n$ nor this\n```\n" +
		"````\n<!-- transcript -->\n```\n$ shown, not run\n```\n````\n" +
		"<!-- transcript: echo=127.0.0.1:8080 vary='a b' -->\n~~~ text\n$ b\n$ c\n~~~\n" + // line 23
		"- an item:\n\n  <!-- transcript -->\n  ```\n  $ d\n\n  e\n  ```\n" // line 30
	blocks, err := Find("doc.md", []byte(doc))
	require.NoError(t, err)
	require.Len(t, blocks, 3)
	assert.Equal(t, Block{File: "doc.md", Line: 3, Text: "$ a\nout\n", from: 4, to: 6}, blocks[0])
	assert.Equal(t, Block{File: "doc.md", Line: 23, Options: "echo=127.0.0.1:8080 vary='a b'", Text: "$ b\n$ c\n", from: 24, to: 26}, blocks[1])
	assert.Equal(t, "doc.md:23", blocks[1].String())
	assert.Equal(t, Block{File: "doc.md", Line: 30, Text: "$ d\n\ne\n", from: 31, to: 34, indent: "  "}, blocks[2])

	for _, bad := range []string{
		"<!-- transcript -->\ntext\n",
		"<!-- transcript -->\n\n```\n$ a\n```\n",
		"<!-- transcript -->\n```\n$ a\n",
		"<!-- transcript -->\n```\nno command\n```\n",
	} {
		_, err := Find("bad.md", []byte(bad))
		assert.ErrorContains(t, err, "bad.md:", bad)
	}
}

func TestParseOptions(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want options
		vary []string
		err  string
	}{
		{in: "", want: options{timeout: 2 * time.Minute}},
		{in: "echo=127.0.0.1:8080 timeout=5m", want: options{echo: "127.0.0.1:8080", timeout: 5 * time.Minute}},
		{in: "echo-tls=127.0.0.1:8443 ca=/tmp/ca.pem", want: options{echo: "127.0.0.1:8443", tls: true, ca: "/tmp/ca.pem", timeout: 2 * time.Minute}},
		{in: `vary='Key: (\S+)' vary=x`, want: options{timeout: 2 * time.Minute}, vary: []string{`Key: (\S+)`, "x"}},
		{in: "echo=8080", err: "missing port"},
		{in: "echo=127.0.0.1:1 echo-tls=127.0.0.1:2", err: "one echo="},
		{in: "ca=/tmp/ca.pem", err: "goes with echo-tls"},
		{in: "timeout=soon", err: "soon"},
		{in: "vary='('", err: "missing closing )"},
		{in: "tls", err: "want KEY=VALUE"},
		{in: "color=blue", err: "color=blue"},
		{in: "vary='open", err: "unterminated"},
		{in: "serve='go run ./x -serve 127.0.0.1:8888'", want: options{serve: "go run ./x -serve 127.0.0.1:8888", timeout: 2 * time.Minute}},
		{in: "serve='go run ./x -serve 127.0.0.1:8888' echo=127.0.0.1:8080", want: options{serve: "go run ./x -serve 127.0.0.1:8888", echo: "127.0.0.1:8080", timeout: 2 * time.Minute}},
		{in: "serve='go run ./x -serve'", err: "the last word must be the address"},
		{in: "serve='a 127.0.0.1:1' serve='b 127.0.0.1:2'", err: "one serve="},
		{in: "serve='x $A 127.0.0.1:1'", err: "$A"},
	} {
		o, err := parseOptions(tc.in)
		if tc.err != "" {
			assert.ErrorContains(t, err, tc.err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		var vary []string
		for _, re := range o.vary {
			vary = append(vary, re.String())
		}
		o.vary = nil
		assert.Equal(t, tc.want, o, tc.in)
		assert.Equal(t, tc.vary, vary, tc.in)
	}
}

func TestSetUp(t *testing.T) {
	s, err := options{}.setUp(".")
	require.NoError(t, err)
	assert.Equal(t, "as is", s.toReal.Replace("as is"))
	assert.Equal(t, "as is", s.toPrinted.Replace("as is"))
	s.close()

	s, err = options{echo: "127.0.0.1:8443", tls: true, ca: "/tmp/echoserver-ca.pem"}.setUp(".")
	require.NoError(t, err)
	assert.Equal(t, []string{"127.0.0.1:8443", "/tmp/echoserver-ca.pem"}, s.printed)
	fields := strings.Fields(s.toReal.Replace("x -cacert /tmp/echoserver-ca.pem wss://127.0.0.1:8443/"))
	require.Len(t, fields, 4)
	ca, addr := fields[2], strings.TrimSuffix(strings.TrimPrefix(fields[3], "wss://"), "/")
	assert.NotEqual(t, "/tmp/echoserver-ca.pem", ca)
	assert.NotEqual(t, "127.0.0.1:8443", addr)
	assert.Equal(t, "dialing 127.0.0.1:8443 with /tmp/echoserver-ca.pem", s.toPrinted.Replace("dialing "+addr+" with "+ca))
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err, "the server listens where the command is sent")
	conn.Close()
	pem, err := os.ReadFile(ca)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(pem), "-----BEGIN CERTIFICATE-----\n"))

	s.close()
	_, err = os.Stat(ca)
	assert.ErrorIs(t, err, os.ErrNotExist, "close removes the CA file")
	_, err = net.Dial("tcp", addr)
	assert.Error(t, err, "close stops the server")
}
