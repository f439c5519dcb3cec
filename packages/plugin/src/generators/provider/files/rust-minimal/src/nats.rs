//! A tiny NATS client over std::net::TcpStream: the text protocol's CONNECT, SUB, PUB, MSG and
//! PING/PONG, which is all a provider needs to answer the lattice. No TLS and no auth: use the
//! wasmbus-rpc based template for a lattice that requires them.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;

pub struct Message {
    pub sid: u64,
    pub reply: Option<String>,
    pub payload: Vec<u8>,
}

pub struct Nats {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

/// Largest message body accepted (NATS' default max_payload is 1 MiB).
const MAX_PAYLOAD: usize = 64 * 1024 * 1024;

fn bad(text: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, text)
}

impl Nats {
    /// `addr` is `host:port` (HostData.lattice_rpc_url), with or without `nats://`.
    pub fn connect(addr: &str, name: &str) -> io::Result<Nats> {
        let addr = addr.trim_start_matches("nats://");
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        let mut nats = Nats { reader: BufReader::new(stream.try_clone()?), writer: stream };
        let info = nats.line()?;
        if !info.starts_with("INFO ") {
            return Err(bad(format!("expected INFO from the NATS server, got {:?}", info)));
        }
        let name = name.replace('"', "'");
        let connect = format!("CONNECT {{\"verbose\":false,\"pedantic\":false,\"lang\":\"rust-std\",\"version\":\"0.1.0\",\"protocol\":1,\"name\":\"{}\"}}\r\n", name);
        nats.writer.write_all(connect.as_bytes())?;
        Ok(nats)
    }

    fn line(&mut self) -> io::Result<String> {
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the NATS server closed the connection"));
        }
        Ok(line.trim_end().to_string())
    }

    pub fn subscribe(&mut self, subject: &str, sid: u64) -> io::Result<()> {
        self.writer.write_all(format!("SUB {} {}\r\n", subject, sid).as_bytes())
    }

    pub fn publish(&mut self, subject: &str, payload: &[u8]) -> io::Result<()> {
        let mut out = format!("PUB {} {}\r\n", subject, payload.len()).into_bytes();
        out.extend_from_slice(payload);
        out.extend_from_slice(b"\r\n");
        self.writer.write_all(&out)
    }

    /// PING, then wait for the PONG: every earlier SUB and PUB has reached the server.
    pub fn flush(&mut self) -> io::Result<()> {
        self.writer.write_all(b"PING\r\n")?;
        loop {
            let line = self.line()?;
            if line == "PONG" {
                return Ok(());
            }
            if line.starts_with("-ERR") {
                return Err(bad(line));
            }
        }
    }

    /// The next message; answers the server's PINGs on the way.
    pub fn next_message(&mut self) -> io::Result<Message> {
        loop {
            let line = self.line()?;
            if line == "PING" {
                self.writer.write_all(b"PONG\r\n")?;
                continue;
            }
            if line.starts_with("-ERR") {
                return Err(bad(line));
            }
            if !line.starts_with("MSG ") {
                continue; // +OK, PONG, INFO updates
            }
            let parts: Vec<&str> = line.split_whitespace().collect();
            let (_subject, sid, reply, size) = match parts.len() {
                4 => (parts[1], parts[2], None, parts[3]),
                5 => (parts[1], parts[2], Some(parts[3].to_string()), parts[4]),
                _ => return Err(bad(format!("malformed MSG line {:?}", line))),
            };
            let size: usize = size.parse().map_err(|_| bad(format!("malformed MSG size in {:?}", line)))?;
            if size > MAX_PAYLOAD {
                return Err(bad(format!("message of {} bytes exceeds {}", size, MAX_PAYLOAD)));
            }
            let mut payload = vec![0u8; size + 2];
            self.reader.read_exact(&mut payload)?;
            payload.truncate(size);
            return Ok(Message { sid: sid.parse().unwrap_or(0), reply, payload });
        }
    }
}
