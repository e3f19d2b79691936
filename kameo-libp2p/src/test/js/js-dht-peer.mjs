// A js-libp2p Kademlia DHT peer for the kameo-remote interop tests, driven as a subprocess.
//
//   node js-dht-peer.mjs [--seed <64 hex>]
//
// Listens on /ip4/127.0.0.1/tcp/0 with tcp + noise + yamux + identify + ping and kad-dht
// (/ipfs/kad/1.0.0, server mode, passthrough peerInfoMapper so loopback addresses are kept, the
// default `pk` validator and accept-all validators for the `kameo` and `app` namespaces whose
// selectors pick the first record; the Java interop tests use `app`, since a Java peer keeps the
// `kameo` namespace for signed registry records). It prints {"peerId":"…","addrs":["…/p2p/…"]} on one line, then reads one JSON
// command per line on stdin and answers each with exactly one JSON line on stdout, in order. A bad
// command is answered with {"error":"…"}; the process never exits because of one.
//
// Every command may carry "id" (echoed in the answer, to match answers to commands) and
// "timeoutMs" (default 20000; a command that runs out answers {"error":"… timed out …",
// "timeout":true,"routingTableSize":N}). Query commands may set "verbose":true to get every query
// event in "events". Note that kad-dht queries (put, get, provide, findProviders, findPeer,
// closestPeers) wait, silently, until the routing table holds at least one peer: on a node with an
// empty routing table they time out.
//
//   {"cmd":"connect","addr":"<multiaddr with /p2p/>","waitMs":10000}
//     → {"cmd":"connect","peerId":"…","connected":true,"remoteAddr":"…","inRoutingTable":true|false,
//        "waitedMs":N}   (inRoutingTable false: the peer was not admitted within waitMs)
//   {"cmd":"put","key":"/kameo/name","value":"<hex>"}
//     → {"cmd":"put","key":"…","acks":["<peer id that echoed the record>"],
//        "errors":[{"from":"…","error":"…"}],"events":[<PEER_RESPONSE, FINAL_PEER, QUERY_ERROR>]}
//   {"cmd":"get","key":"/kameo/name"}
//     → {"cmd":"get","key":"…","found":true,"value":"<hex>","from":"<peer id, own id if local>"}
//       or {"cmd":"get","key":"…","found":false}
//   {"cmd":"getLocal","key":"/kameo/name"}   (this node's datastore only, no network)
//     → {"cmd":"getLocal","key":"…","found":true,"value":"<hex>"} or found:false
//   {"cmd":"provide","cid":"<CID string>"}
//     → {"cmd":"provide","cid":"…","sentTo":["…"],"errors":[…]}
//   {"cmd":"findProviders","cid":"<CID string>"}
//     → {"cmd":"findProviders","cid":"…","providers":[{"peerId":"…","addrs":["…"],"from":["…"]}]}
//   {"cmd":"findPeer","peerId":"…"}   (useCache:false: always asks the network)
//     → {"cmd":"findPeer","peerId":"…","found":true,"addrs":["…"],"from":"…"} or found:false
//   {"cmd":"closestPeers","key":"<utf8 key or peer id>"}   (or "peerId":"…" to force a peer id)
//     → {"cmd":"closestPeers","key":"…","keyKind":"peerId"|"utf8","peers":["…"]}
//   {"cmd":"routingTable"}
//     → {"cmd":"routingTable","size":N,"peers":["…"]}
//   {"cmd":"stop"} → {"cmd":"stop","stopped":true}, then the process exits 0. It also exits 0 when
//     stdin closes.
//
// Event forms (compact): {"event":"PEER_RESPONSE","from","type","closer":[ids],"providers":[ids],
// "record":"<hex value>"?}, {"event":"FINAL_PEER","from","peer"}, {"event":"QUERY_ERROR","from",
// "error"}, {"event":"SEND_QUERY","to","type"}, {"event":"PROVIDER","from","providers":[ids]},
// {"event":"VALUE","from","value"}, {"event":"DIAL_PEER"|"ADD_PEER","peer"}, {"event":"PATH_ENDED"}.
//
// Versions are pinned by package-lock.json (libp2p 2.x, which runs on Node 20).

