//! The swarm and the task that owns it: commands reach it as closures over the swarm and the
//! waiters, and it resolves the waiters from swarm events.

use std::collections::HashMap;
use std::time::Duration;

use libp2p::identity::Keypair;
use libp2p::kad::{self, store::MemoryStore, QueryId};
use libp2p::swarm::{behaviour::toggle::Toggle, ConnectionId, NetworkBehaviour, SwarmEvent};
use libp2p::{identify, noise, ping, tcp, yamux, Multiaddr, PeerId, StreamProtocol, Swarm};
use tokio::sync::{mpsc, oneshot};

/// The behaviours of the peer; `kad` is off unless `--dht` names a protocol id.
#[derive(NetworkBehaviour)]
pub struct Behaviour {
    pub identify: identify::Behaviour,
    pub ping: ping::Behaviour,
    pub stream: libp2p_stream::Behaviour,
    pub kad: Toggle<kad::Behaviour<MemoryStore>>,
}

/// What the swarm task waits for on behalf of commands.
#[derive(Default)]
pub struct Waiters {
    /// dials in progress, by the connection they open
    pub dials: HashMap<ConnectionId, oneshot::Sender<Result<PeerId, String>>>,
    /// ping results wanted: peer, how many, those seen so far
    pub pings: Vec<(PeerId, usize, Vec<f64>, oneshot::Sender<Vec<f64>>)>,
    /// the latest identify info received from each peer
    pub identified: HashMap<PeerId, identify::Info>,
    pub identify_waiters: Vec<(PeerId, oneshot::Sender<identify::Info>)>,
    /// every progress step of a kad query goes to its channel; the last one closes it
    pub queries: HashMap<QueryId, mpsc::UnboundedSender<(kad::QueryResult, bool)>>,
}

type Job = Box<dyn FnOnce(&mut Swarm<Behaviour>, &mut Waiters) + Send>;

/// A handle on the swarm task.
#[derive(Clone)]
pub struct Ctl {
    jobs: mpsc::UnboundedSender<Job>,
    pub kad_protocol: Option<StreamProtocol>,
}

impl Ctl {
    /// Runs `f` on the swarm task and returns what it returns.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Swarm<Behaviour>, &mut Waiters) -> T + Send + 'static,
    ) -> Result<T, String> {
        let (tx, rx) = oneshot::channel();
        self.jobs
            .send(Box::new(move |swarm, waiters| {
                let _ = tx.send(f(swarm, waiters));
            }))
            .map_err(|_| "the swarm task has stopped".to_string())?;
        rx.await
            .map_err(|_| "the swarm task has stopped".to_string())
    }

    /// Starts a kad query with `start` and returns the channel of its progress steps.
    pub async fn query(
        &self,
        start: impl FnOnce(&mut kad::Behaviour<MemoryStore>) -> Result<QueryId, String> + Send + 'static,
    ) -> Result<mpsc::UnboundedReceiver<(kad::QueryResult, bool)>, String> {
        self.run(move |swarm, waiters| {
            let kad = swarm.behaviour_mut().kad.as_mut().ok_or_else(no_dht)?;
            let id = start(kad)?;
            let (tx, rx) = mpsc::unbounded_channel();
            waiters.queries.insert(id, tx);
            Ok(rx)
        })
        .await?
    }
}

pub fn no_dht() -> String {
    "this peer runs no DHT: start it with --dht <protocol id>".to_string()
}

