package main

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/spec2lib/websocket/step06-client/websocket"
)

// wscatOptions adds to opts what wscat's options ask for: a client
// certificate, -n, --proxy and Basic authentication, from --auth or from
// user:password@ in the URL. It returns the URL without its user:password,
// which goes in the Authorization header instead, as curl does.
func (w *wscatConfig) wscatOptions(opts *websocket.Options, rawURL string, stdin io.Reader, stderr io.Writer) (string, error) {
	if w.cert != "" || w.noCheck {
		if opts.TLSConfig == nil {
			opts.TLSConfig = &tls.Config{}
		}
	}
	if w.cert != "" {
		cert, err := loadClientCert(w.cert, w.key, w.passphrase, passphraseAsker(stdin, stderr))
		if err != nil {
			return "", err
		}
		opts.TLSConfig.Certificates = []tls.Certificate{cert}
	} else if w.key != "" || w.passphrase != "" {
		return "", errors.New("--key and --passphrase go with --cert")
	}
	if w.noCheck {
		opts.TLSConfig.InsecureSkipVerify = true
		fmt.Fprintln(stderr, "warning: -n: the server's certificate is not checked, so anyone on the way can read and change this connection")
	}
	if w.proxy != "" {
		proxy, err := proxyURL(w.proxy)
		if err != nil {
			return "", err
		}
		opts.Proxy = func(*url.URL) (*url.URL, error) { return proxy, nil }
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.User == nil {
		return rawURL, w.basicAuth(opts, w.auth, "--auth") // a bad URL is Dial's to report
	}
	pass, _ := u.User.Password()
	cred := u.User.Username() + ":" + pass // decoded from its percent-escapes
	u.User = nil
	if w.auth != "" {
		cred = w.auth // --auth wins, as curl's -u does
	}
	return u.String(), w.basicAuth(opts, cred, "the URL's user:password")
}

// hint adds to a failed dial of wss:// without --cert what a server that
// requires a client certificate usually leaves: it hangs up after TLS
// (TLS 1.3 checks the client's certificate once the client has begun to
// send), and the error says only that the response ended, or names the
// alert.
func (w *wscatConfig) hint(url string, err error) error {
	if w.cert == "" && strings.HasPrefix(url, "wss:") &&
		(errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "certificate required")) {
		return fmt.Errorf("%w (if the server requires a client certificate, give it with --cert)", err)
	}
	return err
}

// basicAuth sets the Authorization header of HTTP Basic authentication
// (RFC 7617) for cred, "user:password".
func (w *wscatConfig) basicAuth(opts *websocket.Options, cred, from string) error {
	if cred == "" {
		return nil
	}
	if !strings.Contains(cred, ":") {
		return fmt.Errorf("%s: want user:password", from)
	}
	if opts.Header == nil {
		opts.Header = make(http.Header)
	}
	opts.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(cred)))
	return nil
}

// proxyURL reads --proxy: a URL, or host:port for http://, as wscat takes it.
func proxyURL(raw string) (*url.URL, error) {
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("--proxy: %w", err)
	}
	if u.Scheme != "http" || u.Host == "" {
		return nil, fmt.Errorf("--proxy %s: want an http:// proxy, host:port", u.Redacted())
	}
	return u, nil
}

// loadClientCert reads a client certificate and its key, decrypting the
// key with passphrase, or with one that ask gets, when it is encrypted.
// The key may be in the certificate's file.
func loadClientCert(certFile, keyFile, passphrase string, ask func(file string) (string, error)) (tls.Certificate, error) {
	certPEM, err := os.ReadFile(certFile)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("--cert: %w", err)
	}
	if keyFile == "" {
		keyFile = certFile
	}
	keyPEM, err := os.ReadFile(keyFile)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("--key: %w", err)
	}
	keyPEM, err = decryptKey(keyPEM, keyFile, passphrase, ask)
	if err != nil {
		return tls.Certificate{}, err
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("--cert %s with --key %s: %w", certFile, keyFile, err)
	}
	return cert, nil
}

// passphraseAsker asks for a key's passphrase at a terminal, without
// echo, as wscat's --passphrase with no value does. Elsewhere it fails:
// nobody is there to type it.
func passphraseAsker(stdin io.Reader, stderr io.Writer) func(file string) (string, error) {
	return func(file string) (string, error) {
		f, ok := stdin.(*os.File)
		if !ok || !isTerminal(f) {
			return "", fmt.Errorf("--key %s is encrypted: give its --passphrase", file)
		}
		fmt.Fprintf(stderr, "passphrase for %s: ", file)
		pass, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("reading the passphrase: %w", err)
		}
		return string(pass), nil
	}
}

// decryptKey returns keyPEM with its private key decrypted, if it was
// encrypted: PKCS #8 with PBES2 (RFC 8018), what OpenSSL 1.1 and 3 write,
// or the older PEM encryption of RFC 1423 ("Proc-Type: 4,ENCRYPTED").
// Any other block is left as it is.
func decryptKey(keyPEM []byte, file, passphrase string, ask func(file string) (string, error)) ([]byte, error) {
	var out []byte
	rest := keyPEM
	for {
		block, next := pem.Decode(rest)
		if block == nil {
			break
		}
		rest = next
		//lint:ignore SA1019 the legacy format is weak, and still what some keys on disk are in; reading it is the user's call
		legacy := x509.IsEncryptedPEMBlock(block)
		if block.Type == "ENCRYPTED PRIVATE KEY" || legacy {
			if passphrase == "" {
				var err error
				if passphrase, err = ask(file); err != nil {
					return nil, err
				}
			}
			der, err := decryptBlock(block, passphrase, legacy)
			if err != nil {
				return nil, fmt.Errorf("--key %s: %w", file, err)
			}
			block = &pem.Block{Type: strings.TrimPrefix(block.Type, "ENCRYPTED "), Bytes: der}
		}
		out = append(out, pem.EncodeToMemory(block)...)
	}
	if out == nil {
		return keyPEM, nil // no PEM at all: let tls.X509KeyPair say so
	}
	return out, nil
}

