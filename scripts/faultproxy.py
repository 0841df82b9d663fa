#!/usr/bin/env python3
"""A fault-injecting HTTP/1.1 proxy for the sync integration tests.

The proxy sits between ``huibao`` (libcurl) and ``huibao-server`` and, for each HTTP request
that passes through it, either forwards the exchange unchanged or injects one fault. It uses
the Python 3.11 standard library only.

Usage::

    python3 scripts/faultproxy.py --listen 127.0.0.1:0 --upstream 127.0.0.1:8080 --seed 7 \\
        [--faults delay,drop-request,drop-response,truncate,reset,duplicate] [--rate 0.3] \\
        [--control FILE] [--log FILE] [--timeout 60] [--verbose]

Once the listening socket is bound (port 0 picks a free port) the proxy prints exactly one
line to stdout, ``listening 127.0.0.1:PORT``, and flushes it; a test reads that line to learn
the port. Only loopback addresses (127.0.0.0/8, ::1, or the name ``localhost``, taken as
127.0.0.1) are accepted for ``--listen`` and ``--upstream``; anything else is refused with an
error message and exit status 2, like every other usage error.

Each request is read whole (the head up to the empty line, then the body by Content-Length or
chunked transfer coding, at most 512 MiB) before anything is decided. Then one decision is
drawn from ``random.Random(seed)``: with probability ``--rate`` a fault chosen uniformly from
``--faults``, otherwise ``pass``. Every request draws the same three numbers from the
generator, whatever the outcome (also while faults are off), so the i-th request that reaches
the proxy always meets the i-th decision of the seed. With a client that sends its requests
one after another (as ``huibao sync`` does) a run is therefore reproducible; with concurrent
clients the decisions are handed out in the order in which their requests finish arriving.

Each request goes to the upstream on a fresh connection, and the upstream's response is read
whole (by Content-Length, chunked transfer coding, or until the upstream closes; interim 1xx
responses are kept in front of it). The client's connection stays open for its next request
(keep-alive) after ``pass``, ``delay`` and ``duplicate`` unless the request or the response
said ``Connection: close``, the request was HTTP/1.0 without keep-alive, or the response was
delimited by closing the connection. The faults:

``pass``
    Forward the request and the response unchanged.
``delay``
    Sleep 50-800 ms (uniformly) after the upstream answered, then forward the response.
``drop-request``
    Send the upstream only the first N bytes of the request, then close both connections:
    the client gets no response at all. N is chosen as described below.
``drop-response``
    Forward the whole request and read the upstream's whole response (so the server has
    processed it), then send the client only the first N bytes of the response and close.
    N is chosen as described below, so the cut may fall inside the head, or N may be 0.
``truncate``
    Like ``drop-response``, but the head always arrives complete and the cut falls inside the
    body: head length <= N < response length. A response with an empty body cannot be cut
    there; it is sent complete and the connection is closed.
``reset``
    Forward the request and read the upstream's whole response (so the server has processed
    it), then close the client's socket with SO_LINGER 0, which sends a TCP RST, without
    answering.
``duplicate``
    Send the request to the upstream twice, on two separate connections one after the other,
    each response read whole; the client gets the second response.

The cut of ``drop-request`` and ``drop-response``: with even odds, N is uniform in
[0, head length) (the message breaks off inside its head, or nothing at all is sent) or
uniform in [0, message length) (mostly inside the body, as bodies are usually the larger
part). Either way 0 <= N < message length, so the message is always incomplete. Without the
first half, a cut inside the head of a message with a body of a few kilobytes would be rare.

The control file (``--control FILE``) is read again for every request: while the file exists
and holds ``off`` (surrounding whitespace and case ignored) every request passes; ``on``, any
other content, or no file means faults are on. A test writes ``off`` into it before its final
sync. The decision is still drawn (and counted as ``pass``) while faults are off.

Counters (``--log FILE``): after each decision, before the request is forwarded, the file is
rewritten atomically (written beside it, then renamed) with one JSON object::

    {"requests": 12, "faults": {"pass": 8, "delay": 1, "drop-request": 0,
     "drop-response": 1, "truncate": 1, "reset": 1, "duplicate": 0}}

``requests`` counts the requests that got a decision; ``faults`` has every kind, with the
decisions counted whether or not the fault made a visible difference (a ``truncate`` of an
empty body, say). The file is also written at start (all zeros), so it exists once the
``listening`` line is out. On SIGTERM or SIGINT the proxy writes the file a last time, prints
the same object as one line to stdout, and exits with status 0.

Requests that cannot be read (a malformed head, a bad or too large Content-Length) get a 400
or 413 from the proxy and are not counted; when the upstream cannot be reached or sends
something unreadable the client gets a 502. Every socket has a timeout (``--timeout``,
default 60 s), each client connection is served by its own daemon thread, and ``--verbose``
writes one line per request to stderr (off by default, so that a test that does not read
stderr cannot block the proxy).
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import random
import signal
import socket
import struct
import sys
import threading
import time

KINDS = ("pass", "delay", "drop-request", "drop-response", "truncate", "reset", "duplicate")
DEFAULT_FAULTS = ",".join(KINDS[1:])
MAX_BODY = 512 * 1024 * 1024
MAX_HEAD = 1024 * 1024
MAX_LINE = 64 * 1024
RECV_SIZE = 256 * 1024


class ProtocolError(Exception):
    """A message that is not HTTP/1.x as this proxy understands it."""


class TooLarge(ProtocolError):
    """A head, line or body beyond the proxy's limits."""


