//! A tiny HTTP/1.1 server on 127.0.0.1 that replays recorded responses, for the tests of
//! `berattelse hamta kolada`: no test touches the internet. Each path (with its query) has a
//! queue of replies, served in order; the last one repeats. Unknown paths get a 404.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum Reply {
    /// 200 with a JSON body.
    Json(String),
    /// Another status with a short body.
    Status(u16, &'static str),
    /// A 200 whose body stops after `n` of its bytes (Content-Length promises all of them).
    Truncated(String, usize),
    /// Wait this long before answering (longer than the client's timeout).
    Stall(Duration),
}

pub struct Replay {
    pub base: String,
    routes: Arc<Mutex<BTreeMap<String, Vec<Reply>>>>,
    pub requests: Arc<Mutex<Vec<String>>>,
}

impl Replay {
    /// Start a server; `prefix` is the API's path (`/v2` or `/v3`).
    pub fn start(prefix: &str) -> Replay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}{prefix}", listener.local_addr().unwrap());
        let routes: Arc<Mutex<BTreeMap<String, Vec<Reply>>>> = Arc::default();
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let (r, q) = (routes.clone(), requests.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (r, q) = (r.clone(), q.clone());
                std::thread::spawn(move || serve(stream, &r, &q));
            }
        });
        Replay {
            base,
            routes,
            requests,
        }
    }

    /// Replies for a path and query under the base, e.g. `/data/kpi/U21468/...`.
    pub fn route(&self, path: &str, replies: Vec<Reply>) {
        let full = format!("{}{path}", self.prefix());
        self.routes.lock().unwrap().insert(full, replies);
    }

    fn prefix(&self) -> String {
        let after_host = self.base.splitn(4, '/').nth(3).unwrap_or("");
        format!("/{after_host}")
    }

    /// The absolute URL of a path under the base (for `next_page`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

fn serve(mut stream: TcpStream, routes: &Mutex<BTreeMap<String, Vec<Reply>>>, log: &Mutex<Vec<String>>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let target = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    log.lock().unwrap().push(target.clone());
    let reply = {
        let mut routes = routes.lock().unwrap();
        match routes.get_mut(&target) {
            Some(q) if q.len() > 1 => Some(q.remove(0)),
            Some(q) => q.first().cloned(),
            None => None,
        }
    };
    let respond = |stream: &mut TcpStream, status: u16, body: &[u8], length: usize| {
        let head = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
        let _ = stream.flush();
    };
    match reply {
        None => respond(&mut stream, 404, b"{}", 2),
        Some(Reply::Json(body)) => respond(&mut stream, 200, body.as_bytes(), body.len()),
        Some(Reply::Status(code, body)) => respond(&mut stream, code, body.as_bytes(), body.len()),
        Some(Reply::Truncated(body, n)) => respond(&mut stream, 200, &body.as_bytes()[..n], body.len()),
        Some(Reply::Stall(d)) => {
            std::thread::sleep(d);
            respond(&mut stream, 200, b"{\"values\": []}", 14);
        }
    }
}