// common.mjs installs the Promise.withResolvers polyfill Node 20 needs; it must be imported before
// libp2p is loaded, hence the static import first and the dynamic imports below.
import { TimeoutError, createNode, parseArgs, print, privateKeyFrom, withTimeout } from './common.mjs'

const { createInterface } = await import('node:readline')
const { kadDHT, passthroughMapper } = await import('@libp2p/kad-dht')
const { peerIdFromString } = await import('@libp2p/peer-id')
const { multiaddr } = await import('@multiformats/multiaddr')
const { CID } = await import('multiformats/cid')

const KAD_PROTOCOL = '/ipfs/kad/1.0.0'
const DEFAULT_TIMEOUT_MS = 20_000
const DEFAULT_ROUTING_WAIT_MS = 10_000

// a failure inside libp2p that nobody awaits must not end the peer; it goes to stderr
process.on('unhandledRejection', err => console.error('unhandled rejection:', err))
process.on('uncaughtException', err => console.error('uncaught exception:', err))

let node
try {
  const { options } = parseArgs(process.argv.slice(2))
  node = await createNode(await privateKeyFrom(options.seed), {
    listen: true,
    services: {
      dht: kadDHT({
        protocol: KAD_PROTOCOL,
        clientMode: false,
        peerInfoMapper: passthroughMapper,
        validators: { kameo: async () => {}, app: async () => {} },
        selectors: { kameo: () => 0, app: () => 0 }
      })
    }
  })
} catch (err) {
  print({ error: err?.message ?? String(err) })
  process.exit(1)
}
const dht = node.services.dht

print({ peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(String) })

// ------------------------------------------------------------------ helpers

const hex = bytes => Buffer.from(bytes).toString('hex')
const ids = peers => (peers ?? []).map(p => p.id.toString())

/** A client error in a command (bad field and the like), answered as {"error": message}. */
class CommandError extends Error {}

function requireString (command, field) {
  const value = command[field]
  if (typeof value !== 'string' || value.length === 0) {
    throw new CommandError(`"${command.cmd}" needs a non-empty string field "${field}"`)
  }
  return value
}

function parseHex (command, field) {
  const value = requireString(command, field)
  if (value.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(value)) {
    throw new CommandError(`"${field}" must be an even number of hex digits, got "${value}"`)
  }
  return Uint8Array.from(Buffer.from(value, 'hex'))
}

function parsePeerId (command, field) {
  const value = requireString(command, field)
  try {
    return peerIdFromString(value)
  } catch (err) {
    throw new CommandError(`"${field}" is not a peer id: "${value}" (${err.message})`)
  }
}

function parseCid (command) {
  const value = requireString(command, 'cid')
  try {
    return CID.parse(value)
  } catch (err) {
    throw new CommandError(`"cid" is not a CID: "${value}" (${err.message})`)
  }
}

function compact (event) {
  switch (event.name) {
    case 'SEND_QUERY':
      return { event: event.name, to: event.to.toString(), type: event.messageName }
    case 'PEER_RESPONSE': {
      const out = { event: event.name, from: event.from.toString(), type: event.messageName }
      if (event.closer?.length > 0) out.closer = ids(event.closer)
      if (event.providers?.length > 0) out.providers = ids(event.providers)
      if (event.record != null) out.record = hex(event.record.value)
      return out
    }
    case 'FINAL_PEER':
      return { event: event.name, from: event.from.toString(), peer: event.peer.id.toString() }
    case 'QUERY_ERROR':
      return { event: event.name, from: event.from?.toString(), error: event.error?.message ?? String(event.error) }
    case 'PROVIDER':
      return { event: event.name, from: event.from.toString(), providers: ids(event.providers) }
    case 'VALUE':
      return { event: event.name, from: event.from.toString(), value: hex(event.value) }
    case 'DIAL_PEER':
    case 'ADD_PEER':
      return { event: event.name, peer: event.peer.toString() }
    default:
      return { event: event.name }
  }
}

/**
 * Runs a kad-dht query, calling `onEvent` for each event; returns the compact events (all of them
 * when verbose, else those that `keep` selects) and the QUERY_ERRORs.
 */
