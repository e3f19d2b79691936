package main

// The commands, one JSON object per line, and their answers (besides "cmd" and "id"):
//
//	{"cmd":"connect","addr":"<multiaddr with /p2p/>","waitMs":N}
//	  → {"peerId","remoteAddr","inRoutingTable"} (waits up to waitMs for the DHT routing table)
//	{"cmd":"ping","addr":"…","count":N} → {"peerId","rttMs":[…]}
//	{"cmd":"identify","addr":"…"} → {"peerId","agentVersion","protocolVersion","protocols",
//	  "listenAddrs","observedAddr","localAddr","publicKeyMatchesPeerId"}; observedAddr is how the
//	  remote saw this side, localAddr this side's end of the connection
//	{"cmd":"echo","addr":"…","bytes":N} → {"sent","received","sentSha256","receivedSha256","match"}
//	{"cmd":"echoLog"} → {"echoes":[{"peerId","bytes","sha256"}]} (what the echo handler served)
//	{"cmd":"put","key":"/app/x","value":"<hex>"} → {"storedOn":[peer ids]}: after kad-dht's
//	  PutValue, each routing-table peer is asked GET_VALUE; storedOn lists those that hold the value
//	{"cmd":"get","key":"…"} → {"found","value"}
//	{"cmd":"getLocal","key":"…"} → {"found","value"} (this node's record store, no network)
//	{"cmd":"provide","cid":"…"} → {"heldBy":[peer ids]}: after kad-dht's Provide, each
//	  routing-table peer is asked GET_PROVIDERS; heldBy lists those that name this peer
//	{"cmd":"findProviders","cid":"…"} → {"providers":[{"peerId","addrs"}]}
//	{"cmd":"findPeer","peerId":"…"} → {"found","addrs","wasConnected"}
//	{"cmd":"closestPeers","key":"<utf8>"} or {"peerId":"…"} → {"peers":[…]}
//	{"cmd":"routingTable"} → {"size","peers"}
//	{"cmd":"mdnsPeers"} → {"found","connected"}: the peers mDNS discovery reported (--mdns), and
//	those it connected to

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"time"

	"github.com/ipfs/go-cid"
	pb "github.com/libp2p/go-libp2p-kad-dht/pb"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/routing"
	"github.com/libp2p/go-libp2p/p2p/protocol/ping"
	ma "github.com/multiformats/go-multiaddr"
)

type command func(ctx context.Context, a args) (map[string]any, error)

// args reads the fields of one command, failing with a message that names the field.
type args map[string]any

func (a args) string(field string) (string, error) {
	value, ok := a[field].(string)
	if !ok || value == "" {
		return "", fmt.Errorf("%q needs a non-empty string field %q", a["cmd"], field)
	}
	return value, nil
}

func (a args) int(field string, fallback int) int {
	if value, ok := a[field].(float64); ok {
		return int(value)
	}
	return fallback
}

func (a args) addrInfo() (*peer.AddrInfo, error) {
	text, err := a.string("addr")
	if err != nil {
		return nil, err
	}
	addr, err := ma.NewMultiaddr(text)
	if err != nil {
		return nil, fmt.Errorf("%q is not a multiaddr: %w", text, err)
	}
	return peer.AddrInfoFromP2pAddr(addr)
}

func (a args) peerID() (peer.ID, error) {
	text, err := a.string("peerId")
	if err != nil {
		return "", err
	}
	return peer.Decode(text)
}

func (a args) cid() (cid.Cid, error) {
	text, err := a.string("cid")
	if err != nil {
		return cid.Undef, err
	}
	return cid.Decode(text)
}

func (p *goPeer) commands() map[string]command {
	return map[string]command{
		"connect":       p.connect,
		"ping":          p.ping,
		"identify":      p.identify,
		"echo":          p.echo,
		"echoLog":       func(context.Context, args) (map[string]any, error) { return map[string]any{"echoes": p.echoLog()}, nil },
		"put":           p.dhtCommand(p.put),
		"get":           p.dhtCommand(p.get),
		"getLocal":      p.dhtCommand(p.getLocal),
		"provide":       p.dhtCommand(p.provide),
		"findProviders": p.dhtCommand(p.findProviders),
		"findPeer":      p.dhtCommand(p.findPeer),
		"closestPeers":  p.dhtCommand(p.closestPeers),
		"routingTable":  p.dhtCommand(p.routingTable),
		"mdnsPeers": func(ctx context.Context, a args) (map[string]any, error) {
			if p.mdns == nil {
				return nil, fmt.Errorf("mdnsPeers needs --mdns")
			}
			return p.mdns.peers(ctx, a)
		},
	}
}

func (p *goPeer) dhtCommand(run command) command {
	return func(ctx context.Context, a args) (map[string]any, error) {
		if p.kad == nil {
			return nil, errors.New("this peer runs no DHT: start it with --dht <protocol id>")
		}
		return run(ctx, a)
	}
}

