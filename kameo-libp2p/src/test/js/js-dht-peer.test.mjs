// js-to-js check of js-dht-peer.mjs, without Java: `npm test` (node's test runner). Three DHT peers
// run as subprocesses and are driven through their JSON-lines command protocol.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFile } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'

const run = promisify(execFile)
const SEED = '202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f'
const OTHER_PEER_ID = '12D3KooWSXnFMGuc6nMMX2NFoiYcixEMsd4gb4MqNcsw5Rva9ZYN'
const ANSWER_TIMEOUT_MS = 40_000

/** Starts `node js-dht-peer.mjs args…` and returns its first line plus a command function. */
async function startDhtPeer (...args) {
  const child = spawn('node', ['js-dht-peer.mjs', ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })
  const pending = []
  const waiters = []
  lines.on('line', line => {
    const value = JSON.parse(line)
    const waiter = waiters.shift()
    if (waiter != null) waiter(value)
    else pending.push(value)
  })
  const nextLine = () => {
    if (pending.length > 0) return Promise.resolve(pending.shift())
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer from js-dht-peer')), ANSWER_TIMEOUT_MS)
      waiters.push(value => { clearTimeout(timer); resolve(value) })
    })
  }
  const info = await nextLine()
  let nextId = 1
  return {
    child,
    info,
    addr: info.addrs?.[0],
    /** Sends one command (an object, or a raw line when a string) and returns its answer. */
    async command (command) {
      if (typeof command === 'string') {
        child.stdin.write(command + '\n')
        return nextLine()
      }
      const id = nextId++
      child.stdin.write(JSON.stringify({ ...command, id }) + '\n')
      const answer = await nextLine()
      assert.equal(answer.id, id, `answer to ${JSON.stringify(command)}: ${JSON.stringify(answer)}`)
      return answer
    },
    async ok (command) {
      const answer = await this.command(command)
      assert.equal(answer.error, undefined, `${JSON.stringify(command)} failed: ${JSON.stringify(answer)}`)
      return answer
    },
    async close () {
      if (child.exitCode != null) return child.exitCode
      child.stdin.end()
      const [code] = await once(child, 'exit')
      return code
    }
  }
}

async function cidOf (text) {
  return CID.create(1, raw.code, await sha256.digest(new TextEncoder().encode(text))).toString()
}

test('three js DHT peers put/get, provide/findProviders, findPeer and closestPeers through the command protocol', async () => {
  const [a, b, c] = await Promise.all([startDhtPeer(), startDhtPeer(), startDhtPeer()])
  try {
    for (const peer of [a, b, c]) {
      assert.match(peer.info.peerId, /^12D3KooW/)
      assert.ok(peer.addr.startsWith('/ip4/127.0.0.1/tcp/') && peer.addr.endsWith(`/p2p/${peer.info.peerId}`), peer.addr)
    }

    // A and B see each other in their routing tables (identify + ping admission)
    const connected = await a.ok({ cmd: 'connect', addr: b.addr })
    assert.equal(connected.peerId, b.info.peerId)
    assert.equal(connected.inRoutingTable, true, JSON.stringify(connected))
    assert.deepEqual((await a.ok({ cmd: 'routingTable' })).peers, [b.info.peerId])
    // B admits A on its own (inbound connection); wait for it through connect's routing-table wait
    assert.equal((await b.ok({ cmd: 'connect', addr: a.addr })).inRoutingTable, true)

    // put on A reaches B, which echoes the record
    const put = await a.ok({ cmd: 'put', key: '/kameo/name', value: 'cafe01' })
    assert.deepEqual(put.acks, [b.info.peerId], JSON.stringify(put))
    assert.ok(put.events.some(e => e.event === 'PEER_RESPONSE' && e.type === 'PUT_VALUE' && e.record === 'cafe01'), JSON.stringify(put))
    const stored = await b.ok({ cmd: 'getLocal', key: '/kameo/name' })
    assert.deepEqual([stored.found, stored.value], [true, 'cafe01'], JSON.stringify(stored))

    // C joins through B only; it has no local copy and gets the value from the network
    assert.equal((await c.ok({ cmd: 'connect', addr: b.addr })).inRoutingTable, true)
    assert.equal((await c.ok({ cmd: 'getLocal', key: '/kameo/name' })).found, false)
    const got = await c.ok({ cmd: 'get', key: '/kameo/name' })
    assert.equal(got.found, true, JSON.stringify(got))
    assert.equal(got.value, 'cafe01')
    assert.ok([a.info.peerId, b.info.peerId].includes(got.from), JSON.stringify(got))
    const missing = await c.ok({ cmd: 'get', key: '/kameo/missing' })
    assert.equal(missing.found, false, JSON.stringify(missing))

    // B provides a CID; C finds B as a provider, with B's address
    const cid = await cidOf('kameo provider test')
    const provided = await b.ok({ cmd: 'provide', cid })
    assert.ok(provided.sentTo.length > 0, JSON.stringify(provided))
    const found = await c.ok({ cmd: 'findProviders', cid })
    const provider = found.providers.find(p => p.peerId === b.info.peerId)
    assert.ok(provider != null, JSON.stringify(found))
    const bPort = b.addr.split('/')[4]
    assert.ok(provider.addrs.some(addr => addr.includes(`/tcp/${bPort}`)), JSON.stringify(provider))

    // C finds A over the network (useCache:false), with A's address
    const peer = await c.ok({ cmd: 'findPeer', peerId: a.info.peerId })
    assert.equal(peer.found, true, JSON.stringify(peer))
    const aPort = a.addr.split('/')[4]
    assert.ok(peer.addrs.some(addr => addr.includes(`/tcp/${aPort}`)), JSON.stringify(peer))

    // closest peers to A's id, from C: A and B (C never lists itself)
    const closest = await c.ok({ cmd: 'closestPeers', key: a.info.peerId })
    assert.equal(closest.keyKind, 'peerId')
    assert.deepEqual([...closest.peers].sort(), [a.info.peerId, b.info.peerId].sort(), JSON.stringify(closest))
    const closestToKey = await c.ok({ cmd: 'closestPeers', key: '/kameo/name' })
    assert.equal(closestToKey.keyKind, 'utf8')
    assert.ok(closestToKey.peers.length > 0, JSON.stringify(closestToKey))

    // stop answers, then the process exits 0
    assert.equal((await c.ok({ cmd: 'stop' })).stopped, true)
    const [code] = await once(c.child, 'exit')
    assert.equal(code, 0)
  } finally {
    await Promise.all([a.close(), b.close(), c.close()])
  }
})

