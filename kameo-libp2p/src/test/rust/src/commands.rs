//! The commands, one JSON object per line, and their answers (besides "cmd" and "id"):
//!
//! ```text
//! {"cmd":"connect","addr":"<multiaddr with /p2p/>","waitMs":N}
//!   → {"peerId","inRoutingTable"} (waits up to waitMs for the kad routing table)
//! {"cmd":"ping","addr":"…","count":N} → {"peerId","rttMs":[…]}
//! {"cmd":"identify","addr":"…"} → {"peerId","agentVersion","protocolVersion","protocols",
//!   "listenAddrs","observedAddr","publicKeyMatchesPeerId"}
//! {"cmd":"echo","addr":"…","bytes":N} → {"sent","received","sentSha256","receivedSha256","match"}
//! {"cmd":"echoLog"} → {"echoes":[{"peerId","bytes","sha256"}]} (what the echo handler served)
//! {"cmd":"put","key":"/app/x","value":"<hex>"} → {"key"} (kad's put_record, quorum one)
//! {"cmd":"get","key":"…"} → {"found","value"} (kad's get_record: the first record found)
//! {"cmd":"getLocal","key":"…"} → {"found","value","publisher"} (this node's store, no network)
//! {"cmd":"provide","key":"<hex multihash>"} → {"key"} (kad's start_providing)
//! {"cmd":"findProviders","key":"<hex multihash>"} → {"providers":[peer ids]}
//! {"cmd":"localProviders","key":"<hex multihash>"} → {"providers":[{"peerId","addrs"}]}
//!   (the provider records this node stores, with the addresses they came with)
//! {"cmd":"findPeer","peerId":"…"} → {"found","addrs"} (a closest-peers query for the id)
//! {"cmd":"closestPeers","key":"<utf8>"} or {"peerId":"…"} → {"peers":[…]}
//! {"cmd":"routingTable"} → {"size","peers"}
//! ```

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::{AsyncReadExt, AsyncWriteExt, StreamExt};
use libp2p::kad::{
    self, store::RecordStore, GetClosestPeersOk, GetProvidersOk, GetRecordOk, Quorum, Record,
    RecordKey,
};
use libp2p::swarm::dial_opts::DialOpts;
use libp2p::{multiaddr::Protocol, Multiaddr, PeerId, Stream, StreamProtocol};
use rand::RngCore;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::node::{no_dht, Ctl};

pub const ECHO: StreamProtocol = StreamProtocol::new("/echo/1.0.0");

type Answer = Result<Map<String, Value>, String>;

/// The fields of one command, read with messages that name the missing field.
pub struct Args(pub Map<String, Value>);

impl Args {
    fn string(&self, field: &str) -> Result<String, String> {
        self.0
            .get(field)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .ok_or_else(|| {
                format!(
                    "{:?} needs a non-empty string field {field:?}",
                    self.0.get("cmd")
                )
            })
    }

    fn int(&self, field: &str, fallback: u64) -> u64 {
        self.0
            .get(field)
            .and_then(Value::as_u64)
            .unwrap_or(fallback)
    }

    fn hex(&self, field: &str) -> Result<Vec<u8>, String> {
        hex::decode(self.string(field)?).map_err(|e| format!("{field:?} must be hex: {e}"))
    }

    fn peer_id(&self) -> Result<PeerId, String> {
        let text = self.string("peerId")?;
        text.parse()
            .map_err(|e| format!("{text:?} is not a peer id: {e}"))
    }

    /// The "addr" field and the peer id at its end.
    fn addr(&self) -> Result<(Multiaddr, PeerId), String> {
        let text = self.string("addr")?;
        let addr: Multiaddr = text
            .parse()
            .map_err(|e| format!("{text:?} is not a multiaddr: {e}"))?;
        match addr.iter().last() {
            Some(Protocol::P2p(peer)) => Ok((addr, peer)),
            _ => Err(format!("{text:?} does not end in /p2p/<peer id>")),
        }
    }
}

/// The running peer as commands see it.
pub struct Peer {
    pub ctl: Ctl,
    pub echoes: Arc<Mutex<Vec<Value>>>,
}

fn answer(value: Value) -> Answer {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(format!("not an object: {other}")),
    }
}

fn strings<T: ToString>(items: impl IntoIterator<Item = T>) -> Vec<String> {
    items.into_iter().map(|i| i.to_string()).collect()
}

