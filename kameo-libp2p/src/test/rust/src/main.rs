//! A rust-libp2p peer for the kameo-libp2p interop tests, driven as a subprocess by JSON lines.
//!
//! ```text
//! rust-peer [--seed <64 hex>] [--dht <kad protocol id>]
//! ```
//!
//! It listens on /ip4/127.0.0.1/tcp/0 with TCP + Noise + Yamux, identify, ping and an
//! /echo/1.0.0 handler (a raw stream through libp2p-stream) and, with --dht, rust-libp2p's kad in
//! server mode speaking the given protocol id (for example /ipfs/kad/1.0.0), with its listen
//! address added as an external address. It prints one line
//!
//! ```text
//! {"peerId":"…","addrs":["…/p2p/…"],"agentVersion":"…","protocols":["…"],"kadProtocol":"…"}
//! ```
//!
//! then reads one JSON command per line on stdin and prints one JSON answer line per command, in
//! order, each with the command's "cmd" and "id"; a failed command answers {"error":"…"}. Every
//! command runs under a timeout ("timeoutMs", default 20000). The commands are listed in
//! commands.rs. It exits 0 when stdin closes or after {"cmd":"stop"}.

mod commands;
mod node;

use std::time::Duration;

use libp2p::identity::Keypair;
use libp2p::StreamProtocol;
use serde_json::{json, Map, Value};
use tokio::io::AsyncBufReadExt;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// The libp2p version this program is built with, read from the committed Cargo.lock.
fn libp2p_version() -> &'static str {
    let lock = include_str!("../Cargo.lock");
    lock.split("[[package]]")
        .find(|p| p.contains("\nname = \"libp2p\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"'))
        .unwrap_or("unknown")
}

fn print(value: &Value) {
    println!("{value}");
}

fn fail(message: String) -> ! {
    print(&json!({ "error": message }));
    std::process::exit(1);
}

/// Returns the Ed25519 key derived from 64 hex digits, or a random one.
fn keypair(seed: Option<&str>) -> Result<Keypair, String> {
    match seed {
        None => Ok(Keypair::generate_ed25519()),
        Some(text) => {
            let bytes = hex::decode(text)
                .ok()
                .filter(|b| b.len() == 32)
                .ok_or_else(|| format!("--seed must be 64 hex digits (32 bytes), got {text:?}"))?;
            Keypair::ed25519_from_bytes(bytes).map_err(|e| e.to_string())
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter().position(|a| a == name).map(|i| {
            args.get(i + 1)
                .cloned()
                .unwrap_or_else(|| fail(format!("{name} needs a value")))
        })
    };
    let key = keypair(flag("--seed").as_deref()).unwrap_or_else(|e| fail(e));
    let kad_protocol = flag("--dht").map(|p| {
        StreamProtocol::try_from_owned(p.clone())
            .unwrap_or_else(|e| fail(format!("--dht {p:?} is not a protocol id: {e}")))
    });
    let agent = format!("kameo-interop-rust/0.1.0 rust-libp2p/{}", libp2p_version());
    let peer = key.public().to_peer_id();
    let (swarm, addr) = node::start(key, agent.clone(), kad_protocol.clone())
        .await
        .unwrap_or_else(|e| fail(format!("starting the swarm failed: {e}")));
    let ctl = node::spawn(swarm, kad_protocol.clone());
    let echoes = commands::serve_echo(&ctl).await.unwrap_or_else(|e| fail(e));
    let mut protocols = vec![
        "/echo/1.0.0",
        "/ipfs/id/1.0.0",
        "/ipfs/id/push/1.0.0",
        "/ipfs/ping/1.0.0",
    ];
    if let Some(p) = &kad_protocol {
        protocols.push(p.as_ref());
    }
    print(&json!({
        "peerId": peer.to_string(),
        "addrs": [format!("{addr}/p2p/{peer}")],
        "agentVersion": agent,
        "protocols": protocols,
        "kadProtocol": kad_protocol.as_ref().map(|p| p.to_string()).unwrap_or_default(),
    }));

    let peer = commands::Peer { ctl, echoes };
    let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        if line.trim().is_empty() {
            continue;
        }
        let (answer, stop) = answer(&peer, &line).await;
        print(&Value::Object(answer));
        if stop {
            break;
        }
    }
}

/// Runs one command line and returns its answer, and whether the peer should stop.
async fn answer(peer: &commands::Peer, line: &str) -> (Map<String, Value>, bool) {
    let mut base = Map::new();
    let command: Map<String, Value> = match serde_json::from_str(line) {
        Ok(Value::Object(command)) => command,
        _ => {
            base.insert(
                "error".into(),
                json!(format!("invalid JSON command: {line}")),
            );
            return (base, false);
        }
    };
    base.insert(
        "cmd".into(),
        command.get("cmd").cloned().unwrap_or(Value::Null),
    );
    if let Some(id) = command.get("id") {
        base.insert("id".into(), id.clone());
    }
    let name = command
        .get("cmd")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if name == "stop" {
        base.insert("stopped".into(), json!(true));
        return (base, true);
    }
    let timeout = command
        .get("timeoutMs")
        .and_then(Value::as_u64)
        .filter(|ms| *ms > 0)
        .map(Duration::from_millis)
        .unwrap_or(DEFAULT_TIMEOUT);
    let args = commands::Args(command);
    match tokio::time::timeout(timeout, peer.run(&name, &args)).await {
        Ok(Ok(result)) => base.extend(result),
        Ok(Err(e)) => {
            base.insert("error".into(), json!(e));
        }
        Err(_) => {
            base.insert(
                "error".into(),
                json!(format!("{name} timed out after {timeout:?}")),
            );
        }
    }
    (base, false)
}
