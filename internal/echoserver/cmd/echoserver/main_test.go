package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServesWhatItPrints: the command prints the URL it serves, and for
// wss the path of the CA certificate a client needs; a client that uses
// them gets its message echoed; the command returns when ctx ends.
func TestServesWhatItPrints(t *testing.T) {
	for _, tls := range []bool{false, true} {
		t.Run(map[bool]string{false: "ws", true: "wss"}[tls], func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			args := []string{"-addr", "127.0.0.1:0"}
			caPath := filepath.Join(t.TempDir(), "ca.pem")
			if tls {
				args = append(args, "-tls", "-ca", caPath)
			}
			r, w := io.Pipe()
			done := make(chan error, 1)
			go func() {
				done <- run(ctx, args, w)
				w.Close()
			}()
			lines := bufio.NewScanner(r)
			require.True(t, lines.Scan())
			first := lines.Text()
			url := strings.Fields(first)[4]
			require.True(t, strings.HasPrefix(url, map[bool]string{false: "ws://", true: "wss://"}[tls]), first)
			go io.Copy(io.Discard, r) // the rest of what it prints

			dialer := websocket.Dialer{}
			if tls {
				dialer.TLSClientConfig = clientTLS(t, caPath)
			}
			conn, _, err := dialer.Dial(url, nil)
			require.NoError(t, err)
			require.NoError(t, conn.WriteMessage(websocket.TextMessage, []byte("hello")))
			_, msg, err := conn.ReadMessage()
			require.NoError(t, err)
			assert.Equal(t, "hello", string(msg))
			conn.Close()

			cancel()
			assert.NoError(t, <-done)
		})
	}
}

// clientTLS trusts the CA certificate the command wrote.
func clientTLS(t *testing.T, caPath string) *tls.Config {
	t.Helper()
	pemBytes, err := os.ReadFile(caPath)
	require.NoError(t, err)
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(pemBytes), "the CA file holds a certificate")
	return &tls.Config{RootCAs: roots}
}

func TestRefusesAnArgument(t *testing.T) {
	err := run(context.Background(), []string{"extra"}, io.Discard)
	assert.EqualError(t, err, `unexpected argument "extra"`)
}
