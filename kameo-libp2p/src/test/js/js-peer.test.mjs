// js-to-js check of js-peer.mjs, without Java: `npm test` (node's test runner).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFile } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'

const run = promisify(execFile)
const SEED = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'

async function peer (...args) {
  const { stdout } = await run('node', ['js-peer.mjs', ...args], { timeout: 60_000 })
  return JSON.parse(stdout.trim())
}

test('peerid is derived from the seed', async () => {
  const a = await peer('peerid', '--seed', SEED)
  const b = await peer('peerid', '--seed', SEED)
  assert.match(a.peerId, /^12D3KooW/)
  assert.equal(a.peerId, b.peerId)
})

test('a js listener answers ping, identify and echo from a js dialer', async () => {
  const listener = spawn('node', ['js-peer.mjs', 'listen', '--seed', SEED], { stdio: ['pipe', 'pipe', 'inherit'] })
  try {
    const [line] = await once(createInterface({ input: listener.stdout }), 'line')
    const { peerId, addrs } = JSON.parse(line)
    assert.equal(peerId, (await peer('peerid', '--seed', SEED)).peerId)
    const ping = await peer('dial', addrs[0], 'ping')
    assert.ok(ping.rttMs >= 0)
    const id = await peer('dial', addrs[0], 'identify')
    assert.equal(id.peerId, peerId)
    assert.equal(id.publicKeyMatchesPeerId, true)
    assert.ok(id.protocols.includes('/echo/1.0.0'))
    const echo = await peer('dial', addrs[0], 'echo', 'hello')
    assert.equal(echo.echo, 'hello')
  } finally {
    listener.stdin.end()
    await once(listener, 'exit')
  }
})

test('a failed dial prints an error and exits 1', async () => {
  await assert.rejects(run('node', ['js-peer.mjs', 'dial', '/ip4/127.0.0.1/tcp/1', 'ping'], { timeout: 60_000 }),
    err => err.code === 1 && JSON.parse(err.stdout.trim()).error != null)
})
