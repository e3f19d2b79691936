// A js-libp2p peer for the kameo-remote interop tests, driven as a subprocess.
//
//   node js-peer.mjs listen [--seed <64 hex>]
//       listens on /ip4/127.0.0.1/tcp/0 with tcp + noise + yamux + identify + ping and an
//       /echo/1.0.0 handler, prints {"peerId":"…","addrs":["…/p2p/…"]} on one line and runs
//       until its standard input closes.
//   node js-peer.mjs dial <multiaddr> <ping|identify|echo> [payload] [--seed <64 hex>]
//       dials, runs the action, prints one JSON line with the result and exits 0, or prints
//       {"error":"…"} and exits 1.
//   node js-peer.mjs peerid --seed <64 hex>
//       prints {"peerId":"…"} for the Ed25519 identity derived from the seed.
//
// Versions are pinned by package-lock.json (libp2p 2.x, which runs on Node 20).

// common.mjs installs the Promise.withResolvers polyfill Node 20 needs; it must be imported before
// libp2p is loaded, hence the static import first and the dynamic imports below.
import { createNode, parseArgs, print, privateKeyFrom, withTimeout as timeoutAfter } from './common.mjs'

const { publicKeyFromProtobuf } = await import('@libp2p/crypto/keys')
const { peerIdFromPrivateKey, peerIdFromPublicKey } = await import('@libp2p/peer-id')
const { multiaddr } = await import('@multiformats/multiaddr')

const ECHO = '/echo/1.0.0'
const ACTION_TIMEOUT_MS = 20_000

function fail (message) {
  print({ error: message })
  process.exit(1)
}

async function echoHandler ({ stream }) {
  // sink ends (FIN) once the source ends, that is after the remote's FIN
  try {
    await stream.sink(stream.source)
  } catch (err) {
    stream.abort(err)
  }
}

async function listen (options) {
  const node = await createNode(await privateKeyFrom(options.seed), { listen: true })
  await node.handle(ECHO, echoHandler)
  print({
    peerId: node.peerId.toString(),
    addrs: node.getMultiaddrs().map(ma => ma.toString())
  })
  const stop = async () => {
    await node.stop()
    process.exit(0)
  }
  process.stdin.on('end', stop)
  process.stdin.on('close', stop)
  process.stdin.resume()
}

function withTimeout (promise, what) {
  return timeoutAfter(promise, what, ACTION_TIMEOUT_MS)
}

async function collect (source) {
  const chunks = []
  for await (const chunk of source) {
    chunks.push(chunk.subarray())
  }
  return Buffer.concat(chunks)
}

async function dial (target, action, payload, options) {
  const ma = multiaddr(target)
  const node = await createNode(await privateKeyFrom(options.seed))
  try {
    switch (action) {
      case 'ping': {
        const rtt = await withTimeout(node.services.ping.ping(ma), 'ping')
        const remote = ma.getPeerId()
        return { action, peerId: remote, rttMs: rtt }
      }
      case 'identify': {
        // identify runs by itself on every new connection; wait for its result
        const identified = new Promise(resolve => {
          node.addEventListener('peer:identify', evt => resolve(evt.detail))
        })
        const connection = await withTimeout(node.dial(ma), 'dial')
        const result = await withTimeout(identified, 'identify')
        let publicKeyMatchesPeerId = false
        if (result.publicKey != null) {
          const key = result.publicKey instanceof Uint8Array
            ? publicKeyFromProtobuf(result.publicKey)
            : result.publicKey
          publicKeyMatchesPeerId = peerIdFromPublicKey(key).equals(connection.remotePeer)
        }
        return {
          action,
          peerId: result.peerId.toString(),
          agentVersion: result.agentVersion,
          protocolVersion: result.protocolVersion,
          protocols: result.protocols,
          listenAddrs: result.listenAddrs.map(a => a.toString()),
          publicKeyMatchesPeerId
        }
      }
      case 'echo': {
        const sent = Buffer.from(payload ?? '', 'utf8')
        const stream = await withTimeout(node.dialProtocol(ma, ECHO), 'dial echo')
        const [, received] = await withTimeout(
          Promise.all([stream.sink([sent]), collect(stream.source)]), 'echo')
        return {
          action,
          peerId: ma.getPeerId(),
          echo: received.toString('utf8'),
          length: received.length
        }
      }
      default:
        throw new Error(`unknown action "${action}", expected ping, identify or echo`)
    }
  } finally {
    await node.stop()
  }
}

try {
  const { positional, options } = parseArgs(process.argv.slice(2))
  const command = positional[0]
  switch (command) {
    case 'listen':
      await listen(options)
      break
    case 'dial': {
      if (positional.length < 3) fail('usage: dial <multiaddr> <ping|identify|echo> [payload]')
      print(await dial(positional[1], positional[2], positional[3], options))
      process.exit(0)
      break
    }
    case 'peerid': {
      if (options.seed == null) fail('usage: peerid --seed <64 hex>')
      print({ peerId: peerIdFromPrivateKey(await privateKeyFrom(options.seed)).toString() })
      process.exit(0)
      break
    }
    default:
      fail(`unknown command "${command}", expected listen, dial or peerid`)
  }
} catch (err) {
  fail(err?.message ?? String(err))
}
