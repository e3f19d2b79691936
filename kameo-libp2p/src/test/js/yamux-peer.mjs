// A bare js yamux endpoint (no noise, no multistream-select) for wire tests of the Java yamux
// engine: `node yamux-peer.mjs listen` accepts TCP connections on 127.0.0.1, runs
// @chainsafe/libp2p-yamux as the listener (server) side directly over each socket, echoes every
// inbound stream (closing its write side after the remote's FIN), prints {"port":N} and runs until
// its standard input closes. js yamux pings each new connection once by itself.
//
// stream-to-it, it-pipe and @libp2p/logger are dependencies of the pinned libp2p packages.
// common.mjs installs the Promise.withResolvers polyfill Node 20 needs, before yamux is loaded.
import './common.mjs'

const net = await import('node:net')
const { yamux } = await import('@chainsafe/libp2p-yamux')
const { defaultLogger } = await import('@libp2p/logger')
const toIt = await import('stream-to-it')
const { pipe } = await import('it-pipe')

if (process.argv[2] !== 'listen') {
  process.stdout.write(JSON.stringify({ error: 'usage: node yamux-peer.mjs listen' }) + '\n')
  process.exit(1)
}

const factory = yamux()({ logger: defaultLogger() })
const server = net.createServer(socket => {
  const muxer = factory.createStreamMuxer({
    direction: 'inbound',
    onIncomingStream: stream => {
      stream.sink(stream.source).catch(err => stream.abort(err))
    }
  })
  const connection = toIt.duplex(socket)
  // the muxer yields Uint8ArrayLists; a socket takes plain byte arrays
  const flatten = async function * (source) {
    for await (const chunk of source) yield chunk.subarray()
  }
  pipe(connection, muxer, flatten, connection).catch(() => socket.destroy())
})
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n')
})
const stop = () => { server.close(); process.exit(0) }
process.stdin.on('end', stop)
process.stdin.on('close', stop)
process.stdin.resume()