test('bad commands get an error line and the peer keeps answering; an empty routing table times queries out', async () => {
  const peer = await startDhtPeer('--seed', SEED)
  try {
    const { stdout } = await run('node', ['js-peer.mjs', 'peerid', '--seed', SEED], { timeout: 60_000 })
    assert.equal(peer.info.peerId, JSON.parse(stdout).peerId, 'the same seed gives the same peer id as js-peer.mjs')

    assert.match((await peer.command('not json')).error, /invalid JSON command/)
    assert.match((await peer.command('[1]')).error, /must be a JSON object/)
    assert.match((await peer.command({ cmd: 'bogus' })).error, /unknown command "bogus"/)
    assert.match((await peer.command({ cmd: 'put', key: '/kameo/x', value: 'xyz' })).error, /hex digits/)
    assert.match((await peer.command({ cmd: 'get' })).error, /needs a non-empty string field "key"/)
    assert.match((await peer.command({ cmd: 'findPeer', peerId: 'nope' })).error, /is not a peer id/)
    assert.match((await peer.command({ cmd: 'provide', cid: 'nope' })).error, /is not a CID/)
    assert.match((await peer.command({ cmd: 'connect', addr: '/ip4/127.0.0.1/tcp/1' })).error, /must end in \/p2p\//)
    const refused = await peer.command({ cmd: 'connect', addr: `/ip4/127.0.0.1/tcp/1/p2p/${OTHER_PEER_ID}` })
    assert.ok(refused.error != null, JSON.stringify(refused))

    const timedOut = await peer.command({ cmd: 'get', key: '/kameo/x', timeoutMs: 300 })
    assert.equal(timedOut.timeout, true, JSON.stringify(timedOut))
    assert.match(timedOut.error, /get timed out after 300 ms \(the routing table is empty/)

    const table = await peer.ok({ cmd: 'routingTable' })
    assert.deepEqual([table.size, table.peers], [0, []], JSON.stringify(table))
  } finally {
    assert.equal(await peer.close(), 0, 'exits 0 when stdin closes')
  }
})

test('a bad --seed is reported as an error line and exit code 1', async () => {
  await assert.rejects(run('node', ['js-dht-peer.mjs', '--seed', 'zz'], { timeout: 60_000 }),
    err => err.code === 1 && /64 hex digits/.test(JSON.parse(err.stdout.trim()).error))
})