// dial connects to the peer at the command's "addr" and returns its id.
func (p *goPeer) dial(ctx context.Context, a args) (peer.ID, error) {
	info, err := a.addrInfo()
	if err != nil {
		return "", err
	}
	if err := p.host.Connect(ctx, *info); err != nil {
		return "", fmt.Errorf("dialing %s failed: %w", info, err)
	}
	return info.ID, nil
}

func (p *goPeer) connect(ctx context.Context, a args) (map[string]any, error) {
	id, err := p.dial(ctx, a)
	if err != nil {
		return nil, err
	}
	inTable := false
	if p.kad != nil {
		deadline := time.Now().Add(time.Duration(a.int("waitMs", 10_000)) * time.Millisecond)
		for !inTable && time.Now().Before(deadline) && ctx.Err() == nil {
			inTable = p.kad.RoutingTable().Find(id) != ""
			if !inTable {
				time.Sleep(50 * time.Millisecond) // kad-dht offers no event for a routing table change
			}
		}
	}
	remote := ""
	if conns := p.host.Network().ConnsToPeer(id); len(conns) > 0 {
		remote = conns[0].RemoteMultiaddr().String()
	}
	return map[string]any{"peerId": id.String(), "remoteAddr": remote, "inRoutingTable": inTable}, nil
}

