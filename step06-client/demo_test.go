package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
)

func TestDemoConversation(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	var out bytes.Buffer
	require.NoError(t, demo(testContext(t), &out, srv.URL))
	for _, want := range []string{
		`-> FIN text              17  "Hello, WebSocket!"`,
		`->     text            1024`,
		`-> FIN continuation       0`,
		`<-     continuation    1000`,
		`(pong handler: the server answered our ping "1")`,
		`(Ping returned: the pong came back)`,
		`<- FIN text              19  "read through Reader"`,
		`-> FIN close              5  code 1000 "bye"`,
		`<- FIN close              2  code 1000 ""`,
	} {
		assert.Contains(t, out.String(), want)
	}
}

func TestAskForFragments(t *testing.T) {
	assert.Equal(t, "ws://h:1/?fragment=1000", askForFragments("ws://h:1/"))
	assert.Equal(t, "ws://h:1/x?room=go", askForFragments("ws://h:1/x?room=go"), "a query of the URL's own is kept")
}
