// Shared helpers of the js-libp2p test peers (js-peer.mjs, js-dht-peer.mjs, yamux-peer.mjs).
//
// Importing this module installs the Promise.withResolvers polyfill: it-queue (through mortice)
// calls Promise.withResolvers, which Node 20 lacks. This module imports nothing from libp2p
// statically, so a script that imports it first (static imports run in order) has the polyfill in
// place before any libp2p module is loaded.

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

/** Writes one JSON line to stdout. */
export function print (value) {
  process.stdout.write(JSON.stringify(value) + '\n')
}

/**
 * Returns an Ed25519 private key derived from 64 hex digits (32 bytes), or a random one when
 * `seedHex` is null or undefined. Throws an Error naming the value when it is not 64 hex digits.
 */
export async function privateKeyFrom (seedHex) {
  const { generateKeyPair, generateKeyPairFromSeed } = await import('@libp2p/crypto/keys')
  if (seedHex == null) {
    return generateKeyPair('Ed25519')
  }
  if (!/^[0-9a-fA-F]{64}$/.test(seedHex)) {
    throw new Error(`--seed must be 64 hex digits (32 bytes), got "${seedHex}"`)
  }
  return generateKeyPairFromSeed('Ed25519', Uint8Array.from(Buffer.from(seedHex, 'hex')))
}

/**
 * Creates (and starts) a libp2p node with tcp + noise + yamux + identify + ping, plus the given
 * extra services, listening on /ip4/127.0.0.1/tcp/0 when `listen` is true.
 */
export async function createNode (privateKey, { listen = false, services = {} } = {}) {
  const { createLibp2p } = await import('libp2p')
  const { tcp } = await import('@libp2p/tcp')
  const { noise } = await import('@chainsafe/libp2p-noise')
  const { yamux } = await import('@chainsafe/libp2p-yamux')
  const { identify } = await import('@libp2p/identify')
  const { ping } = await import('@libp2p/ping')
  return createLibp2p({
    privateKey,
    addresses: { listen: listen ? ['/ip4/127.0.0.1/tcp/0'] : [] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), ping: ping(), ...services }
  })
}

/** Parses `--name value` options and positional arguments; throws on an option without value. */
export function parseArgs (argv) {
  const positional = []
  const options = {}
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) {
      const name = argv[i].slice(2)
      if (i + 1 >= argv.length) throw new Error(`option --${name} needs a value`)
      options[name] = argv[++i]
    } else {
      positional.push(argv[i])
    }
  }
  return { positional, options }
}

/** The error a {@link withTimeout} promise rejects with when time runs out. */
export class TimeoutError extends Error {
  constructor (what, ms) {
    super(`${what} timed out after ${ms} ms`)
    this.name = 'TimeoutError'
  }
}

/**
 * Races `promise` against a timer of `ms` milliseconds; on timeout it first calls `onTimeout`
 * (for example to abort the operation) and rejects with a TimeoutError naming `what`.
 */
export function withTimeout (promise, what, ms, onTimeout = () => {}) {
  let timer
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => {
      onTimeout()
      reject(new TimeoutError(what, ms))
    }, ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