func (p *goPeer) ping(ctx context.Context, a args) (map[string]any, error) {
	id, err := p.dial(ctx, a)
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := ping.Ping(pingCtx, p.host, id)
	var rtts []float64
	for len(rtts) < a.int("count", 3) {
		select {
		case result := <-results:
			if result.Error != nil {
				return nil, fmt.Errorf("ping %s failed: %w", id, result.Error)
			}
			rtts = append(rtts, float64(result.RTT.Microseconds())/1000)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return map[string]any{"peerId": id.String(), "rttMs": rtts}, nil
}

func (p *goPeer) identify(ctx context.Context, a args) (map[string]any, error) {
	id, err := p.dial(ctx, a)
	if err != nil {
		return nil, err
	}
	done, err := p.awaitIdentify(ctx, id)
	if err != nil {
		return nil, err
	}
	var listen []string
	for _, addr := range done.ListenAddrs {
		listen = append(listen, addr.String())
	}
	observed := ""
	if done.ObservedAddr != nil {
		observed = done.ObservedAddr.String()
	}
	key := p.host.Peerstore().PubKey(id)
	return map[string]any{
		"peerId":                 id.String(),
		"agentVersion":           done.AgentVersion,
		"protocolVersion":        done.ProtocolVersion,
		"protocols":              done.Protocols,
		"listenAddrs":            listen,
		"observedAddr":           observed,
		"localAddr":              done.Conn.LocalMultiaddr().String(),
		"publicKeyMatchesPeerId": key != nil && id.MatchesPublicKey(key),
	}, nil
}

// echo sends that many random bytes on /echo/1.0.0 while reading the echo, and compares hashes.
func (p *goPeer) echo(ctx context.Context, a args) (map[string]any, error) {
	id, err := p.dial(ctx, a)
	if err != nil {
		return nil, err
	}
	size := a.int("bytes", 1024)
	s, err := p.host.NewStream(ctx, id, echoProtocol)
	if err != nil {
		return nil, fmt.Errorf("opening %s to %s failed: %w", echoProtocol, id, err)
	}
	defer s.Close()
	if deadline, ok := ctx.Deadline(); ok {
		s.SetDeadline(deadline)
	}
	sent := sha256.New()
	written := make(chan error, 1)
	go func() { written <- writeRandom(s, size, sent) }()
	received := sha256.New()
	n, readErr := io.Copy(received, s)
	if err := <-written; err != nil {
		s.Reset()
		return nil, fmt.Errorf("writing the echo failed: %w", err)
	}
	if readErr != nil {
		return nil, fmt.Errorf("reading the echo failed after %d bytes: %w", n, readErr)
	}
	return map[string]any{
		"peerId":         id.String(),
		"sent":           size,
		"received":       n,
		"sentSha256":     hex.EncodeToString(sent.Sum(nil)),
		"receivedSha256": hex.EncodeToString(received.Sum(nil)),
		"match":          bytes.Equal(sent.Sum(nil), received.Sum(nil)) && int64(size) == n,
	}, nil
}

// writeRandom writes size random bytes in 64 KiB chunks into s and digest, then half-closes s.
func writeRandom(s network.Stream, size int, digest hash.Hash) error {
	chunk := make([]byte, 64*1024)
	for left := size; left > 0; left -= len(chunk) {
		if left < len(chunk) {
			chunk = chunk[:left]
		}
		rand.Read(chunk)
		digest.Write(chunk)
		if _, err := s.Write(chunk); err != nil {
			return err
		}
	}
	return s.CloseWrite()
}

func (p *goPeer) messenger() (*pb.ProtocolMessenger, error) {
	return pb.NewProtocolMessenger(p.kad.MessageSender())
}

func (p *goPeer) put(ctx context.Context, a args) (map[string]any, error) {
	key, err := a.string("key")
	if err != nil {
		return nil, err
	}
	valueHex, err := a.string("value")
	if err != nil {
		return nil, err
	}
	value, err := hex.DecodeString(valueHex)
	if err != nil {
		return nil, fmt.Errorf(`"value" must be hex: %w`, err)
	}
	if err := p.kad.PutValue(ctx, key, value); err != nil {
		return nil, err
	}
	messenger, err := p.messenger()
	if err != nil {
		return nil, err
	}
	storedOn := []string{}
	for _, other := range p.kad.RoutingTable().ListPeers() {
		rec, _, err := messenger.GetValue(ctx, other, key)
		if err == nil && rec != nil && bytes.Equal(rec.GetValue(), value) {
			storedOn = append(storedOn, other.String())
		}
	}
	return map[string]any{"key": key, "storedOn": storedOn}, nil
}

func (p *goPeer) get(ctx context.Context, a args) (map[string]any, error) {
	key, err := a.string("key")
	if err != nil {
		return nil, err
	}
	value, err := p.kad.GetValue(ctx, key)
	if errors.Is(err, routing.ErrNotFound) {
		return map[string]any{"key": key, "found": false}, nil
	}
	if err != nil {
		return nil, err
	}
	return map[string]any{"key": key, "found": true, "value": hex.EncodeToString(value)}, nil
}

func (p *goPeer) getLocal(ctx context.Context, a args) (map[string]any, error) {
	key, err := a.string("key")
	if err != nil {
		return nil, err
	}
	value, found, err := p.values.get(ctx, key)
	if err != nil {
		return nil, err
	}
	answer := map[string]any{"key": key, "found": found}
	if found {
		answer["value"] = hex.EncodeToString(value)
	}
	return answer, nil
}

func (p *goPeer) provide(ctx context.Context, a args) (map[string]any, error) {
	c, err := a.cid()
	if err != nil {
		return nil, err
	}
	if err := p.kad.Provide(ctx, c, true); err != nil {
		return nil, err
	}
	messenger, err := p.messenger()
	if err != nil {
		return nil, err
	}
	heldBy := []string{}
	for _, other := range p.kad.RoutingTable().ListPeers() {
		providers, _, err := messenger.GetProviders(ctx, other, c.Hash())
		if err != nil {
			continue
		}
		for _, provider := range providers {
			if provider.ID == p.host.ID() {
				heldBy = append(heldBy, other.String())
				break
			}
		}
	}
	return map[string]any{"cid": c.String(), "heldBy": heldBy}, nil
}

func (p *goPeer) findProviders(ctx context.Context, a args) (map[string]any, error) {
	c, err := a.cid()
	if err != nil {
		return nil, err
	}
	found, err := p.kad.FindProviders(ctx, c)
	if err != nil {
		return nil, err
	}
	providers := []map[string]any{}
	for _, info := range found {
		providers = append(providers, map[string]any{"peerId": info.ID.String(), "addrs": addrStrings(info.Addrs)})
	}
	return map[string]any{"cid": c.String(), "providers": providers}, nil
}

func (p *goPeer) findPeer(ctx context.Context, a args) (map[string]any, error) {
	id, err := a.peerID()
	if err != nil {
		return nil, err
	}
	// kad-dht answers from its connections without a lookup; say whether that was the case
	wasConnected := p.host.Network().Connectedness(id) == network.Connected
	info, err := p.kad.FindPeer(ctx, id)
	if errors.Is(err, routing.ErrNotFound) {
		return map[string]any{"peerId": id.String(), "found": false, "wasConnected": wasConnected}, nil
	}
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"peerId": id.String(), "found": true, "addrs": addrStrings(info.Addrs), "wasConnected": wasConnected,
	}, nil
}

func (p *goPeer) closestPeers(ctx context.Context, a args) (map[string]any, error) {
	var key string
	if _, ok := a["peerId"]; ok {
		id, err := a.peerID()
		if err != nil {
			return nil, err
		}
		key = string(id)
	} else {
		text, err := a.string("key")
		if err != nil {
			return nil, err
		}
		key = text
	}
	peers, err := p.kad.GetClosestPeers(ctx, key)
	if err != nil {
		return nil, err
	}
	return map[string]any{"peers": peerStrings(peers)}, nil
}

func (p *goPeer) routingTable(context.Context, args) (map[string]any, error) {
	peers := p.kad.RoutingTable().ListPeers()
	return map[string]any{"size": len(peers), "peers": peerStrings(peers)}, nil
}

func addrStrings(addrs []ma.Multiaddr) []string {
	out := []string{}
	for _, addr := range addrs {
		out = append(out, addr.String())
	}
	return out
}

func peerStrings(peers []peer.ID) []string {
	out := []string{}
	for _, id := range peers {
		out = append(out, id.String())
	}
	return out
}