var errPassphrase = errors.New("wrong passphrase (or a damaged key)")

func decryptBlock(block *pem.Block, passphrase string, legacy bool) ([]byte, error) {
	if legacy {
		//lint:ignore SA1019 see decryptKey
		der, err := x509.DecryptPEMBlock(block, []byte(passphrase))
		if errors.Is(err, x509.IncorrectPasswordError) {
			return nil, errPassphrase
		}
		return der, err
	}
	return decryptPKCS8(block.Bytes, passphrase)
}

// The ASN.1 of an encrypted PKCS #8 key with PBES2 (RFC 5958 §3,
// RFC 8018 §6.2 and §A.2).
type encryptedPrivateKeyInfo struct {
	Algorithm pkix.AlgorithmIdentifier
	Data      []byte
}

type pbes2Params struct {
	KDF    pkix.AlgorithmIdentifier
	Cipher pkix.AlgorithmIdentifier
}

type pbkdf2Params struct {
	Salt       []byte
	Iterations int
	KeyLength  int                      `asn1:"optional"`
	PRF        pkix.AlgorithmIdentifier `asn1:"optional"`
}

var (
	oidPBES2  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	prfs      = map[string]func() hash.Hash{
		"1.2.840.113549.2.7":  sha1.New, // the default, when none is named
		"1.2.840.113549.2.9":  sha256.New,
		"1.2.840.113549.2.10": sha512.New384,
		"1.2.840.113549.2.11": sha512.New,
	}
	aesKeySizes = map[string]int{
		"2.16.840.1.101.3.4.1.2":  16, // aes128-CBC
		"2.16.840.1.101.3.4.1.22": 24, // aes192-CBC
		"2.16.840.1.101.3.4.1.42": 32, // aes256-CBC
	}
)

// decryptPKCS8 decrypts an EncryptedPrivateKeyInfo made with PBES2,
// PBKDF2 and AES-CBC, and returns the PKCS #8 key inside.
func decryptPKCS8(der []byte, passphrase string) ([]byte, error) {
	var info encryptedPrivateKeyInfo
	if _, err := asn1.Unmarshal(der, &info); err != nil {
		return nil, fmt.Errorf("reading the encrypted key: %w", err)
	}
	if !info.Algorithm.Algorithm.Equal(oidPBES2) {
		return nil, fmt.Errorf("key encrypted with %v: only PBES2 (what OpenSSL writes) is supported", info.Algorithm.Algorithm)
	}
	var params pbes2Params
	if _, err := asn1.Unmarshal(info.Algorithm.Parameters.FullBytes, &params); err != nil {
		return nil, fmt.Errorf("reading the PBES2 parameters: %w", err)
	}
	if !params.KDF.Algorithm.Equal(oidPBKDF2) {
		return nil, fmt.Errorf("key derivation %v: only PBKDF2 is supported", params.KDF.Algorithm)
	}
	var kdf pbkdf2Params
	if _, err := asn1.Unmarshal(params.KDF.Parameters.FullBytes, &kdf); err != nil {
		return nil, fmt.Errorf("reading the PBKDF2 parameters: %w", err)
	}
	prf := sha1.New
	if len(kdf.PRF.Algorithm) > 0 {
		var ok bool
		if prf, ok = prfs[kdf.PRF.Algorithm.String()]; !ok {
			return nil, fmt.Errorf("PBKDF2 with %v is not supported", kdf.PRF.Algorithm)
		}
	}
	keySize, ok := aesKeySizes[params.Cipher.Algorithm.String()]
	if !ok {
		return nil, fmt.Errorf("cipher %v: only AES-CBC is supported", params.Cipher.Algorithm)
	}
	var iv []byte
	if _, err := asn1.Unmarshal(params.Cipher.Parameters.FullBytes, &iv); err != nil || len(iv) != aes.BlockSize {
		return nil, errors.New("the key's AES-CBC parameters hold no 16-byte IV")
	}
	if kdf.Iterations < 1 || len(info.Data) == 0 || len(info.Data)%aes.BlockSize != 0 {
		return nil, errors.New("the encrypted key is damaged")
	}
	key, err := pbkdf2.Key(prf, passphrase, kdf.Salt, kdf.Iterations, keySize)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	plain := make([]byte, len(info.Data))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, info.Data)
	// PKCS #7 padding: n bytes of n. Anything else means the wrong key.
	n := int(plain[len(plain)-1])
	if n < 1 || n > aes.BlockSize || !bytes.Equal(plain[len(plain)-n:], bytes.Repeat([]byte{byte(n)}, n)) {
		return nil, errPassphrase
	}
	plain = plain[:len(plain)-n]
	if _, err := x509.ParsePKCS8PrivateKey(plain); err != nil {
		return nil, errPassphrase
	}
	return plain, nil
}