/// Builds the swarm listening on 127.0.0.1 and waits for its listen address.
pub async fn start(
    key: Keypair,
    agent: String,
    kad_protocol: Option<StreamProtocol>,
) -> Result<(Swarm<Behaviour>, Multiaddr), String> {
    let peer = key.public().to_peer_id();
    let kad_behaviour = kad_protocol.clone().map(|protocol| {
        let mut config = kad::Config::new(protocol);
        config.set_query_timeout(Duration::from_secs(20));
        // no periodic refresh: the tests decide who knows whom (kad still bootstraps once by
        // itself when its first peer joins the table)
        config.set_periodic_bootstrap_interval(None);
        let mut kad = kad::Behaviour::with_config(peer, MemoryStore::new(peer), config);
        kad.set_mode(Some(kad::Mode::Server));
        kad
    });
    let mut swarm = libp2p::SwarmBuilder::with_existing_identity(key)
        .with_tokio()
        .with_tcp(
            tcp::Config::default().nodelay(true),
            noise::Config::new,
            yamux::Config::default,
        )
        .map_err(|e| format!("TCP transport: {e}"))?
        .with_behaviour(|key| Behaviour {
            identify: identify::Behaviour::new(
                identify::Config::new("ipfs/0.1.0".to_string(), key.public())
                    .with_agent_version(agent),
            ),
            // the ping command waits for the next pings on a connection: keep them coming
            ping: ping::Behaviour::new(
                ping::Config::new().with_interval(Duration::from_millis(500)),
            ),
            stream: libp2p_stream::Behaviour::new(),
            kad: Toggle::from(kad_behaviour),
        })
        .map_err(|e| format!("behaviour: {e}"))?
        .with_swarm_config(|c| c.with_idle_connection_timeout(Duration::from_secs(60)))
        .build();
    swarm
        .listen_on("/ip4/127.0.0.1/tcp/0".parse().expect("a valid multiaddr"))
        .map_err(|e| format!("listen: {e}"))?;
    loop {
        if let SwarmEvent::NewListenAddr { address, .. } =
            futures::StreamExt::select_next_some(&mut swarm).await
        {
            // rust-libp2p announces provider records only with confirmed external addresses
            swarm.add_external_address(address.clone());
            return Ok((swarm, address));
        }
    }
}

/// Spawns the task that owns the swarm and returns its handle.
pub fn spawn(mut swarm: Swarm<Behaviour>, kad_protocol: Option<StreamProtocol>) -> Ctl {
    let (jobs, mut rx) = mpsc::unbounded_channel::<Job>();
    let ctl = Ctl {
        jobs,
        kad_protocol: kad_protocol.clone(),
    };
    tokio::spawn(async move {
        let mut waiters = Waiters::default();
        loop {
            tokio::select! {
                job = rx.recv() => match job {
                    Some(job) => job(&mut swarm, &mut waiters),
                    None => break,
                },
                event = futures::StreamExt::select_next_some(&mut swarm) => {
                    on_event(&mut swarm, &mut waiters, &kad_protocol, event);
                }
            }
        }
    });
    ctl
}

fn on_event(
    swarm: &mut Swarm<Behaviour>,
    waiters: &mut Waiters,
    kad_protocol: &Option<StreamProtocol>,
    event: SwarmEvent<BehaviourEvent>,
) {
    match event {
        SwarmEvent::ConnectionEstablished {
            peer_id,
            connection_id,
            ..
        } => {
            if let Some(reply) = waiters.dials.remove(&connection_id) {
                let _ = reply.send(Ok(peer_id));
            }
        }
        SwarmEvent::OutgoingConnectionError {
            connection_id,
            error,
            ..
        } => {
            if let Some(reply) = waiters.dials.remove(&connection_id) {
                let _ = reply.send(Err(error.to_string()));
            }
        }
        SwarmEvent::Behaviour(BehaviourEvent::Ping(ping::Event {
            peer,
            result: Ok(rtt),
            ..
        })) => {
            for (who, count, rtts, _) in waiters.pings.iter_mut() {
                if *who == peer && rtts.len() < *count {
                    rtts.push(rtt.as_secs_f64() * 1000.0);
                }
            }
            let (done, open) = std::mem::take(&mut waiters.pings)
                .into_iter()
                .partition(|(_, count, rtts, _)| rtts.len() >= *count);
            waiters.pings = open;
            for (_, _, rtts, reply) in done {
                let _ = reply.send(rtts);
            }
        }
        SwarmEvent::Behaviour(BehaviourEvent::Identify(identify::Event::Received {
            peer_id,
            info,
            ..
        })) => {
            if let (Some(protocol), Some(kad)) = (kad_protocol, swarm.behaviour_mut().kad.as_mut())
            {
                // rust-libp2p's kad learns addresses only from the application
                if info.protocols.contains(protocol) {
                    for addr in &info.listen_addrs {
                        kad.add_address(&peer_id, addr.clone());
                    }
                }
            }
            let (done, open) = std::mem::take(&mut waiters.identify_waiters)
                .into_iter()
                .partition(|(who, _)| *who == peer_id);
            waiters.identify_waiters = open;
            for (_, reply) in done {
                let _ = reply.send(info.clone());
            }
            waiters.identified.insert(peer_id, info);
        }
        SwarmEvent::Behaviour(BehaviourEvent::Kad(kad::Event::OutboundQueryProgressed {
            id,
            result,
            step,
            ..
        })) => {
            if let Some(tx) = waiters.queries.get(&id) {
                let _ = tx.send((result, step.last));
            }
            if step.last {
                waiters.queries.remove(&id);
            }
        }
        _ => {}
    }
}
