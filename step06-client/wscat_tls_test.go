package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/peers"
)

// The two encrypted keys in testdata, made once with OpenSSL 3 from one
// P-256 key, with this passphrase:
//
//	openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 ... > client-key-pkcs8.pem
//	openssl ec -aes256 ... > client-key-legacy.pem
//
// A key does not expire: the tests make a certificate for it each run.
const fixturePassphrase = "correct horse"

var encryptedKeys = []string{"testdata/client-key-pkcs8.pem", "testdata/client-key-legacy.pem"}

// fixturePublicKey decrypts a testdata key, and returns its public key.
func fixturePublicKey(t *testing.T, file string) crypto.PublicKey {
	t.Helper()
	raw, err := os.ReadFile(file)
	require.NoError(t, err)
	plain, err := decryptKey(raw, file, fixturePassphrase, nil)
	require.NoError(t, err)
	block, _ := pem.Decode(plain)
	require.NotNil(t, block)
	var key any
	if block.Type == "PRIVATE KEY" {
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	} else {
		key, err = x509.ParseECPrivateKey(block.Bytes)
	}
	require.NoError(t, err)
	return key.(*ecdsa.PrivateKey).Public()
}

// TestWscatClientCertificate: Python websockets serves wss:// and
// requires a client certificate from our CA. --cert and --key get us
// in, with the key plain or encrypted (both forms OpenSSL writes, with
// --passphrase), or in the certificate's own file; without a
// certificate, the server's TLS refuses us.
func TestWscatClientCertificate(t *testing.T) {
	files, _, serverCA := peers.NewCA(t)
	pki := newClientPKI(t)
	py := peers.StartWith(t, peers.Python, peers.Options{TLS: files, ClientCAFile: pki.caFile})
	url := py.URL + "?close=1000&after=1" // the server closes once it has echoed our message

	cert, key := pki.newClient(t, "plain")
	both := filepath.Join(t.TempDir(), "both.pem")
	require.NoError(t, os.WriteFile(both, append(must(os.ReadFile(cert)), must(os.ReadFile(key))...), 0o600))
	tests := []struct {
		name string
		args []string
	}{
		{"plain key", []string{"--cert", cert, "--key", key}},
		{"key in the certificate's file", []string{"--cert", both}},
		{"PKCS #8 key, encrypted", []string{"--cert", pki.certFor(t, "pkcs8", fixturePublicKey(t, encryptedKeys[0])), "--key", encryptedKeys[0], "--passphrase", fixturePassphrase}},
		{"legacy PEM key, encrypted", []string{"--cert", pki.certFor(t, "legacy", fixturePublicKey(t, encryptedKeys[1])), "--key", encryptedKeys[1], "--passphrase", fixturePassphrase}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{"--ca", serverCA, "-x", "hello", "-w", "-1"}, tt.args...), url)
			code, stdout, stderr := runCLI(t, "", args...)
			assert.Equal(t, 0, code, "stderr: %s", stderr)
			assert.Equal(t, "hello\n", stdout)
		})
	}

	code, _, stderr := runCLI(t, "", "--ca", serverCA, "-x", "hello", url)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "(if the server requires a client certificate, give it with --cert)")
}

// TestWscatBadKeys: a key that is not the certificate's, a wrong or
// missing passphrase: each a clear error and status 1, before any
// connection.
func TestWscatBadKeys(t *testing.T) {
	pki := newClientPKI(t)
	cert, _ := pki.newClient(t, "one")
	_, otherKey := pki.newClient(t, "other")
	encrypted := pki.certFor(t, "pkcs8", fixturePublicKey(t, encryptedKeys[0]))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"a key that is not the certificate's", []string{"--cert", cert, "--key", otherKey}, "--cert " + cert + " with --key " + otherKey + ": tls: private key does not match public key"},
		{"no passphrase, and no terminal to ask at", []string{"--cert", encrypted, "--key", encryptedKeys[0]}, "--key " + encryptedKeys[0] + " is encrypted: give its --passphrase"},
		{"wrong passphrase, PKCS #8", []string{"--cert", encrypted, "--key", encryptedKeys[0], "--passphrase", "wrong"}, "--key " + encryptedKeys[0] + ": wrong passphrase (or a damaged key)"},
		{"wrong passphrase, legacy", []string{"--cert", encrypted, "--key", encryptedKeys[1], "--passphrase", "wrong"}, "--key " + encryptedKeys[1] + ": wrong passphrase (or a damaged key)"},
		{"the right passphrase for another key", []string{"--cert", cert, "--key", encryptedKeys[1], "--passphrase", fixturePassphrase}, "tls: private key does not match public key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, "", append(tt.args, "wss://127.0.0.1:1/")...)
			assert.Equal(t, 1, code)
			assert.Contains(t, stderr, tt.want)
			assert.NotContains(t, stderr, "connection refused", "refused before dialling")
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
