package autobahn

import (
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/spec2lib/websocket/internal/scripted"
)

// Default bounds of a Server's waits.
const (
	// DefaultTimeout bounds each wait for the client.
	DefaultTimeout = 5 * time.Second
	// DefaultPause is how long the server pauses, mid-message, for a
	// reaction that a correct client gives at once.
	DefaultPause = 2 * time.Second
)

// Config configures a Server.
type Config struct {
	// Cases are the cases to serve, numbered from 1 in this order; nil
	// means Cases().
	Cases []Case
	// Timeout bounds each wait for the client, and each batch of writes.
	Timeout time.Duration
	// Pause is how long the server waits mid-message for a reaction a
	// correct client gives at once: the 1007 of a fail-fast client (6.4),
	// the pong (5.19, 5.20).
	Pause time.Duration
}

// Result is the grade of one case.
type Result struct {
	// ID and Description are the case's.
	ID, Description string
	// Grade is OK, NON-STRICT or FAILED.
	Grade Grade
	// Detail says what happened, such as "expected close 1002, got close
	// 1000"; it is empty for most OK cases.
	Detail string
}

// Server is a running fuzzing server.
type Server struct {
	// URL is "ws://127.0.0.1:PORT", the base URL for the agent.
	URL string

	cfg Config
	srv *scripted.Server

	mu      sync.Mutex
	results []Result   // by case: FAILED "not run" until a run is recorded
	runs    []uint64   // by case: the run that results holds, 0 for none
	lastRun uint64     // runs so far, of any case
	running int        // cases being played
	idle    *sync.Cond // signalled when running drops to 0
}

// Start serves every case on a free loopback port. Call Close when done.
func Start() (*Server, error) { return StartConfig(Config{}) }

// StartConfig serves as cfg says.
func StartConfig(cfg Config) (*Server, error) {
	if cfg.Cases == nil {
		cfg.Cases = Cases()
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Pause <= 0 {
		cfg.Pause = DefaultPause
	}
	s := &Server{cfg: cfg, runs: make([]uint64, len(cfg.Cases))}
	for _, c := range cfg.Cases {
		s.results = append(s.results, Result{ID: c.ID, Description: c.Description, Grade: Failed, Detail: "not run"})
	}
	s.idle = sync.NewCond(&s.mu)
	srv, err := scripted.Listen(s.serve)
	if err != nil {
		return nil, err
	}
	s.srv, s.URL = srv, "ws://"+srv.Addr
	return s, nil
}

// Close stops the server and waits for every connection to end.
func (s *Server) Close() error { return s.srv.Close() }

// Results returns the grade of every case, in case order.
func (s *Server) Results() []Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.results)
}

// record keeps the grade of run, unless a later run of the case has already
// been recorded: runs of one case may end out of order, since the client
// sees the end of a case (the server's FIN) before the script has returned.
func (s *Server) record(i int, run uint64, v verdict) {
	c := s.cfg.Cases[i]
	s.mu.Lock()
	defer s.mu.Unlock()
	if run > s.runs[i] {
		s.runs[i] = run
		s.results[i] = Result{ID: c.ID, Description: c.Description, Grade: v.grade, Detail: v.detail}
	}
}

// serve routes one connection on the path of its handshake request.
func (s *Server) serve(c *scripted.Conn) error {
	// A client sends its request as soon as it has connected, so this
	// bound need not be tight; a short Config.Timeout does not shorten it.
	c.SetReadDeadline(time.Now().Add(max(s.cfg.Timeout, DefaultTimeout)))
	req, err := c.ReadRequest()
	if err != nil {
		return nil // not an agent: nothing to grade
	}
	switch req.URL.Path {
	case "/getCaseCount":
		s.control(c, req, scripted.Text(strconv.Itoa(len(s.cfg.Cases))))
	case "/runCase":
		s.runCase(c, req)
	case "/updateReports":
		s.waitIdle()
		s.control(c, req, nil)
	default:
		writeResponse(c, scripted.Response("404 Not Found", "Content-Length: 0"), s.cfg.Timeout)
	}
	return nil
}

// control serves getCaseCount and updateReports: msg, if any, then the
// closing handshake with 1000.
func (s *Server) control(c *scripted.Conn, req *http.Request, msg []byte) {
	if requestProblem(req) != "" {
		writeResponse(c, scripted.Response("400 Bad Request", "Content-Length: 0"), s.cfg.Timeout)
		return
	}
	sess := s.session(c, req, false)
	defer sess.wait()
	if writeResponse(c, scripted.Response101(req), s.cfg.Timeout) != nil {
		return
	}
	if msg != nil {
		sess.writeNow(msg)
	}
	sess.serverClose(pass(""))
}

// runCase plays the case that ?case=n names and records its grade.
func (s *Server) runCase(c *scripted.Conn, req *http.Request) {
	n, err := strconv.Atoi(req.URL.Query().Get("case"))
	if err != nil || n < 1 || n > len(s.cfg.Cases) {
		writeResponse(c, scripted.Response("404 Not Found", "Content-Length: 0"), s.cfg.Timeout)
		return
	}
	run := s.begin()
	defer s.done()
	cs := s.cfg.Cases[n-1]
	sess := s.session(c, req, cs.slow)
	v := s.play(cs, sess)
	c.Close() // ends a write still in flight after a failure
	sess.wait()
	s.record(n-1, run, v)
}

// begin and done count the cases being played, for waitIdle.
func (s *Server) begin() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.running++
	s.lastRun++
	return s.lastRun
}

func (s *Server) done() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running--; s.running == 0 {
		s.idle.Broadcast()
	}
}

// waitIdle waits until no case is being played.
func (s *Server) waitIdle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.running > 0 {
		s.idle.Wait()
	}
}

// play answers the handshake as the case says and runs the case.
func (s *Server) play(cs Case, sess *session) verdict {
	req := sess.req
	if p := requestProblem(req); p != "" {
		writeResponse(sess.c, scripted.Response("400 Bad Request", "Content-Length: 0"), s.cfg.Timeout)
		return fail("bad handshake request: %s (RFC 6455 §4.1)", p)
	}
	if cs.run == nil {
		return fail("case %s has no script: only Cases() makes playable cases", cs.ID)
	}
	resp := scripted.Response101(req)
	if cs.respond != nil {
		resp = cs.respond(req)
	}
	if err := writeResponse(sess.c, resp, s.cfg.Timeout); err != nil {
		return fail("could not send the handshake response: %v", err)
	}
	return cs.run(sess)
}

func (s *Server) session(c *scripted.Conn, req *http.Request, slow bool) *session {
	limit := s.cfg.Timeout
	if slow {
		limit *= slowFactor
	}
	return &session{c: c, req: req, limit: limit, quick: s.cfg.Timeout, pause: s.cfg.Pause}
}

func writeResponse(c *scripted.Conn, resp string, limit time.Duration) error {
	c.SetWriteDeadline(time.Now().Add(limit))
	_, err := io.WriteString(c.Conn, resp)
	return err
}
