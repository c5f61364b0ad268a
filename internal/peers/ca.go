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
	notBefore, notAfter := now.Add(-5*time.Minute), now.Add(24*time.Hour)

	caKey := newKey(t)
	caTemplate := &x509.Certificate{
		SerialNumber:          serial(t),
		Subject:               pkix.Name{CommonName: "spec2lib throwaway test CA", Organization: []string{"spec2lib websocket tests"}},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
		SubjectKeyId:          keyID(t, &caKey.PublicKey),
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatalf("peers: create CA certificate: %v", err)
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatalf("peers: parse CA certificate: %v", err)
	}

	serverKey := newKey(t)
	serverTemplate := &x509.Certificate{
		SerialNumber:          serial(t),
		Subject:               pkix.Name{CommonName: "localhost", Organization: []string{"spec2lib websocket tests"}},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		SubjectKeyId:          keyID(t, &serverKey.PublicKey),
	}
	serverDER, err := x509.CreateCertificate(rand.Reader, serverTemplate, caCert, &serverKey.PublicKey, caKey)
	if err != nil {
		t.Fatalf("peers: create server certificate: %v", err)
	}
	serverKeyDER, err := x509.MarshalPKCS8PrivateKey(serverKey)
	if err != nil {
		t.Fatalf("peers: marshal server key: %v", err)
	}

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
	if err != nil {
		t.Fatalf("peers: generate key: %v", err)
	}
	return key
}

func serial(t testing.TB) *big.Int {
	t.Helper()
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		t.Fatalf("peers: serial number: %v", err)
	}
	return n.Add(n, big.NewInt(1)) // positive, never zero
}

func keyID(t testing.TB, pub *ecdsa.PublicKey) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatalf("peers: marshal public key: %v", err)
	}
	sum := sha256.Sum256(der)
	return sum[:20]
}

func writePEM(t testing.TB, path, blockType string, der []byte, mode os.FileMode) {
	t.Helper()
	data := pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der})
	if err := os.WriteFile(path, data, mode); err != nil {
		t.Fatalf("peers: write %s: %v", path, err)
	}
}
