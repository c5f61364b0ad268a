// Package autobahn is a Go stand-in for the Autobahn|Testsuite fuzzing
// server (wstest -m fuzzingserver), which needs Python 2 or Docker and so
// cannot run here. It serves the suite's client cases, families 1 to 7, 9
// and 10, numbered as Autobahn numbers them, plus extra cases "X.n.n" for
// what RFC 6455 asks of a client beyond the suite (the checks of the
// handshake response, a masked frame from the server). It grades each case
// OK, NON-STRICT or FAILED as the suite does; grade.go spells out the rules.
//
// A client agent drives it over the suite's own protocol:
//
//  1. connect to URL/getCaseCount and read one text message, the number of
//     cases N; the server then closes with 1000;
//  2. for n = 1..N, connect to URL/runCase?case=n&agent=NAME and echo every
//     text and binary message with its type until the connection ends;
//  3. connect to URL/updateReports?agent=NAME; the server closes with 1000
//     once every case still running has ended.
//
// Then Results and Table report the grades:
//
//	srv, err := autobahn.Start() // or StartCases(autobahn.Filter(autobahn.Cases(), "5", "6.4"))
//	...
//	defer srv.Close()
//	runAgent(srv.URL) // the client under test
//	fmt.Print(autobahn.Table(srv.Results()))
//
// Every case is a script that the server plays over raw TCP (package
// scripted), so it can send what no correct server would: reserved bits,
// bad opcodes, invalid UTF-8, broken handshakes. Every wait for the client
// is bounded, so a broken agent fails cases instead of hanging the suite,
// and the server moves on the moment a correct client has answered.
package autobahn