class Closed(Exception):
    """The peer closed the connection in the middle of a message."""


class Stream:
    """A socket with a read buffer."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buf = bytearray()

    def _fill(self) -> bool:
        data = self.sock.recv(RECV_SIZE)
        if not data:
            return False
        self.buf += data
        return True

    def read_head(self) -> bytes | None:
        """The next head, through its empty line; None if the peer closed before sending a byte."""
        while True:
            # Empty lines before a request line are to be ignored (RFC 9112, section 2.2).
            while self.buf.startswith(b"\r\n"):
                del self.buf[:2]
            end = self.buf.find(b"\r\n\r\n")
            if end >= 0:
                head = bytes(self.buf[: end + 4])
                del self.buf[: end + 4]
                return head
            if len(self.buf) > MAX_HEAD:
                raise TooLarge("head longer than %d bytes" % MAX_HEAD)
            if not self._fill():
                if self.buf:
                    raise Closed("connection closed inside a head")
                return None

    def read_exact(self, count: int) -> bytes:
        while len(self.buf) < count:
            if not self._fill():
                raise Closed("connection closed %d bytes before the end of a body" % (count - len(self.buf)))
        data = bytes(self.buf[:count])
        del self.buf[:count]
        return data

    def read_line(self) -> bytes:
        while True:
            end = self.buf.find(b"\r\n")
            if end >= 0:
                line = bytes(self.buf[: end + 2])
                del self.buf[: end + 2]
                return line
            if len(self.buf) > MAX_LINE:
                raise TooLarge("line longer than %d bytes" % MAX_LINE)
            if not self._fill():
                raise Closed("connection closed inside a line")

    def read_to_eof(self) -> bytes:
        while self._fill():
            if len(self.buf) > MAX_BODY:
                raise TooLarge("body longer than %d bytes" % MAX_BODY)
        data = bytes(self.buf)
        self.buf.clear()
        return data

    def read_chunked(self) -> bytes:
        """A chunked body as it was sent: chunks, last chunk, trailers and the final empty line."""
        out = bytearray()
        while True:
            line = self.read_line()
            out += line
            size_text = line[:-2].split(b";", 1)[0].strip()
            if not size_text or any(c not in b"0123456789abcdefABCDEF" for c in size_text):
                raise ProtocolError("bad chunk size line %r" % line[:80])
            size = int(size_text, 16)
            if size == 0:
                break
            if len(out) + size > MAX_BODY:
                raise TooLarge("body longer than %d bytes" % MAX_BODY)
            chunk = self.read_exact(size + 2)
            if not chunk.endswith(b"\r\n"):
                raise ProtocolError("chunk not followed by CRLF")
            out += chunk
        while True:
            line = self.read_line()
            out += line
            if line == b"\r\n":
                return bytes(out)
            if len(out) > MAX_BODY:
                raise TooLarge("trailers too long")


class Head:
    """A parsed message head: the start line and the header fields (names in lower case)."""

    def __init__(self, raw: bytes):
        lines = raw.decode("latin-1")[:-4].split("\r\n")
        self.start = lines[0]
        self.fields: list[tuple[str, str]] = []
        for line in lines[1:]:
            if line[:1] in (" ", "\t"):
                raise ProtocolError("obsolete line folding")
            name, colon, value = line.partition(":")
            if not colon or not name or name != name.strip():
                raise ProtocolError("bad header line %r" % line[:80])
            self.fields.append((name.lower(), value.strip()))

    def values(self, name: str) -> list[str]:
        return [value for field, value in self.fields if field == name]

    def tokens(self, name: str) -> list[str]:
        """The comma-separated tokens of all fields called `name`, in lower case."""
        return [t.strip().lower() for value in self.values(name) for t in value.split(",") if t.strip()]

    def content_length(self) -> int | None:
        values = {v.strip() for value in self.values("content-length") for v in value.split(",")}
        if not values:
            return None
        if len(values) != 1:
            raise ProtocolError("conflicting Content-Length values")
        text = values.pop()
        if not text.isdigit() or not text.isascii():
            raise ProtocolError("bad Content-Length %r" % text[:40])
        length = int(text)
        if length > MAX_BODY:
            raise TooLarge("Content-Length %d beyond the limit of %d bytes" % (length, MAX_BODY))
        return length


def without_field(raw: bytes, name: str) -> bytes:
    """`raw` (a head) without the header fields called `name`."""
    lines = raw[:-4].split(b"\r\n")
    prefix = name.lower().encode("latin-1") + b":"
    kept = [lines[0]] + [line for line in lines[1:] if not line.lower().startswith(prefix)]
    return b"\r\n".join(kept) + b"\r\n\r\n"


class Response:
    """An upstream's response, whole: `data` holds any 1xx responses, the head and the body."""

    def __init__(self, data: bytes, head_length: int, status: int, close: bool):
        self.data = data
        self.head_length = head_length
        self.status = status
        self.close = close


