package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	ds "github.com/ipfs/go-datastore"
	dssync "github.com/ipfs/go-datastore/sync"
	dht "github.com/libp2p/go-libp2p-kad-dht"
	"github.com/libp2p/go-libp2p-kad-dht/records"
	"github.com/libp2p/go-libp2p/core/event"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
)

// echoProtocol echoes raw bytes and closes its write side after the remote's FIN.
const echoProtocol = "/echo/1.0.0"

// goPeer is the state of the running peer: its host, its DHT (nil without --dht), the identify
// results seen so far and what its echo handler served.
type goPeer struct {
	host   host.Host
	kad    *dht.IpfsDHT
	values *valueStore

	mu         sync.Mutex
	identified map[peer.ID]identifyResult // latest identify result per peer, guarded by mu
	changed    chan struct{}              // closed and replaced when identified changes, guarded by mu
	echoes     []map[string]any           // one entry per served echo stream, guarded by mu

	mdns *mdnsFinder // with --mdns
}

// identifyResult is one identify outcome: the event, or the reason it failed.
type identifyResult struct {
	done   *event.EvtPeerIdentificationCompleted
	failed error
}

// valueStore is the datastore behind kad-dht's value records, read through kad-dht's own record
// store so that getLocal sees exactly what the DHT serves.
type valueStore struct {
	datastore ds.Batching
}

func newPeer(h host.Host) *goPeer {
	p := &goPeer{
		host:       h,
		values:     &valueStore{datastore: dssync.MutexWrap(ds.NewMapDatastore())},
		identified: map[peer.ID]identifyResult{},
		changed:    make(chan struct{}),
	}
	h.SetStreamHandler(echoProtocol, p.serveEcho)
	sub, err := h.EventBus().Subscribe([]any{
		new(event.EvtPeerIdentificationCompleted), new(event.EvtPeerIdentificationFailed),
	})
	if err != nil {
		fail("subscribing to identify events failed: %v", err)
	}
	go func() {
		for e := range sub.Out() {
			switch e := e.(type) {
			case event.EvtPeerIdentificationCompleted:
				p.recordIdentify(e.Peer, identifyResult{done: &e})
			case event.EvtPeerIdentificationFailed:
				p.recordIdentify(e.Peer, identifyResult{failed: e.Reason})
			}
		}
	}()
	return p
}

func (p *goPeer) startDht(proto protocol.ID) error {
	kad, err := dht.New(p.host, dhtOptions(proto, p.values)...)
	if err != nil {
		return err
	}
	p.kad = kad
	return nil
}

func (p *goPeer) close() {
	if p.kad != nil {
		p.kad.Close()
	}
	p.host.Close()
}

func (p *goPeer) recordIdentify(id peer.ID, result identifyResult) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.identified[id] = result
	close(p.changed)
	p.changed = make(chan struct{})
}

// awaitIdentify waits until an identify result for id is recorded.
func (p *goPeer) awaitIdentify(ctx context.Context, id peer.ID) (*event.EvtPeerIdentificationCompleted, error) {
	for {
		p.mu.Lock()
		result, ok := p.identified[id]
		changed := p.changed
		p.mu.Unlock()
		if ok && result.done != nil {
			return result.done, nil
		}
		if ok && result.failed != nil {
			return nil, fmt.Errorf("identify of %s failed: %w", id, result.failed)
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// serveEcho copies the stream back to itself and records the size and SHA-256 of what it echoed.
func (p *goPeer) serveEcho(s network.Stream) {
	digest := sha256.New()
	n, err := io.Copy(s, io.TeeReader(s, digest))
	entry := map[string]any{
		"peerId": s.Conn().RemotePeer().String(),
		"bytes":  n,
		"sha256": hex.EncodeToString(digest.Sum(nil)),
	}
	if err != nil {
		entry["error"] = err.Error()
		s.Reset()
	} else {
		s.Close() // FIN after the remote's FIN: the read side is at EOF already
	}
	p.mu.Lock()
	p.echoes = append(p.echoes, entry)
	p.mu.Unlock()
}

// echoLog returns what the echo handler served so far.
func (p *goPeer) echoLog() []map[string]any {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]map[string]any{}, p.echoes...)
}

// get reads the record stored here under key, as the DHT would serve it.
func (v *valueStore) get(ctx context.Context, key string) ([]byte, bool, error) {
	store := records.NewValueStore(v.datastore, acceptAll{}, 48*time.Hour)
	rec, err := store.Get(ctx, key)
	if err != nil {
		return nil, false, err
	}
	if rec == nil {
		return nil, false, nil
	}
	return rec.GetValue(), true, nil
}

// acceptAll validates every value and selects the first, like the js peer's "app" namespace.
type acceptAll struct{}

func (acceptAll) Validate(string, []byte) error { return nil }

func (acceptAll) Select(_ string, values [][]byte) (int, error) {
	if len(values) == 0 {
		return 0, errors.New("no values to select from")
	}
	return 0, nil
}
