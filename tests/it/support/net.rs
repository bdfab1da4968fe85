//! Loopback ports for the servers the tests start.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// One free TCP port on 127.0.0.1 (released before returning: see [`free_ports`]).
pub fn free_port() -> u16 {
    free_ports(1)[0]
}

/// Reserves `n` distinct free TCP ports on 127.0.0.1.
///
/// The ports are released before returning, so another process could in principle
/// grab one first; callers that bind them check for that.
pub fn free_ports(n: usize) -> Vec<u16> {
    let listeners: Vec<TcpListener> = (0..n)
        .map(|_| {
            TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                .unwrap_or_else(|e| panic!("cannot bind a free port on 127.0.0.1: {e}"))
        })
        .collect();
    listeners
        .iter()
        .map(|l| {
            l.local_addr()
                .unwrap_or_else(|e| panic!("local_addr of a bound listener: {e}"))
                .port()
        })
        .collect()
}

/// Waits (at most 10 s) until something accepts connections on 127.0.0.1:`port`.
pub fn wait_for_port(port: u16) {
    let until = Instant::now() + Duration::from_secs(10);
    while Instant::now() < until {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("nothing listens on 127.0.0.1:{port}");
}
