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

// it-queue (through mortice) calls Promise.withResolvers, which Node 20 lacks. This small
// standard polyfill must be installed before libp2p is imported, hence the dynamic imports below.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers () {
      let resolve
      let reject
      const promise = new this((res, rej) => {
        resolve = res
        reject = rej
      })
      return { promise, resolve, reject }
    }
  })
}

const { createLibp2p } = await import('libp2p')
const { tcp } = await import('@libp2p/tcp')
const { noise } = await import('@chainsafe/libp2p-noise')
const { yamux } = await import('@chainsafe/libp2p-yamux')
const { identify } = await import('@libp2p/identify')
const { ping } = await import('@libp2p/ping')
const { generateKeyPair, generateKeyPairFromSeed, publicKeyFromProtobuf } = await import('@libp2p/crypto/keys')
const { peerIdFromPrivateKey, peerIdFromPublicKey } = await import('@libp2p/peer-id')
const { multiaddr } = await import('@multiformats/multiaddr')

const ECHO = '/echo/1.0.0'
const ACTION_TIMEOUT_MS = 20_000

function print (value) {
  process.stdout.write(JSON.stringify(value) + '\n')
}

function fail (message) {
  print({ error: message })
  process.exit(1)
}

function parseArgs (argv) {
  const positional = []
  const options = {}
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) {
      const name = argv[i].slice(2)
      if (i + 1 >= argv.length) fail(`option --${name} needs a value`)
      options[name] = argv[++i]
    } else {
      positional.push(argv[i])
    }
  }
  return { positional, options }
}

async function privateKeyFrom (seedHex) {
  if (seedHex == null) {
    return generateKeyPair('Ed25519')
  }
  if (!/^[0-9a-fA-F]{64}$/.test(seedHex)) {
    fail(`--seed must be 64 hex digits (32 bytes), got "${seedHex}"`)
  }
  return generateKeyPairFromSeed('Ed25519', Uint8Array.from(Buffer.from(seedHex, 'hex')))
}

async function createNode (privateKey, listen) {
  return createLibp2p({
    privateKey,
    addresses: { listen: listen ? ['/ip4/127.0.0.1/tcp/0'] : [] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), ping: ping() }
  })
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
  const node = await createNode(await privateKeyFrom(options.seed), true)
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
  let timer
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ACTION_TIMEOUT_MS} ms`)), ACTION_TIMEOUT_MS)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
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
  const node = await createNode(await privateKeyFrom(options.seed), false)
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

const { positional, options } = parseArgs(process.argv.slice(2))
const command = positional[0]
try {
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