def read_response(stream: Stream, method: str) -> Response:
    data = bytearray()
    while True:
        raw = stream.read_head()
        if raw is None:
            raise Closed("upstream closed the connection without a response")
        head = Head(raw)
        parts = head.start.split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not (parts[1].isdigit() and len(parts[1]) == 3):
            raise ProtocolError("bad status line %r" % head.start[:80])
        status = int(parts[1])
        data += raw
        if 100 <= status < 200 and status != 101:
            continue
        break
    head_length = len(data)
    connection = head.tokens("connection")
    close = "close" in connection or (parts[0] == "HTTP/1.0" and "keep-alive" not in connection)
    transfer = head.tokens("transfer-encoding")
    if method == "HEAD" or status in (204, 304) or status < 200:
        close = close or status == 101
    elif transfer:
        if transfer[-1] == "chunked":
            data += stream.read_chunked()
        else:
            data += stream.read_to_eof()
            close = True
    else:
        length = head.content_length()
        if length is None:
            data += stream.read_to_eof()
            close = True
        else:
            data += stream.read_exact(length)
    return Response(bytes(data), head_length, status, close)


def cut(size: float, head_length: int, total: int) -> int:
    """The number of bytes of a message to send, from a uniform `size` in [0, 1): see the module docstring."""
    if size < 0.5:
        return min(int(size * 2 * head_length), total - 1)
    return min(int((size - 0.5) * 2 * total), total - 1)


def error_response(status: int, reason: str, text: str) -> bytes:
    body = ("faultproxy: %s\n" % text).encode("utf-8", "replace")
    head = "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
    return (head % (status, reason, len(body))).encode("latin-1") + body


