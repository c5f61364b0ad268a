package autobahn

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/spec2lib/websocket/internal/scripted"
)

// Family 6: UTF-8.

const kosme = "κόσμε" // Markus Kuhn's test word, CE BA E1 BD B9 CF 83 CE BC CE B5

func utf8Cases() []Case {
	const mixed = "Hello-µ@ßöäüàá-UTF-8!!"
	textOf := func(s string) want { return echoOf(scripted.OpText, []byte(s)) }
	const invalid = kosme + "\xed\xa0\x80edited" // with the surrogate U+D800
	cs := []Case{
		echoCase("6.1.1", "empty text message", whole, textOf(""), text("")),
		echoCase("6.1.2", "text in 3 empty fragments", whole, textOf(""), first(""), more(""), last("")),
		echoCase("6.1.3", `text in 3 fragments, the first and the last empty, the middle "middle frame payload"`,
			whole, textOf("middle frame payload"), first(""), more("middle frame payload"), last("")),
		echoCase("6.2.1", fmt.Sprintf("valid UTF-8 text %q, one frame", mixed), whole, textOf(mixed), text(mixed)),
		echoCase("6.2.2", fmt.Sprintf("valid UTF-8 text %q in 2 fragments cut between code points", mixed),
			whole, textOf(mixed), first("Hello-µ@ßöä"), last("üàá-UTF-8!!")),
		echoCase("6.2.3", fmt.Sprintf("valid UTF-8 text %q in 1-byte fragments, most cutting a code point", mixed),
			whole, textOf(mixed), fragments(scripted.OpText, []byte(mixed), 1)...),
		echoCase("6.2.4", fmt.Sprintf("valid UTF-8 text %q in 1-byte fragments", kosme),
			whole, textOf(kosme), fragments(scripted.OpText, []byte(kosme), 1)...),
		failCase("6.3.1", "text κόσμε + ED A0 80 (surrogate U+D800) + edited, one frame", 1007, whole, nil, text(invalid)),
		failCase("6.3.2", "text κόσμε + ED A0 80 (surrogate U+D800) + edited, 1-byte fragments", 1007, whole, nil,
			fragments(scripted.OpText, []byte(invalid), 1)...),
	}
	cs = append(cs, failFastCases()...)
	for _, g := range utf8Vectors {
		for i, v := range g.vectors {
			cs = append(cs, v.cases(fmt.Sprintf("6.%d", g.group), 2*i+1)...)
		}
	}
	return cs
}

// failFastCases is 6.4: the invalid sequence comes in the middle of a
// message, and then the server pauses before it sends the rest.
func failFastCases() []Case {
	const above = "\xf4\x90\x80\x80" // U+110000, above U+10FFFF
	one := text(kosme + above + "edited").Bytes()
	cut := func(b []byte, n int) (write, write) {
		return write{raw: b[:n]}, write{raw: b[n:]}
	}
	frames := func(fs ...scripted.Frame) write { return write{frames: fs} }
	first1, rest1 := frames(first(kosme), more(above)), frames(last("edited"))
	first2, rest2 := frames(first(kosme+"\xf4"), more("\x90")), frames(last("\x80\x80edited"))
	first3, rest3 := cut(one, len(one)-len("edited"))
	first4, rest4 := cut(one, len(one)-len("\x80\x80edited"))
	return []Case{
		failFastCase("6.4.1", "text fragments κόσμε and F4 90 80 80 (above U+10FFFF), a pause, then the last fragment edited", first1, rest1),
		failFastCase("6.4.2", "text fragments κόσμε F4 and 90 (F4 90 is above U+10FFFF), a pause, then the last fragment 80 80 edited", first2, rest2),
		failFastCase("6.4.3", "one text frame κόσμε F4 90 80 80 edited, chopped: up to F4 90 80 80, a pause, then edited", first3, rest3),
		failFastCase("6.4.4", "one text frame κόσμε F4 90 80 80 edited, chopped: up to F4 90, a pause, then 80 80 edited", first4, rest4),
	}
}

func failFastCase(id, desc string, head, rest write) Case {
	return Case{ID: id, Description: desc, run: func(s *session) verdict {
		s.send(head)
		s.wait()
		ev := s.nextWithin(s.pause)
		late := ev.kind == evTimeout
		if late {
			s.send(rest)
			ev = s.next()
		}
		v := failure(ev, 1007)
		if late && v.grade == OK {
			v = lax("failed with 1007 only once the whole message had come, not on the invalid sequence (fail fast)")
		}
		return s.endFailure(ev, v)
	}}
}

// utf8Vector is one test sequence.
type utf8Vector struct {
	what   string // what the sequence is
	bytes  string
	before string // what precedes it, if not κόσμε
	atEnd  bool   // nothing follows it: a sequence cut at the end of the message
}

func (v utf8Vector) parts() (before, after string) {
	before, after = kosme, "edited"
	if v.before != "" {
		before = v.before
	}
	if v.atEnd {
		after = ""
	}
	return before, after
}

func (v utf8Vector) payload() []byte {
	before, after := v.parts()
	return []byte(before + v.bytes + after)
}

func (v utf8Vector) describe() string {
	before, after := v.parts()
	validity := "invalid"
	if utf8.Valid(v.payload()) {
		validity = "valid"
	}
	seq := strings.ToUpper(fmt.Sprintf("% x", v.bytes))
	if after != "" {
		seq += " + " + after
	}
	return fmt.Sprintf("text %s + %s (%s): %s", before, seq, v.what, validity)
}

