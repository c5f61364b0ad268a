package websocket

import (
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"io"
	"slices"
	"strconv"
	"sync"
)

// How permessage-deflate carries a message (RFC 7692 §7.2): the sender
// compresses its payload with DEFLATE (RFC 1951), ends it with a sync
// flush, whose empty stored block always ends in 0x00 0x00 0xff 0xff,
// and takes those 4 bytes off (§7.2.1): the frame's length already says
// where the message ends. The receiver puts them back and inflates
// (§7.2.2). The first frame of a compressed message has RSV1 set, and
// no other frame does (§6).

// syncTail is what a sync flush ends with, and what §7.2.1 takes off.
var syncTail = []byte{0x00, 0x00, 0xff, 0xff}

// inflateTail is what the inflater reads after a compressed message:
// syncTail, which §7.2.2 appends, then an empty final block (BFINAL=1),
// so that a message whose DEFLATE data ends where a block ends reads to
// io.EOF, and one whose data stops inside a block does not.
var inflateTail = []byte{0x00, 0x00, 0xff, 0xff, 0x01, 0x00, 0x00, 0xff, 0xff}

// maxWindow is DEFLATE's largest window, 32 KiB (RFC 1951 §2): the most
// a server's message can refer back to, with context takeover.
const maxWindow = 32 << 10

// deflateLevel is the compressor's level. Only flate.BestSpeed resets in
// constant time: a compressor at any other level clears 640 KiB of hash
// tables on Reset, which a compressor borrowed for every message pays
// each time.
const deflateLevel = flate.BestSpeed

// The compressors and decompressors that messages borrow. A
// *flate.Writer is 1.2 MB whatever its level, and a flate reader 40
// KiB: a connection holds one only while it needs one.
var (
	flateWriters sync.Pool // *flate.Writer at deflateLevel
	flateReaders sync.Pool // io.ReadCloser from flate.NewReader
)

// deflater compresses the messages we send, once permessage-deflate is
// agreed. The holder of the write side's messageMu owns it.
type deflater struct {
	takeover  bool          // context takeover: fw, and its window, live as long as the connection (§7.1.1.2)
	threshold int           // messages shorter than this go out uncompressed
	fw        *flate.Writer // while a message is compressed; for good with takeover
	out       []byte        // where fw writes: the compressed part so far
}

// wants says whether a message whose first part is n bytes long goes
// out compressed: never, on a connection that did not agree to it.
func (d *deflater) wants(n int) bool { return d != nil && n >= d.threshold }

// Write is where the compressor's output goes.
func (d *deflater) Write(p []byte) (int, error) {
	d.out = append(d.out, p...)
	return len(p), nil
}

// begin makes sure a compressor is at hand for a message.
func (d *deflater) begin() {
	if d.fw != nil {
		return
	}
	if fw, ok := flateWriters.Get().(*flate.Writer); ok {
		fw.Reset(d)
		d.fw = fw
		return
	}
	d.fw, _ = flate.NewWriter(d, deflateLevel) // the level is valid: no error
}

// deflate appends to dst p compressed, as the next part of a message:
// flushed, so that the peer can inflate all of it at once, and without
// the 4 bytes that end the flush (§7.2.1). The caller puts those back in
// front of the next part, if any: only the last part of a message loses
// them.
func (d *deflater) deflate(dst, p []byte) []byte {
	d.out = dst
	d.fw.Write(p) // d.Write never fails, and neither does fw then
	d.fw.Flush()
	out := d.out
	d.out = nil
	if !bytes.HasSuffix(out[len(dst):], syncTail) {
		panic("websocket: a DEFLATE sync flush that does not end in 00 00 ff ff")
	}
	return out[:len(out)-len(syncTail)]
}

// end ends a message. Without context takeover the compressor goes back
// to the pool, let go of this connection (§7.1.1.2: the next message
// starts afresh).
func (d *deflater) end() {
	if d.takeover || d.fw == nil {
		return
	}
	d.fw.Reset(io.Discard)
	flateWriters.Put(d.fw)
	d.fw = nil
}

// forget is for a message that did not go out whole: with context
// takeover, the compressor remembers bytes the server never inflated,
// and a later message must not refer to them. Starting afresh is always
// allowed.
func (d *deflater) forget() {
	if d.fw != nil {
		d.fw.Reset(d)
	}
	d.end()
}