class Proxy:
    def __init__(self, upstream, seed: int, faults: list[str], rate: float, control, log, timeout: float, verbose):
        self.upstream = upstream
        self.faults = faults
        self.rate = rate
        self.control = control
        self.log = log
        self.timeout = timeout
        self.verbose = verbose
        self.rng = random.Random(seed)
        self.lock = threading.RLock()
        self.requests = 0
        self.counts = {kind: 0 for kind in KINDS}
        self.log_warned = False

    # Counters

    def stats(self) -> dict:
        with self.lock:
            return {"requests": self.requests, "faults": dict(self.counts)}

    def write_log(self) -> None:
        if not self.log:
            return
        with self.lock:
            text = json.dumps(self.stats()) + "\n"
            temporary = "%s.tmp%d" % (self.log, os.getpid())
            try:
                with open(temporary, "w", encoding="utf-8") as file:
                    file.write(text)
                os.replace(temporary, self.log)
            except OSError as error:
                if not self.log_warned:
                    self.log_warned = True
                    self.say("cannot write %s: %s" % (self.log, error), always=True)

    def say(self, text: str, always: bool = False) -> None:
        if self.verbose or always:
            try:
                sys.stderr.write("faultproxy: %s\n" % text)
                sys.stderr.flush()
            except (OSError, ValueError):
                pass

    # Decisions

    def faults_enabled(self) -> bool:
        if not self.control:
            return True
        try:
            with open(self.control, "r", encoding="utf-8", errors="replace") as file:
                return file.read(64).strip().lower() != "off"
        except OSError:
            return True

    def decide(self) -> tuple[int, str, float]:
        """The number of the request, its fault, and a uniform number in [0, 1) for the fault's size."""
        enabled = self.faults_enabled()
        with self.lock:
            number = self.requests
            self.requests += 1
            roll = self.rng.random()
            pick = self.rng.random()
            size = self.rng.random()
            kind = "pass"
            if enabled and self.faults and roll < self.rate:
                kind = self.faults[min(int(pick * len(self.faults)), len(self.faults) - 1)]
            self.counts[kind] += 1
            self.write_log()
        return number, kind, size

    # Connections

    def connect_upstream(self) -> socket.socket:
        return socket.create_connection(self.upstream, timeout=self.timeout)

    def exchange(self, request: bytes, method: str) -> Response:
        with self.connect_upstream() as upstream:
            upstream.sendall(request)
            return read_response(Stream(upstream), method)

    def handle(self, client: socket.socket) -> None:
        client.settimeout(self.timeout)
        stream = Stream(client)
        state = {"reset": False}
        try:
            while self.serve_one(client, stream, state):
                pass
        except (OSError, Closed, ProtocolError) as error:
            self.say("client connection: %s: %s" % (type(error).__name__, error))
        finally:
            if not state["reset"]:
                try:
                    client.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
            client.close()

    def serve_one(self, client: socket.socket, stream: Stream, state: dict) -> bool:
        """Serves one request; True if the client connection stays open for another."""
        try:
            raw = stream.read_head()
        except TooLarge as error:
            client.sendall(error_response(431, "Request Header Fields Too Large", str(error)))
            return False
        if raw is None:
            return False
        try:
            head = Head(raw)
            parts = head.start.split(" ")
            if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
                raise ProtocolError("bad request line %r" % head.start[:80])
            method, target, version = parts
            transfer = head.tokens("transfer-encoding")
            if transfer and transfer[-1] != "chunked":
                raise ProtocolError("request with Transfer-Encoding %s" % ",".join(transfer))
            length = None if transfer else (head.content_length() or 0)
        except TooLarge as error:
            client.sendall(error_response(413, "Content Too Large", str(error)))
            return False
        except ProtocolError as error:
            client.sendall(error_response(400, "Bad Request", str(error)))
            return False
        if "100-continue" in head.tokens("expect"):
            # Answer the expectation here, so that the upstream's answer to it cannot interleave.
            raw = without_field(raw, "expect")
            if version == "HTTP/1.1":
                client.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        try:
            body = stream.read_chunked() if length is None else stream.read_exact(length)
        except TooLarge as error:
            client.sendall(error_response(413, "Content Too Large", str(error)))
            return False
        request = raw + body
        connection = head.tokens("connection")
        keep_alive = "close" not in connection and (version != "HTTP/1.0" or "keep-alive" in connection)

        number, kind, size = self.decide()
        what = "#%d %s %s (%d bytes): %s" % (number, method, target[:100], len(request), kind)

        if kind == "drop-request":
            count = cut(size, len(raw), len(request))
            try:
                with self.connect_upstream() as upstream:
                    if count:
                        upstream.sendall(request[:count])
            except OSError as error:
                self.say("%s: upstream: %s" % (what, error))
            self.say("%s, sent %d of them" % (what, count))
            return False

        try:
            response = self.exchange(request, method)
            if kind == "duplicate":
                response = self.exchange(request, method)
        except (OSError, Closed, ProtocolError) as error:
            self.say("%s: upstream: %s: %s" % (what, type(error).__name__, error))
            client.sendall(error_response(502, "Bad Gateway", "upstream: %s" % error))
            return False
        total = len(response.data)
        what += ", status %d, %d response bytes" % (response.status, total)

        if kind == "reset":
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            state["reset"] = True
            client.close()
            self.say(what + ", reset")
            return False
        if kind in ("drop-response", "truncate"):
            if kind == "drop-response":
                count = cut(size, response.head_length, total)
            else:
                count = response.head_length + int(size * (total - response.head_length))
            client.sendall(response.data[:count])
            self.say("%s, sent %d of them" % (what, count))
            return False
        if kind == "delay":
            pause = 0.05 + size * 0.75
            self.say("%s, %d ms" % (what, pause * 1000))
            time.sleep(pause)
        else:
            self.say(what)
        client.sendall(response.data)
        return keep_alive and not response.close


