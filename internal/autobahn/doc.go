// Package autobahn is a Go stand-in for the Autobahn|Testsuite fuzzing
// server, which needs Python 2 or Docker. It plays the suite's client cases
// (families 1-7, 9, 10, numbered as Autobahn does, plus "X.n.n" for RFC 6455
// client duties beyond the suite) over raw TCP (package scripted), with
// every wait bounded, and grades each OK, NON-STRICT or FAILED (grade.go).
// An agent speaks the suite's protocol: URL/getCaseCount, then
// URL/runCase?case=n&agent=NAME for n = 1..N echoing every message, then
// URL/updateReports?agent=NAME; Results and Table report the grades.
package autobahn