// sendCompressed sends data as one compressed frame, its first and last.
// Without context takeover a message that compression does not shrink
// goes out as it is, RSV1 clear (§6.1); with it, the message must go
// compressed, since the compressor's window now holds it.
func (c *Conn) sendCompressed(ctx context.Context, op opcode, data []byte) error {
	d := c.write.deflate
	d.begin()
	buf, class := frameBuffer(min(len(data), maxChunk))
	defer returnFrameBuffer(buf, class)
	compressed := d.deflate((*buf)[:0], data)
	if !d.takeover && len(compressed) >= len(data) {
		d.end()
		return c.sendFrame(ctx, true, op, data)
	}
	err := c.sendHeader(ctx, header{fin: true, rsv1: true, opcode: op}, compressed, data)
	if err != nil {
		d.forget()
	}
	d.end()
	return err
}

// inflater inflates the messages that the server compressed. The holder
// of the read side owns it.
type inflater struct {
	takeover bool          // the server refers back to earlier messages: keep its window (§7.1.1.1)
	fr       io.ReadCloser // borrowed from flateReaders while a compressed message is read
	src      compressedSource
	window   window // with takeover: the last 32 KiB of what the server's messages inflated to
	preview  []byte // the start of the message inflated, for the trace
}

// begin borrows a decompressor for the message that has begun, with the
// server's window as its dictionary when the server uses context
// takeover: its message may refer to the end of the ones before.
func (z *inflater) begin(c *Conn) {
	z.src = compressedSource{c: c}
	var dict []byte
	if z.takeover {
		dict = z.window.contents()
	}
	if fr, ok := flateReaders.Get().(io.ReadCloser); ok {
		fr.(flate.Resetter).Reset(&z.src, dict)
		z.fr = fr
	} else {
		z.fr = flate.NewReaderDict(&z.src, dict)
	}
	z.preview = z.preview[:0]
}

// end gives the decompressor back, let go of this connection.
func (z *inflater) end() {
	z.fr.(flate.Resetter).Reset(noBytes{}, nil)
	flateReaders.Put(z.fr)
	z.fr = nil
	z.src = compressedSource{}
}

// noBytes is an empty source, for decompressors in the pool.
type noBytes struct{}

func (noBytes) Read([]byte) (int, error) { return 0, io.EOF }
func (noBytes) ReadByte() (byte, error)  { return 0, io.EOF }

// readInflated reads the next part of a compressed message into p,
// inflated. The read limit counts what the message inflates to, not its
// size on the wire, so p takes at most one byte more than the limit
// allows: a message that would inflate past it fails with 1009 before
// more of it is inflated.
func (c *Conn) readInflated(ctx context.Context, p []byte) (int, error) {
	r := &c.read
	z := r.inflate
	if z.fr == nil {
		z.begin(c)
	}
	z.src.ctx = ctx // the read's own context bounds its waits for frames
	p = p[:min(int64(len(p)), r.in.room())]
	n, err := z.fr.Read(p)
	if z.takeover {
		z.window.write(p[:n])
	}
	if c.trace != nil && len(z.preview) < previewBytes {
		z.preview = append(z.preview, p[:min(n, previewBytes-len(z.preview))]...)
	}
	if v := r.in.inflated(p[:n]); v != nil {
		return 0, v
	}
	switch {
	case z.src.err != nil: // reading the frames failed: an I/O error, a violation, the server's close
		return n, z.src.err
	case err == io.EOF:
		return n, c.endInflated()
	case err != nil:
		// The frames were fine; their payload is not the DEFLATE data
		// that RSV1 announced (RFC 7692 §7.2.2). That is a fault in the
		// message's data, not in its framing: like invalid UTF-8 in a
		// text message, it is "data within a message that was not
		// consistent with the type of the message", which RFC 6455
		// §7.4.1 gives code 1007. (1002 would say the frames broke the
		// rules, and they did not. Node's ws sends 1007 here too;
		// Python's websockets sends 1002.)
		return n, &violation{code: CloseInvalidPayload, reason: "compressed data that does not inflate: " + inflateError(err)}
	}
	return n, nil
}

