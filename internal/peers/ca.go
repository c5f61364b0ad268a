package peers

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// NewCA makes a throwaway certificate authority and a server certificate for
// 127.0.0.1, ::1 and localhost signed by it, both ECDSA P-256 and valid for
// a day, and writes them as PEM files to t.TempDir().
func NewCA(t testing.TB) (files *TLSFiles, roots *x509.CertPool, caPEMPath string) {
	t.Helper()
	dir := t.TempDir()
	now := time.Now()
	template := func(name string, key *ecdsa.PrivateKey) *x509.Certificate {
		serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
		must(t, "serial number", err)
		pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
		must(t, "marshal public key", err)
		keyID := sha256.Sum256(pub)
		return &x509.Certificate{
			SerialNumber:          serial.Add(serial, big.NewInt(1)), // positive, never zero
			Subject:               pkix.Name{CommonName: name, Organization: []string{"spec2lib websocket tests"}},
			NotBefore:             now.Add(-5 * time.Minute),
			NotAfter:              now.Add(24 * time.Hour),
			BasicConstraintsValid: true,
			SubjectKeyId:          keyID[:20],
		}
	}

	caKey := newKey(t)
	ca := template("spec2lib throwaway test CA", caKey)
	ca.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature
	ca.IsCA, ca.MaxPathLenZero = true, true
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	must(t, "create CA certificate", err)
	caCert, err := x509.ParseCertificate(caDER)
	must(t, "parse CA certificate", err)

	serverKey := newKey(t)
	server := template("localhost", serverKey)
	server.KeyUsage = x509.KeyUsageDigitalSignature
	server.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	server.DNSNames = []string{"localhost"}
	server.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	serverDER, err := x509.CreateCertificate(rand.Reader, server, caCert, &serverKey.PublicKey, caKey)
	must(t, "create server certificate", err)
	serverKeyDER, err := x509.MarshalPKCS8PrivateKey(serverKey)
	must(t, "marshal server key", err)

	caPEMPath = filepath.Join(dir, "ca.pem")
	files = &TLSFiles{
		CertFile: filepath.Join(dir, "server.pem"),
		KeyFile:  filepath.Join(dir, "server-key.pem"),
	}
	writePEM(t, caPEMPath, "CERTIFICATE", caDER, 0o644)
	writePEM(t, files.CertFile, "CERTIFICATE", serverDER, 0o644)
	writePEM(t, files.KeyFile, "PRIVATE KEY", serverKeyDER, 0o600)

	roots = x509.NewCertPool()
	roots.AddCert(caCert)
	return files, roots, caPEMPath
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(t, "generate key", err)
	return key
}

// must fails the test if err says what could not be done.
func must(t testing.TB, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("peers: %s: %v", what, err)
	}
}

func writePEM(t testing.TB, path, blockType string, der []byte, mode os.FileMode) {
	t.Helper()
	must(t, "write "+path, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der}), mode))
}