def parse_address(parser: argparse.ArgumentParser, option: str, text: str, allow_zero: bool):
    """(host, port, family) for a loopback `host:port`; exits with status 2 otherwise."""
    host, colon, port_text = text.rpartition(":")
    if not colon or not port_text.isdigit():
        parser.error("%s %r: expected HOST:PORT" % (option, text))
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host.lower() == "localhost":
        host = "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        parser.error("%s %r: the host must be a loopback IP address (127.0.0.1, ::1) or localhost" % (option, text))
    if not address.is_loopback:
        parser.error("%s %r: only loopback addresses are allowed" % (option, text))
    port = int(port_text)
    if port > 65535 or (port == 0 and not allow_zero):
        parser.error("%s %r: bad port" % (option, text))
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    return str(address), port, family


def format_address(host: str, port: int, family) -> str:
    return ("[%s]:%d" if family == socket.AF_INET6 else "%s:%d") % (host, port)


class Stop(Exception):
    """Raised in the main thread by the SIGTERM and SIGINT handler."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="faultproxy.py",
        description="A fault-injecting HTTP/1.1 proxy on loopback for the sync integration tests. "
        "Prints 'listening HOST:PORT' once bound; on SIGTERM/SIGINT writes the counters and exits 0.",
        epilog="Faults: " + ", ".join(KINDS) + ". See the docstring at the top of this file for what each does.",
    )
    parser.add_argument("--listen", required=True, metavar="HOST:PORT", help="loopback address to listen on; port 0 picks a free port")
    parser.add_argument("--upstream", required=True, metavar="HOST:PORT", help="loopback address of the server")
    parser.add_argument("--seed", required=True, type=int, help="seed of the random decisions")
    parser.add_argument(
        "--faults",
        default=DEFAULT_FAULTS,
        metavar="LIST",
        help="comma-separated faults to choose from (default: every fault but pass)",
    )
    parser.add_argument("--rate", type=float, default=0.3, help="probability of a fault per request, 0..1 (default: %(default)s)")
    parser.add_argument("--control", metavar="FILE", help="file holding 'off' (faults off) or 'on'; read for each request")
    parser.add_argument("--log", metavar="FILE", help="JSON counters, rewritten after each decision and at exit")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds of socket inactivity before giving up (default: %(default)s)")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per request on stderr")
    args = parser.parse_args(argv)

    listen_host, listen_port, listen_family = parse_address(parser, "--listen", args.listen, allow_zero=True)
    up_host, up_port, _ = parse_address(parser, "--upstream", args.upstream, allow_zero=False)
    faults: list[str] = []
    for name in (part.strip() for part in args.faults.split(",")):
        if name not in KINDS:
            parser.error("--faults: unknown fault %r (known: %s)" % (name, ", ".join(KINDS)))
        if name not in faults:
            faults.append(name)
    if not 0.0 <= args.rate <= 1.0:
        parser.error("--rate %r: must be between 0 and 1" % args.rate)
    if not args.timeout > 0:
        parser.error("--timeout must be positive")

    listener = socket.socket(listen_family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((listen_host, listen_port))
        listener.listen(128)
    except OSError as error:
        print("faultproxy: cannot listen on %s: %s" % (args.listen, error), file=sys.stderr)
        return 1
    bound_port = listener.getsockname()[1]

    proxy = Proxy((up_host, up_port), args.seed, faults, args.rate, args.control, args.log, args.timeout, args.verbose)
    proxy.write_log()

    def stop(signum, frame):
        raise Stop()

    try:
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        print("listening " + format_address(listen_host, bound_port, listen_family), flush=True)
        while True:
            try:
                client, _ = listener.accept()
            except OSError as error:
                # Out of file descriptors and the like: wait a little instead of spinning.
                proxy.say("accept: %s" % error, always=True)
                time.sleep(0.1)
                continue
            threading.Thread(target=proxy.handle, args=(client,), daemon=True).start()
    except Stop:
        pass
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    listener.close()
    proxy.write_log()
    try:
        print(json.dumps(proxy.stats()), flush=True)
    except (OSError, ValueError):
        pass
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    # Daemon threads may be blocked in recv or sleeping; leave without waiting for them.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