impl Peer {
    pub async fn run(&self, name: &str, a: &Args) -> Answer {
        match name {
            "connect" => self.connect(a).await,
            "ping" => self.ping(a).await,
            "identify" => self.identify(a).await,
            "echo" => self.echo(a).await,
            "echoLog" => answer(json!({ "echoes": self.echoes.lock().unwrap().clone() })),
            "put" => self.put(a).await,
            "get" => self.get(a).await,
            "getLocal" => self.get_local(a).await,
            "provide" => self.provide(a).await,
            "findProviders" => self.find_providers(a).await,
            "localProviders" => self.local_providers(a).await,
            "findPeer" => self.find_peer(a).await,
            "closestPeers" => self.closest_peers(a).await,
            "routingTable" => self.routing_table().await,
            other => Err(format!("unknown command {other:?}")),
        }
    }

    /// Connects to the command's "addr" unless connected already, and returns the peer id.
    async fn dial(&self, a: &Args) -> Result<PeerId, String> {
        let (addr, peer) = a.addr()?;
        let reply = self
            .ctl
            .run(move |swarm, waiters| {
                let (tx, rx) = tokio::sync::oneshot::channel();
                if swarm.is_connected(&peer) {
                    let _ = tx.send(Ok(peer));
                    return Ok(rx);
                }
                let opts = DialOpts::from(addr.clone());
                let id = opts.connection_id();
                swarm
                    .dial(opts)
                    .map_err(|e| format!("dialing {addr} failed: {e}"))?;
                waiters.dials.insert(id, tx);
                Ok::<_, String>(rx)
            })
            .await??;
        reply
            .await
            .map_err(|_| "the dial was dropped".to_string())?
    }

    async fn in_routing_table(&self, peer: PeerId) -> Result<bool, String> {
        self.ctl
            .run(move |swarm, _| {
                let kad = swarm.behaviour_mut().kad.as_mut().ok_or_else(no_dht)?;
                Ok(kad
                    .kbuckets()
                    .any(|b| b.iter().any(|e| *e.node.key.preimage() == peer)))
            })
            .await?
    }

