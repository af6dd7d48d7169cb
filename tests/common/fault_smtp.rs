//! A scripted SMTP server on loopback for fault trials: it speaks real SMTP over TCP, and its
//! script says how it misbehaves (421 at greeting, 4xx/5xx at RCPT or after the final ".", a
//! dropped connection, STARTTLS advertised then refused, a slow reply, a QUIT never answered,
//! or a 250 held back until the test releases it). It keeps every message that arrived and
//! whether it was accepted, and notices two copies of one Message-ID in flight at once.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// What the server does after the final "." of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnData {
    Accept,
    /// Replies with this line instead (a 4xx or 5xx).
    Reply(&'static str),
    /// Closes the connection without a reply: the client cannot know whether it arrived.
    Drop,
    /// Waits for `release()`, then accepts.
    Hold,
    /// Waits this long, then accepts.
    Delay(Duration),
}

type DataScript = dyn Fn(usize) -> OnData + Send + Sync;
type RcptScript = dyn Fn(usize, &str) -> Option<&'static str> + Send + Sync;

/// How the server behaves; `Script::default()` is a well-behaved server.
pub struct Script {
    /// Replaces the "220" greeting (and then closes): e.g. "421 4.3.2 busy".
    pub greeting: Option<&'static str>,
    /// Advertise STARTTLS, then refuse it with 454.
    pub refuse_starttls: bool,
    /// The reply to the n-th RCPT (from 0) to an address; `None` accepts it.
    pub rcpt: Box<RcptScript>,
    /// What to do after the n-th message's final "." (from 0).
    pub data: Box<DataScript>,
    /// Answer QUIT with 221; when false, QUIT gets no answer and the connection stays open.
    pub answer_quit: bool,
    /// Offer SMTPUTF8 (non-ASCII addresses).
    pub smtputf8: bool,
}

impl Default for Script {
    fn default() -> Script {
        Script {
            greeting: None,
            refuse_starttls: false,
            rcpt: Box::new(|_, _| None),
            data: Box::new(|_| OnData::Accept),
            answer_quit: true,
            smtputf8: true,
        }
    }
}

/// One message that arrived.
#[derive(Debug, Clone)]
pub struct Arrived {
    pub to: Vec<String>,
    pub message_id: String,
    pub body: String,
    /// Whether the server answered 250 to it.
    pub accepted: bool,
}

impl Arrived {
    /// The password of the test templates' "Password: …" line.
    pub fn password(&self) -> String {
        self.body
            .lines()
            .find_map(|l| l.strip_prefix("Password: "))
            .unwrap_or_else(|| panic!("no Password: line in {}", self.body))
            .trim()
            .to_owned()
    }
}

#[derive(Default)]
struct Shared {
    arrived: Mutex<Vec<Arrived>>,
    data_count: AtomicUsize,
    rcpt_count: AtomicUsize,
    held: Mutex<usize>,
    held_changed: Condvar,
    released: Mutex<bool>,
    release: Condvar,
    in_flight: Mutex<HashSet<String>>,
    overlaps: AtomicUsize,
    stop: AtomicBool,
}

pub struct FaultServer {
    pub port: u16,
    shared: Arc<Shared>,
}