// inflateError says what was wrong with DEFLATE data, in few words.
func inflateError(err error) string {
	var corrupt flate.CorruptInputError
	switch {
	case errors.As(err, &corrupt):
		return "corrupt at byte " + strconv.FormatInt(int64(corrupt), 10)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "it stops inside a block"
	}
	return err.Error()
}

// endInflated ends a compressed message once it has inflated whole. A
// server may end its DEFLATE data with a final block (RFC 7692
// §7.2.3.4): whatever follows it in the message is read and dropped.
func (c *Conn) endInflated() error {
	z := c.read.inflate
	if err := z.src.drain(); err != nil {
		return err
	}
	z.end()
	c.trace.inflated(c.read.in.typ, c.read.in.size, c.read.in.wire, z.preview)
	if v := c.read.in.end(); v != nil {
		return v
	}
	return nil
}

// compressedSource is what the decompressor reads: the payload of each
// frame of the message, as it arrives, then inflateTail. It moves on to
// the message's next frame itself, answering the control frames on the
// way, so that a message streams through the decompressor frame by frame.
type compressedSource struct {
	c    *Conn
	ctx  context.Context
	tail int   // how much of inflateTail has been read
	err  error // why reading the frames failed; the decompressor only passes it on
}

// next moves on to the message's next frame once the current one is
// used up. It returns the error that ended the frames, if any.
func (s *compressedSource) next() error {
	in := &s.c.read.in
	for s.err == nil && in.remaining == 0 && !in.fin {
		s.err = s.c.nextDataFrame(s.ctx)
	}
	return s.err
}

func (s *compressedSource) Read(p []byte) (int, error) {
	if err := s.next(); err != nil {
		return 0, err
	}
	in := &s.c.read.in
	if in.remaining == 0 { // the last frame is used up
		n := copy(p, inflateTail[s.tail:])
		if s.tail += n; n == 0 {
			return 0, io.EOF
		}
		return n, nil
	}
	p = p[:min(int64(len(p)), in.remaining)]
	n, err := s.c.read.br.Read(p)
	in.consumed(n)
	if err != nil {
		s.err = readError(unexpected(err))
		return n, s.err
	}
	return n, nil
}

// ReadByte makes compressedSource a flate.Reader, which the decompressor
// reads byte by byte without a bufio.Reader of its own.
func (s *compressedSource) ReadByte() (byte, error) {
	if err := s.next(); err != nil {
		return 0, err
	}
	in := &s.c.read.in
	if in.remaining == 0 {
		if s.tail == len(inflateTail) {
			return 0, io.EOF
		}
		s.tail++
		return inflateTail[s.tail-1], nil
	}
	b, err := s.c.read.br.ReadByte()
	if err != nil {
		s.err = readError(unexpected(err))
		return 0, s.err
	}
	in.consumed(1)
	return b, nil
}

// drain reads what is left of the message's frames, and drops it.
func (s *compressedSource) drain() error {
	var scratch [512]byte
	for {
		if _, err := s.Read(scratch[:]); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// window keeps the last maxWindow bytes written to it: the server's
// sliding window, with context takeover. It is a ring, so that each
// write costs what it writes; contents puts it in order, once a message.
type window struct {
	buf []byte // up to maxWindow bytes; once full, the oldest byte is at pos
	pos int
}

func (w *window) write(p []byte) {
	if len(p) >= maxWindow {
		w.buf = append(w.buf[:0], p[len(p)-maxWindow:]...)
		w.pos = 0
		return
	}
	if w.buf == nil {
		w.buf = make([]byte, 0, maxWindow)
	}
	if room := maxWindow - len(w.buf); room > 0 { // not full yet: the oldest byte is at 0
		n := min(room, len(p))
		w.buf = append(w.buf, p[:n]...)
		p = p[n:]
	}
	for len(p) > 0 {
		n := copy(w.buf[w.pos:], p)
		p = p[n:]
		w.pos = (w.pos + n) % maxWindow
	}
}

// contents is the window, oldest byte first.
func (w *window) contents() []byte {
	if w.pos != 0 { // rotate the ring in place: the oldest byte to 0
		slices.Reverse(w.buf[:w.pos])
		slices.Reverse(w.buf[w.pos:])
		slices.Reverse(w.buf)
		w.pos = 0
	}
	return w.buf
}