// cases makes the two cases of a vector: the text in one frame, numbered
// prefix.n, and the same text in 1-byte fragments, numbered prefix.n+1. A
// valid text is echoed; an invalid one fails the connection with 1007.
func (v utf8Vector) cases(prefix string, n int) []Case {
	p := v.payload()
	variant := func(n int, how string, fs ...scripted.Frame) Case {
		id, desc := fmt.Sprintf("%s.%d", prefix, n), v.describe()+", "+how
		if utf8.Valid(p) {
			return echoCase(id, desc, whole, echoOf(scripted.OpText, p), fs...)
		}
		return failCase(id, desc, 1007, whole, nil, fs...)
	}
	return []Case{variant(n, "one frame", frame(scripted.OpText, true, p)), variant(n+1, "1-byte fragments", fragments(scripted.OpText, p, 1)...)}
}

// utf8Vectors follow the subgroups of Autobahn's 6.x, which follow Markus
// Kuhn's UTF-8 decoder stress test: a representative set of each.
var utf8Vectors = []struct {
	group   int
	vectors []utf8Vector
}{
	{7, []utf8Vector{ // first sequence of each length
		{what: "U+0000", bytes: "\x00"},
		{what: "U+0080", bytes: "\xc2\x80"},
		{what: "U+0800", bytes: "\xe0\xa0\x80"},
		{what: "U+10000", bytes: "\xf0\x90\x80\x80"},
	}},
	{8, []utf8Vector{ // 5- and 6-byte forms, which UTF-8 no longer has
		{what: "a 5-byte form", bytes: "\xf8\x88\x80\x80\x80"},
		{what: "a 6-byte form", bytes: "\xfc\x84\x80\x80\x80\x80"},
	}},
	{9, []utf8Vector{ // last sequence of each length
		{what: "U+007F", bytes: "\x7f"},
		{what: "U+07FF", bytes: "\xdf\xbf"},
		{what: "U+FFFF, a noncharacter", bytes: "\xef\xbf\xbf"},
		{what: "U+10FFFF, the last code point", bytes: "\xf4\x8f\xbf\xbf"},
	}},
	{10, []utf8Vector{ // above U+10FFFF
		{what: "U+110000, above U+10FFFF", bytes: "\xf4\x90\x80\x80"},
		{what: "U+1FFFFF, above U+10FFFF", bytes: "\xf7\xbf\xbf\xbf"},
	}},
	{11, []utf8Vector{ // other boundaries
		{what: "U+D7FF, before the surrogates", bytes: "\xed\x9f\xbf"},
		{what: "U+E000, after the surrogates", bytes: "\xee\x80\x80"},
		{what: "U+FFFD, the replacement character", bytes: "\xef\xbf\xbd"},
	}},
	{12, []utf8Vector{ // continuation bytes with nothing to continue
		{what: "a stray continuation byte", bytes: "\x80"},
		{what: "a stray continuation byte", bytes: "\xbf"},
		{what: "two stray continuation bytes", bytes: "\x80\xbf"},
	}},
	{13, []utf8Vector{ // start bytes followed by a space
		{what: "a lonely 2-byte start", bytes: "\xce "},
		{what: "a lonely 3-byte start", bytes: "\xe1 "},
	}},
	{14, []utf8Vector{ // sequences cut at the end of the message
		{what: "κόσμε cut inside its last code point", bytes: "\xce", before: "κόσμ", atEnd: true},
		{what: "a 3-byte sequence cut after 2 bytes", bytes: "\xe1\xbd", atEnd: true},
		{what: "a 4-byte sequence cut after 3 bytes", bytes: "\xf0\x9f\x98", atEnd: true},
	}},
	{16, []utf8Vector{ // bytes that never appear in UTF-8
		{what: "FE", bytes: "\xfe"},
		{what: "FF", bytes: "\xff"},
		{what: "FE and FF", bytes: "\xfe\xfe\xff\xff"},
	}},
	{17, []utf8Vector{ // overlong forms of "/"
		{what: `"/" overlong in 2 bytes`, bytes: "\xc0\xaf"},
		{what: `"/" overlong in 3 bytes`, bytes: "\xe0\x80\xaf"},
		{what: `"/" overlong in 4 bytes`, bytes: "\xf0\x80\x80\xaf"},
	}},
	{18, []utf8Vector{ // the largest overlong forms
		{what: "U+007F overlong in 2 bytes", bytes: "\xc1\xbf"},
	}},
	{19, []utf8Vector{ // overlong NUL, as "modified UTF-8" writes it
		{what: "U+0000 overlong in 2 bytes", bytes: "\xc0\x80"},
	}},
	{20, []utf8Vector{ // UTF-16 surrogates, alone
		{what: "the surrogate U+D800", bytes: "\xed\xa0\x80"},
		{what: "the surrogate U+DFFF", bytes: "\xed\xbf\xbf"},
	}},
	{21, []utf8Vector{ // UTF-16 surrogate pairs, encoded as in CESU-8
		{what: "the surrogate pair U+D800 U+DC00", bytes: "\xed\xa0\x80\xed\xb0\x80"},
	}},
	{22, []utf8Vector{ // noncharacters are valid UTF-8
		{what: "U+FFFE, a noncharacter", bytes: "\xef\xbf\xbe"},
		{what: "U+FDD0, a noncharacter", bytes: "\xef\xb7\x90"},
	}},
}