async function runQuery (source, command, onEvent = () => {}, keep = () => false) {
  const events = []
  const errors = []
  for await (const event of source) {
    onEvent(event)
    if (event.name === 'QUERY_ERROR') errors.push(compact(event))
    if (command.verbose === true || keep(event)) events.push(compact(event))
  }
  return { events, errors: errors.map(({ from, error }) => ({ from, error })) }
}

function routingTablePeers () {
  // The public kad-dht interface offers only routingTable.size; the peers come from the k-bucket
  // tree of the KadDHT class (routingTable.kb), which is not part of the public API.
  const kb = dht.routingTable.kb
  return kb == null ? [] : [...kb.toIterable()].map(contact => contact.peerId.toString())
}

// ------------------------------------------------------------------ commands

const commands = {
  async connect (command, signal) {
    const ma = multiaddr(requireString(command, 'addr'))
    const target = ma.getPeerId()
    if (target == null) throw new CommandError(`"addr" must end in /p2p/<peer id>: ${ma}`)
    const peerId = peerIdFromString(target)
    // dialling a peer that is already connected returns that connection, whatever the address
    const connection = await node.dial(ma, { signal })
    const waitMs = Number.isFinite(command.waitMs) ? command.waitMs : DEFAULT_ROUTING_WAIT_MS
    const started = Date.now()
    let inRoutingTable = false
    while (!signal.aborted) {
      if (await dht.routingTable.find(peerId) != null) {
        inRoutingTable = true
        break
      }
      if (Date.now() - started >= waitMs) break
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    return {
      peerId: target,
      connected: true,
      remoteAddr: connection.remoteAddr.toString(),
      inRoutingTable,
      waitedMs: Date.now() - started
    }
  },

  async put (command, signal) {
    const key = requireString(command, 'key')
    const value = parseHex(command, 'value')
    const sent = hex(value)
    const acks = []
    const { events, errors } = await runQuery(dht.put(Buffer.from(key, 'utf8'), value, { signal }), command,
      event => {
        if (event.name === 'PEER_RESPONSE' && event.messageName === 'PUT_VALUE' &&
            event.record != null && hex(event.record.value) === sent) {
          acks.push(event.from.toString())
        }
      },
      event => ['PEER_RESPONSE', 'FINAL_PEER', 'QUERY_ERROR'].includes(event.name))
    return { key, acks, errors, events }
  },

  async get (command, signal) {
    const key = requireString(command, 'key')
    let found
    const { events, errors } = await runQuery(dht.get(Buffer.from(key, 'utf8'), { signal }), command,
      event => { if (event.name === 'VALUE') found = event })
    const answer = found == null
      ? { key, found: false }
      : { key, found: true, value: hex(found.value), from: found.from.toString() }
    return { ...answer, errors, ...(command.verbose === true ? { events } : {}) }
  },

  async getLocal (command, signal) {
    const key = requireString(command, 'key')
    // contentFetching.getLocal is not public API either: it reads and validates this node's record
    try {
      const record = await dht.contentFetching.getLocal(Buffer.from(key, 'utf8'), { signal })
      return { key, found: true, value: hex(record.value) }
    } catch (err) {
      if (err.name === 'NotFoundError') return { key, found: false }
      throw err
    }
  },

  async provide (command, signal) {
    const cid = parseCid(command)
    const sentTo = []
    const { events, errors } = await runQuery(dht.provide(cid, { signal }), command, event => {
      if (event.name === 'PEER_RESPONSE' && event.messageName === 'ADD_PROVIDER') sentTo.push(event.from.toString())
    })
    return { cid: cid.toString(), sentTo, errors, ...(command.verbose === true ? { events } : {}) }
  },

  async findProviders (command, signal) {
    const cid = parseCid(command)
    const providers = new Map()
    const { events, errors } = await runQuery(dht.findProviders(cid, { signal }), command, event => {
      if (event.name !== 'PROVIDER') return
      for (const provider of event.providers) {
        const id = provider.id.toString()
        const entry = providers.get(id) ?? { peerId: id, addrs: [], from: [] }
        for (const addr of provider.multiaddrs.map(String)) {
          if (!entry.addrs.includes(addr)) entry.addrs.push(addr)
        }
        const from = event.from.toString()
        if (!entry.from.includes(from)) entry.from.push(from)
        providers.set(id, entry)
      }
    })
    return { cid: cid.toString(), providers: [...providers.values()], errors, ...(command.verbose === true ? { events } : {}) }
  },

  async findPeer (command, signal) {
    const peerId = parsePeerId(command, 'peerId')
    let found
    try {
      const { events, errors } = await runQuery(dht.findPeer(peerId, { signal, useCache: false }), command, event => {
        if (event.name === 'FINAL_PEER' && found == null) found = event
      })
      return {
        peerId: peerId.toString(),
        found: true,
        addrs: found.peer.multiaddrs.map(String),
        from: found.from.toString(),
        errors,
        ...(command.verbose === true ? { events } : {})
      }
    } catch (err) {
      if (err.name === 'NotFoundError' && !signal.aborted) return { peerId: peerId.toString(), found: false }
      throw err
    }
  },

  async closestPeers (command, signal) {
    let key
    let keyKind
    let bytes
    if (command.peerId != null) {
      key = parsePeerId(command, 'peerId').toString()
      keyKind = 'peerId'
    } else {
      key = requireString(command, 'key')
      keyKind = 'utf8'
      try {
        key = peerIdFromString(key).toString()
        keyKind = 'peerId'
      } catch {
        // not a peer id: the key is its UTF-8 bytes
      }
    }
    if (keyKind === 'peerId') {
      bytes = peerIdFromString(key).toMultihash().bytes
    } else {
      bytes = Buffer.from(key, 'utf8')
    }
    const peers = []
    const { events, errors } = await runQuery(dht.getClosestPeers(bytes, { signal }), command, event => {
      if (event.name === 'FINAL_PEER' && !peers.includes(event.peer.id.toString())) peers.push(event.peer.id.toString())
    })
    return { key, keyKind, peers, errors, ...(command.verbose === true ? { events } : {}) }
  },

  async routingTable () {
    return { size: dht.routingTable.size, peers: routingTablePeers() }
  }
}

// ------------------------------------------------------------------ the command loop

let stopping = false

async function stop () {
  if (stopping) return
  stopping = true
  try {
    await withTimeout(node.stop(), 'stop', 10_000)
  } catch (err) {
    console.error('stopping the node failed:', err)
  }
  process.exit(0)
}

async function answer (line) {
  let command
  try {
    command = JSON.parse(line)
  } catch (err) {
    return { error: `invalid JSON command: ${err.message}: ${line}` }
  }
  if (command == null || typeof command !== 'object' || Array.isArray(command)) {
    return { error: `a command must be a JSON object, got: ${line}` }
  }
  const base = { cmd: command.cmd, ...(command.id !== undefined ? { id: command.id } : {}) }
  if (command.cmd === 'stop') {
    return { ...base, stopped: true }
  }
  const run = Object.hasOwn(commands, command.cmd) ? commands[command.cmd] : null
  if (run == null) {
    return { ...base, error: `unknown command ${JSON.stringify(command.cmd)}, expected one of: ${[...Object.keys(commands), 'stop'].join(', ')}` }
  }
  const timeoutMs = Number.isFinite(command.timeoutMs) && command.timeoutMs > 0 ? command.timeoutMs : DEFAULT_TIMEOUT_MS
  const controller = new AbortController()
  try {
    const result = await withTimeout(run(command, controller.signal), command.cmd, timeoutMs, () => controller.abort())
    return { ...base, ...result }
  } catch (err) {
    if (err instanceof TimeoutError || controller.signal.aborted) {
      // js kad-dht queries wait (without any event) until the routing table holds a peer
      const hint = dht.routingTable.size === 0 ? ' (the routing table is empty: kad-dht queries wait for a first peer)' : ''
      return { ...base, error: `${command.cmd} timed out after ${timeoutMs} ms${hint}`, timeout: true, routingTableSize: dht.routingTable.size }
    }
    return { ...base, error: err?.message ?? String(err) }
  } finally {
    controller.abort()
  }
}

// commands run one at a time, in order, so answers come back in the order of the commands
let queue = Promise.resolve()
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
lines.on('line', line => {
  if (line.trim() === '') return
  queue = queue.then(async () => {
    if (stopping) return
    const reply = await answer(line)
    print(reply)
    if (reply.stopped === true) await stop()
  })
})
lines.on('close', () => { queue = queue.then(stop) })
