// A go-libp2p peer for the kameo-remote interop tests, driven as a subprocess by JSON lines.
//
//	go-peer [--seed <64 hex>] [--dht <kad protocol id>] [--mdns]
//
// It listens on /ip4/127.0.0.1/tcp/0 with TCP + Noise + Yamux, identify, ping and an /echo/1.0.0
// handler and, with --dht, go-libp2p-kad-dht in server mode speaking the given protocol id (for
// example /ipfs/kad/1.0.0) and, with --mdns, go-libp2p's mDNS discovery, which connects to every
// peer it finds. It prints one line
//
//	{"peerId":"…","addrs":["…/p2p/…"],"agentVersion":"…","protocols":["…"],"kadProtocol":"…"}
//
// then reads one JSON command per line on stdin and prints one JSON answer line per command, in
// order, each with the command's "cmd" and "id"; a failed command answers {"error":"…"}. Every
// command runs under a timeout ("timeoutMs", default 20000). The commands are documented in
// commands.go. It exits 0 when stdin closes or after {"cmd":"stop"}.
package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"github.com/libp2p/go-libp2p"
	dht "github.com/libp2p/go-libp2p-kad-dht"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/libp2p/go-libp2p/p2p/muxer/yamux"
	"github.com/libp2p/go-libp2p/p2p/security/noise"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
)

const defaultTimeout = 20 * time.Second

// print writes one JSON line to stdout.
func print(value any) {
	line, err := json.Marshal(value)
	if err != nil {
		line = []byte(fmt.Sprintf(`{"error":%q}`, "unprintable answer: "+err.Error()))
	}
	os.Stdout.Write(append(line, '\n'))
}

func fail(format string, args ...any) {
	print(map[string]any{"error": fmt.Sprintf(format, args...)})
	os.Exit(1)
}

// privateKey returns the Ed25519 key derived from 64 hex digits, or a random one for "".
func privateKey(seedHex string) (crypto.PrivKey, error) {
	if seedHex == "" {
		key, _, err := crypto.GenerateEd25519Key(nil)
		return key, err
	}
	seed, err := hex.DecodeString(seedHex)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("--seed must be 64 hex digits (32 bytes), got %q", seedHex)
	}
	return crypto.UnmarshalEd25519PrivateKey(ed25519.NewKeyFromSeed(seed))
}

// libp2pVersion returns the go-libp2p module version this binary was built with.
func libp2pVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/libp2p/go-libp2p" {
				return dep.Version
			}
		}
	}
	return "unknown"
}

func newHost(key crypto.PrivKey, agent string) (host.Host, error) {
	return libp2p.New(
		libp2p.Identity(key),
		libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"),
		libp2p.Transport(tcp.NewTCPTransport),
		libp2p.Security(noise.ID, noise.New),
		libp2p.Muxer(yamux.ID, yamux.DefaultTransport),
		libp2p.UserAgent(agent),
		libp2p.DisableRelay(),
		libp2p.Ping(true),
	)
}

func main() {
	seed := flag.String("seed", "", "64 hex digits: a deterministic Ed25519 identity")
	kadProtocol := flag.String("dht", "", "run kad-dht in server mode with this protocol id")
	mdnsOn := flag.Bool("mdns", false, "run go-libp2p's mDNS discovery and connect to the peers it finds")
	flag.Parse()

	key, err := privateKey(*seed)
	if err != nil {
		fail("%v", err)
	}
	agent := "kameo-interop-go/0.1.0 go-libp2p/" + libp2pVersion()
	h, err := newHost(key, agent)
	if err != nil {
		fail("starting the host failed: %v", err)
	}
	peer := newPeer(h)
	if *kadProtocol != "" {
		if err := peer.startDht(protocol.ID(*kadProtocol)); err != nil {
			fail("starting kad-dht failed: %v", err)
		}
	}
	if *mdnsOn {
		finder, err := startMdns(h)
		if err != nil {
			fail("starting mDNS discovery failed: %v", err)
		}
		peer.mdns = finder
	}

	var addrs []string
	for _, addr := range h.Addrs() {
		addrs = append(addrs, fmt.Sprintf("%s/p2p/%s", addr, h.ID()))
	}
	print(map[string]any{
		"peerId":       h.ID().String(),
		"addrs":        addrs,
		"agentVersion": agent,
		"protocols":    h.Mux().Protocols(),
		"kadProtocol":  *kadProtocol,
	})

	lines := bufio.NewScanner(os.Stdin)
	lines.Buffer(make([]byte, 1<<20), 1<<20)
	for lines.Scan() {
		if len(lines.Bytes()) == 0 {
			continue
		}
		answer, stop := peer.answer(lines.Bytes())
		print(answer)
		if stop {
			break
		}
	}
	peer.close()
}

// answer runs one command line and returns its answer, and whether the peer should stop.
func (p *goPeer) answer(line []byte) (map[string]any, bool) {
	var command map[string]any
	if err := json.Unmarshal(line, &command); err != nil {
		return map[string]any{"error": fmt.Sprintf("invalid JSON command: %v: %s", err, line)}, false
	}
	base := map[string]any{"cmd": command["cmd"]}
	if id, ok := command["id"]; ok {
		base["id"] = id
	}
	name, _ := command["cmd"].(string)
	if name == "stop" {
		base["stopped"] = true
		return base, true
	}
	run, ok := p.commands()[name]
	if !ok {
		base["error"] = fmt.Sprintf("unknown command %q", name)
		return base, false
	}
	timeout := defaultTimeout
	if ms, ok := command["timeoutMs"].(float64); ok && ms > 0 {
		timeout = time.Duration(ms) * time.Millisecond
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	result, err := run(ctx, args(command))
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("%s timed out after %v: %w", name, timeout, err)
		}
		base["error"] = err.Error()
		return base, false
	}
	for k, v := range result {
		base[k] = v
	}
	return base, false
}

// dhtOptions configures kad-dht for loopback tests: server mode, the given protocol id, and an
// accept-all validator for the "app" namespace (go's own validators keep /pk and /ipns).
func dhtOptions(proto protocol.ID, values *valueStore) []dht.Option {
	return []dht.Option{
		dht.Mode(dht.ModeServer),
		// kad-dht refuses extra validators under its default prefix /ipfs; a prefix of our own
		// plus the explicit protocol id keeps the wire protocol exactly proto
		dht.ProtocolPrefix("/kameo-interop"),
		dht.V1ProtocolOverride(proto),
		dht.NamespacedValidator("app", acceptAll{}),
		dht.ValueDatastore(values.datastore),
	}
}
