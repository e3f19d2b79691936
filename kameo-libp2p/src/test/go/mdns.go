package main

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/discovery/mdns"
)

// mdnsFinder runs go-libp2p's mDNS discovery: it records every peer the discovery reports and
// connects to it.
type mdnsFinder struct {
	host    host.Host
	service mdns.Service

	mu    sync.Mutex
	found map[peer.ID]bool // reported peers; true once a connect to one succeeded, guarded by mu
}

func startMdns(h host.Host) (*mdnsFinder, error) {
	f := &mdnsFinder{host: h, found: map[peer.ID]bool{}}
	f.service = mdns.NewMdnsService(h, "", f)
	if err := f.service.Start(); err != nil {
		return nil, err
	}
	return f, nil
}

// HandlePeerFound is go-libp2p's notifee callback.
func (f *mdnsFinder) HandlePeerFound(info peer.AddrInfo) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := f.host.Connect(ctx, info)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.found[info.ID] = f.found[info.ID] || err == nil
}

// peers answers the mdnsPeers command.
func (f *mdnsFinder) peers(context.Context, args) (map[string]any, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	found, connected := []string{}, []string{}
	for id, ok := range f.found {
		found = append(found, id.String())
		if ok {
			connected = append(connected, id.String())
		}
	}
	sort.Strings(found)
	sort.Strings(connected)
	return map[string]any{"found": found, "connected": connected}, nil
}
