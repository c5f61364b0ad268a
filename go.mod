module github.com/spec2lib/websocket

go 1.24

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/aymanbagabas/go-udiff v0.4.2
	github.com/coder/websocket v1.8.15
	github.com/creack/pty v1.1.24
	github.com/gorilla/websocket v1.5.3
	github.com/sergi/go-diff v1.4.5
	github.com/stretchr/testify v1.12.1
	github.com/yuin/goldmark v1.8.7
	go.uber.org/goleak v1.3.0
	golang.org/x/sync v0.16.0
	golang.org/x/term v0.32.0
)

require (
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/sys v0.33.0 // indirect
)