impl FaultServer {
    pub fn start(script: Script) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared::default());
        let script = Arc::new(script);
        let accepting = shared.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if accepting.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (shared, script) = (accepting.clone(), script.clone());
                std::thread::spawn(move || {
                    let _ = session(stream, &shared, &script);
                });
            }
        });
        FaultServer { port, shared }
    }

    /// Every message that arrived, in order.
    pub fn arrived(&self) -> Vec<Arrived> {
        self.shared.arrived.lock().unwrap().clone()
    }

    /// The messages the server accepted.
    pub fn accepted(&self) -> Vec<Arrived> {
        self.arrived().into_iter().filter(|m| m.accepted).collect()
    }

    /// Waits until `n` messages are held back (panics after 30 s).
    pub fn wait_held(&self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut held = self.shared.held.lock().unwrap();
        while *held < n {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "no message reached the server in 30 s");
            held = self.shared.held_changed.wait_timeout(held, left).unwrap().0;
        }
    }

    /// Lets every held message (and any later one) be accepted.
    pub fn release(&self) {
        *self.shared.released.lock().unwrap() = true;
        self.shared.release.notify_all();
    }

    /// How often two copies of one Message-ID were in flight at once.
    pub fn overlaps(&self) -> usize {
        self.shared.overlaps.load(Ordering::SeqCst)
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.release();
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn session(stream: TcpStream, shared: &Shared, script: &Script) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut out = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut say = |line: &str| out.write_all(format!("{line}\r\n").as_bytes());
    if let Some(greeting) = script.greeting {
        say(greeting)?;
        return Ok(());
    }
    say("220 faults.test ESMTP")?;
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        let verb = command.split([' ', ':']).next().unwrap_or("");
        match verb {
            "EHLO" => {
                if script.refuse_starttls {
                    say("250-faults.test")?;
                    say("250-STARTTLS")?;
                }
                say("250-faults.test")?;
                say("250-8BITMIME")?;
                if script.smtputf8 {
                    say("250-SMTPUTF8")?;
                }
                say("250 ENHANCEDSTATUSCODES")?;
            }
            "HELO" | "NOOP" => say("250 2.0.0 OK")?,
            "RSET" => {
                to.clear();
                say("250 2.0.0 OK")?;
            }
            "STARTTLS" => say("454 4.7.0 TLS not available")?,
            "MAIL" => {
                to.clear();
                say("250 2.1.0 OK")?;
            }
            "RCPT" => {
                let address = line
                    .split_once('<')
                    .and_then(|(_, rest)| rest.split_once('>'))
                    .map(|(a, _)| a.to_owned())
                    .unwrap_or_default();
                let n = shared.rcpt_count.fetch_add(1, Ordering::SeqCst);
                match (script.rcpt)(n, &address) {
                    Some(reply) => say(reply)?,
                    None => {
                        to.push(address);
                        say("250 2.1.5 OK")?;
                    }
                }
            }
            "DATA" => {
                say("354 end with .")?;
                let mut body = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line)? == 0 {
                        return Ok(());
                    }
                    let text = line.trim_end_matches(['\r', '\n']);
                    if text == "." {
                        break;
                    }
                    body.push_str(text.strip_prefix('.').unwrap_or(text));
                    body.push('\n');
                }
                let message_id = body
                    .lines()
                    .find_map(|l| {
                        l.strip_prefix("Message-ID: ")
                            .or_else(|| l.strip_prefix("Message-Id: "))
                    })
                    .unwrap_or("")
                    .trim()
                    .to_owned();
                let n = shared.data_count.fetch_add(1, Ordering::SeqCst);
                if !shared.in_flight.lock().unwrap().insert(message_id.clone()) {
                    shared.overlaps.fetch_add(1, Ordering::SeqCst);
                }
                let action = (script.data)(n);
                let reply = match action {
                    OnData::Accept => None,
                    OnData::Reply(reply) => Some(reply),
                    OnData::Drop => {
                        record(shared, &to, &message_id, body, false);
                        return Ok(());
                    }
                    OnData::Hold => {
                        *shared.held.lock().unwrap() += 1;
                        shared.held_changed.notify_all();
                        let mut released = shared.released.lock().unwrap();
                        while !*released {
                            released = shared.release.wait(released).unwrap();
                        }
                        None
                    }
                    OnData::Delay(pause) => {
                        std::thread::sleep(pause);
                        None
                    }
                };
                record(shared, &to, &message_id, body, reply.is_none());
                match reply {
                    Some(reply) => say(reply)?,
                    None => say(&format!("250 2.0.0 OK queued as {n}"))?,
                }
            }
            "QUIT" => {
                if script.answer_quit {
                    say("221 2.0.0 bye")?;
                    return Ok(());
                }
                // Never answers; waits for the client to give up.
                let mut rest = Vec::new();
                let _ = std::io::Read::read_to_end(&mut reader, &mut rest);
                return Ok(());
            }
            _ => say("500 5.5.2 unknown command")?,
        }
    }
}

fn record(shared: &Shared, to: &[String], message_id: &str, body: String, accepted: bool) {
    shared.in_flight.lock().unwrap().remove(message_id);
    shared.arrived.lock().unwrap().push(Arrived {
        to: to.to_vec(),
        message_id: message_id.to_owned(),
        body,
        accepted,
    });
}