    async fn connect(&self, a: &Args) -> Answer {
        let peer = self.dial(a).await?;
        let mut in_table = false;
        if self.ctl.kad_protocol.is_some() {
            let deadline = Instant::now() + Duration::from_millis(a.int("waitMs", 10_000));
            while !in_table && Instant::now() < deadline {
                in_table = self.in_routing_table(peer).await?;
                if !in_table {
                    // kad's routing-table events go to the swarm task; polling keeps this simple
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
        answer(json!({ "peerId": peer.to_string(), "inRoutingTable": in_table }))
    }

    async fn ping(&self, a: &Args) -> Answer {
        let peer = self.dial(a).await?;
        let count = a.int("count", 3) as usize;
        let rx = self
            .ctl
            .run(move |_, waiters| {
                let (tx, rx) = tokio::sync::oneshot::channel();
                waiters.pings.push((peer, count, Vec::new(), tx));
                rx
            })
            .await?;
        let rtts = rx.await.map_err(|_| "the ping was dropped".to_string())?;
        answer(json!({ "peerId": peer.to_string(), "rttMs": rtts }))
    }

    async fn identify(&self, a: &Args) -> Answer {
        let peer = self.dial(a).await?;
        let rx = self
            .ctl
            .run(move |_, waiters| {
                let (tx, rx) = tokio::sync::oneshot::channel();
                match waiters.identified.get(&peer) {
                    Some(info) => {
                        let _ = tx.send(info.clone());
                    }
                    None => waiters.identify_waiters.push((peer, tx)),
                }
                rx
            })
            .await?;
        let info = rx
            .await
            .map_err(|_| "the identify was dropped".to_string())?;
        answer(json!({
            "peerId": peer.to_string(),
            "agentVersion": info.agent_version,
            "protocolVersion": info.protocol_version,
            "protocols": strings(&info.protocols),
            "listenAddrs": strings(&info.listen_addrs),
            "observedAddr": info.observed_addr.to_string(),
            "publicKeyMatchesPeerId": info.public_key.to_peer_id() == peer,
        }))
    }

    /// Sends that many random bytes on /echo/1.0.0 while reading the echo, and compares hashes.
    async fn echo(&self, a: &Args) -> Answer {
        let peer = self.dial(a).await?;
        let size = a.int("bytes", 1024) as usize;
        let mut control = self
            .ctl
            .run(|swarm, _| swarm.behaviour().stream.new_control())
            .await?;
        let stream = control
            .open_stream(peer, ECHO)
            .await
            .map_err(|e| format!("opening {ECHO} to {peer} failed: {e}"))?;
        let (mut reader, mut writer) = stream.split();
        let write = async {
            let mut digest = Sha256::new();
            let mut chunk = vec![0u8; 64 * 1024];
            let mut left = size;
            while left > 0 {
                let n = left.min(chunk.len());
                rand::thread_rng().fill_bytes(&mut chunk[..n]);
                digest.update(&chunk[..n]);
                writer.write_all(&chunk[..n]).await?;
                left -= n;
            }
            writer.close().await?; // half-close: the echo ends after our FIN
            Ok::<_, std::io::Error>(digest.finalize())
        };
        let read = async {
            let mut digest = Sha256::new();
            let mut buf = vec![0u8; 64 * 1024];
            let mut total = 0usize;
            loop {
                let n = reader.read(&mut buf).await?;
                if n == 0 {
                    return Ok::<_, std::io::Error>((total, digest.finalize()));
                }
                digest.update(&buf[..n]);
                total += n;
            }
        };
        let (sent, received) = futures::join!(write, read);
        let sent = sent.map_err(|e| format!("writing the echo failed: {e}"))?;
        let (n, received) = received.map_err(|e| format!("reading the echo failed: {e}"))?;
        answer(json!({
            "peerId": peer.to_string(),
            "sent": size,
            "received": n,
            "sentSha256": hex::encode(sent),
            "receivedSha256": hex::encode(received),
            "match": sent == received && n == size,
        }))
    }

    async fn put(&self, a: &Args) -> Answer {
        let key = a.string("key")?;
        let record = Record::new(RecordKey::new(&key), a.hex("value")?);
        let mut steps = self
            .ctl
            .query(move |kad| {
                kad.put_record(record, Quorum::One)
                    .map_err(|e| e.to_string())
            })
            .await?;
        while let Some((result, _)) = steps.recv().await {
            if let kad::QueryResult::PutRecord(result) = result {
                result.map_err(|e| format!("put_record failed: {e:?}"))?;
                return answer(json!({ "key": key }));
            }
        }
        Err("put_record ended without a result".into())
    }

    async fn get(&self, a: &Args) -> Answer {
        let key = a.string("key")?;
        let record_key = RecordKey::new(&key);
        let mut steps = self
            .ctl
            .query(move |kad| Ok(kad.get_record(record_key)))
            .await?;
        while let Some((result, _)) = steps.recv().await {
            match result {
                kad::QueryResult::GetRecord(Ok(GetRecordOk::FoundRecord(found))) => {
                    return answer(json!({
                        "key": key,
                        "found": true,
                        "value": hex::encode(&found.record.value),
                        "from": found.peer.map(|p| p.to_string()),
                    }));
                }
                kad::QueryResult::GetRecord(Err(kad::GetRecordError::NotFound { .. })) => break,
                kad::QueryResult::GetRecord(Err(e)) => {
                    return Err(format!("get_record failed: {e}"))
                }
                _ => {}
            }
        }
        answer(json!({ "key": key, "found": false }))
    }

    async fn get_local(&self, a: &Args) -> Answer {
        let key = a.string("key")?;
        let record_key = RecordKey::new(&key);
        let record = self
            .ctl
            .run(move |swarm, _| {
                let kad = swarm.behaviour_mut().kad.as_mut().ok_or_else(no_dht)?;
                Ok::<_, String>(kad.store_mut().get(&record_key).map(|r| r.into_owned()))
            })
            .await??;
        answer(match record {
            Some(r) => json!({
                "key": key,
                "found": true,
                "value": hex::encode(&r.value),
                "publisher": r.publisher.map(|p| p.to_string()),
            }),
            None => json!({ "key": key, "found": false }),
        })
    }

    async fn provide(&self, a: &Args) -> Answer {
        let key = RecordKey::new(&a.hex("key")?);
        let mut steps = self
            .ctl
            .query(move |kad| kad.start_providing(key).map_err(|e| e.to_string()))
            .await?;
        while let Some((result, _)) = steps.recv().await {
            if let kad::QueryResult::StartProviding(result) = result {
                result.map_err(|e| format!("start_providing failed: {e:?}"))?;
                return answer(json!({ "key": a.string("key")? }));
            }
        }
        Err("start_providing ended without a result".into())
    }

    async fn find_providers(&self, a: &Args) -> Answer {
        let key = RecordKey::new(&a.hex("key")?);
        let mut steps = self
            .ctl
            .query(move |kad| Ok(kad.get_providers(key)))
            .await?;
        let mut providers = BTreeSet::new();
        while let Some((result, last)) = steps.recv().await {
            match result {
                kad::QueryResult::GetProviders(Ok(GetProvidersOk::FoundProviders {
                    providers: found,
                    ..
                })) => {
                    providers.extend(strings(found));
                }
                kad::QueryResult::GetProviders(Err(e)) if providers.is_empty() => {
                    return Err(format!("get_providers failed: {e}"));
                }
                _ => {}
            }
            if last || !providers.is_empty() {
                break;
            }
        }
        answer(json!({ "providers": providers }))
    }

    async fn local_providers(&self, a: &Args) -> Answer {
        let key = RecordKey::new(&a.hex("key")?);
        let records = self
            .ctl
            .run(move |swarm, _| {
                let kad = swarm.behaviour_mut().kad.as_mut().ok_or_else(no_dht)?;
                Ok::<_, String>(kad.store_mut().providers(&key))
            })
            .await??;
        let providers: Vec<Value> = records
            .iter()
            .map(|r| json!({ "peerId": r.provider.to_string(), "addrs": strings(&r.addresses) }))
            .collect();
        answer(json!({ "providers": providers }))
    }

    /// Runs a closest-peers query and returns what it found, with addresses.
    async fn closest(&self, target: ClosestTo) -> Result<Vec<kad::PeerInfo>, String> {
        let mut steps = self
            .ctl
            .query(move |kad| {
                Ok(match target {
                    ClosestTo::Peer(peer) => kad.get_closest_peers(peer),
                    ClosestTo::Key(key) => kad.get_closest_peers(key),
                })
            })
            .await?;
        while let Some((result, _)) = steps.recv().await {
            match result {
                kad::QueryResult::GetClosestPeers(Ok(GetClosestPeersOk { peers, .. })) => {
                    return Ok(peers)
                }
                kad::QueryResult::GetClosestPeers(Err(kad::GetClosestPeersError::Timeout {
                    peers,
                    ..
                })) => return Ok(peers),
                _ => {}
            }
        }
        Err("get_closest_peers ended without a result".into())
    }

    async fn find_peer(&self, a: &Args) -> Answer {
        let peer = a.peer_id()?;
        let found = self.closest(ClosestTo::Peer(peer)).await?;
        answer(match found.into_iter().find(|p| p.peer_id == peer) {
            Some(info) => {
                json!({ "peerId": peer.to_string(), "found": true, "addrs": strings(&info.addrs) })
            }
            None => json!({ "peerId": peer.to_string(), "found": false }),
        })
    }

    async fn closest_peers(&self, a: &Args) -> Answer {
        let target = if a.0.contains_key("peerId") {
            ClosestTo::Peer(a.peer_id()?)
        } else {
            ClosestTo::Key(a.string("key")?.into_bytes())
        };
        let peers = self.closest(target).await?;
        answer(json!({ "peers": strings(peers.iter().map(|p| p.peer_id)) }))
    }

    async fn routing_table(&self) -> Answer {
        let peers = self
            .ctl
            .run(|swarm, _| {
                let kad = swarm.behaviour_mut().kad.as_mut().ok_or_else(no_dht)?;
                let mut peers = Vec::new();
                for bucket in kad.kbuckets() {
                    peers.extend(bucket.iter().map(|e| e.node.key.preimage().to_string()));
                }
                Ok::<_, String>(peers)
            })
            .await??;
        answer(json!({ "size": peers.len(), "peers": peers }))
    }
}

enum ClosestTo {
    Peer(PeerId),
    Key(Vec<u8>),
}

/// Accepts /echo/1.0.0 streams: copies each back to itself, closes its write side after the
/// remote's FIN, and records the size and SHA-256 of what it echoed.
pub async fn serve_echo(ctl: &Ctl) -> Result<Arc<Mutex<Vec<Value>>>, String> {
    let mut control = ctl
        .run(|swarm, _| swarm.behaviour().stream.new_control())
        .await?;
    let mut incoming = control
        .accept(ECHO)
        .map_err(|e| format!("registering {ECHO} failed: {e}"))?;
    let log = Arc::new(Mutex::new(Vec::new()));
    let echoes = log.clone();
    tokio::spawn(async move {
        while let Some((peer, stream)) = incoming.next().await {
            let log = log.clone();
            tokio::spawn(async move {
                let entry = echo_back(peer, stream).await;
                log.lock().unwrap().push(entry);
            });
        }
    });
    Ok(echoes)
}

async fn echo_back(peer: PeerId, mut stream: Stream) -> Value {
    let mut digest = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0usize;
    let result = async {
        loop {
            let n = stream.read(&mut buf).await?;
            if n == 0 {
                return stream.close().await;
            }
            digest.update(&buf[..n]);
            total += n;
            stream.write_all(&buf[..n]).await?;
        }
    }
    .await;
    let mut entry = json!({
        "peerId": peer.to_string(),
        "bytes": total,
        "sha256": hex::encode(digest.finalize()),
    });
    if let Err(e) = result {
        entry["error"] = json!(e.to_string());
    }
    entry
}
