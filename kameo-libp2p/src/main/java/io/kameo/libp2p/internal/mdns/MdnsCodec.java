package io.kameo.libp2p.internal.mdns;

import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.mdns.MdnsMessage.Announcement;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.dns.DefaultDnsPtrRecord;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRecordEncoder;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.util.ReferenceCountUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. Reads and writes the mDNS packets of libp2p's discovery spec ({@code
 * discovery/mdns.md}): the query {@code _p2p._udp.local PTR}, and the response whose answer is
 * {@code _p2p._udp.local PTR <peer-name>._p2p._udp.local} and whose TXT records for that name carry
 * {@code dnsaddr=<multiaddr>/p2p/<id>} attributes. A response also carries the DNS-SD records the
 * spec recommends, {@code <peer-name>._p2p._udp.local SRV} and {@code <peer-name>.p2p.local
 * A/AAAA}, which DNS-SD browsers such as go-libp2p's need; reading needs only the PTR and TXT
 * records. Netty's DNS record codec reads and writes the questions and records (names, compression
 * pointers); this class adds the 12-byte header and the spec's rules.
 *
 * <p>Reading is bounded: a packet above {@value #MAX_PACKET} bytes (RFC 6762's limit) or with more
 * than {@value #MAX_RECORDS} questions and records is refused, an announcement keeps at most
 * {@value #MAX_ADDRESSES} addresses, and a malformed packet is refused with an {@link
 * IllegalArgumentException}, the only exception {@link #decode} throws. An announcement whose
 * addresses name more than one peer id (a peer announcing addresses for another peer) is dropped,
 * as are addresses without a {@code /p2p/} part. Stateless and thread-safe.
 */
public final class MdnsCodec {
  private static final Logger LOG = LoggerFactory.getLogger(MdnsCodec.class);

  /** The DNS-SD service name of libp2p peers, as a fully qualified name. */
  public static final String SERVICE = "_p2p._udp.local.";

  /** The largest packet read or written (RFC 6762, section 17). */
  public static final int MAX_PACKET = 9000;

  /** The most questions and records one packet may hold. */
  public static final int MAX_RECORDS = 64;

  /** The most addresses one announcement keeps. */
  public static final int MAX_ADDRESSES = 16;

  /** The longest peer-name label. */
  public static final int MAX_PEER_NAME = 63;

  private static final int HEADER_BYTES = 12;
  private static final int FLAG_RESPONSE = 0x8000;
  private static final int FLAGS_AUTHORITATIVE_RESPONSE = 0x8400;
  private static final int OPCODE_MASK = 0x7800;
  private static final int RCODE_MASK = 0x000f;
  private static final int CACHE_FLUSH = 0x8000;
  private static final String DNSADDR = "dnsaddr=";
  private static final String SUFFIX = "." + SERVICE;
  private static final String HOST_SUFFIX = ".p2p.local.";
  private static final int MAX_HOST_ADDRESSES = 8;

  private MdnsCodec() {}

  /** Returns the query for all libp2p peers: {@code _p2p._udp.local PTR}. */
  public static byte[] encodeQuery() {
    ByteBuf out = Unpooled.buffer(64);
    try {
      writeHeader(out, 0, 1, 0, 0);
      DnsRecordEncoder.DEFAULT.encodeQuestion(
          new DefaultDnsQuestion(SERVICE, DnsRecordType.PTR), out);
      return ByteBufUtil.getBytes(out);
    } catch (Exception e) {
      throw new IllegalStateException("encoding the mDNS query failed", e);
    } finally {
      out.release();
    }
  }

  /**
   * Returns the response announcing {@code addresses} (each with its {@code /p2p/} part) under
   * {@code peerName} for {@code ttl} (zero: goodbye). Addresses whose attribute would exceed a TXT
   * string's 255 bytes, or the packet's {@value #MAX_PACKET}, are left out.
   *
   * @throws IllegalArgumentException if the name is not one label of 1 to 63 characters, or no
   *     address fits
   */
  public static byte[] encodeResponse(String peerName, List<Multiaddr> addresses, Duration ttl) {
    checkPeerName(peerName);
    String owner = peerName + SUFFIX;
    long ttlSeconds = ttl.toSeconds();
    List<InetSocketAddress> sockets = ipSockets(addresses);
    ByteBuf out = Unpooled.buffer(512);
    ByteBuf txt = Unpooled.buffer(256);
    try {
      int extra = 1 + (sockets.isEmpty() ? 0 : 1 + sockets.size());
      writeHeader(out, FLAGS_AUTHORITATIVE_RESPONSE, 0, 1, extra);
      DnsRecordEncoder.DEFAULT.encodeRecord(
          new DefaultDnsPtrRecord(SERVICE, DnsRecord.CLASS_IN, ttlSeconds, owner), out);
      // the TXT record's fixed part (name, type, class, ttl, rdata length) and the host records
      int hostName = (peerName + HOST_SUFFIX).length() + 1;
      int txtOverhead =
          owner.length()
              + 2
              + 10
              + (sockets.isEmpty() ? 0 : owner.length() + 2 + 16 + hostName)
              + sockets.size() * (hostName + 10 + 16);
      for (Multiaddr address : addresses) {
        byte[] attribute = (DNSADDR + address).getBytes(StandardCharsets.UTF_8);
        if (attribute.length > 255
            || out.readableBytes() + txtOverhead + txt.readableBytes() + 1 + attribute.length
                > MAX_PACKET) {
          continue;
        }
        txt.writeByte(attribute.length).writeBytes(attribute);
      }
      if (!txt.isReadable()) {
        throw new IllegalArgumentException("no address fits an mDNS response: " + addresses);
      }
      DnsRecordEncoder.DEFAULT.encodeRecord(
          new DefaultDnsRawRecord(
              owner, DnsRecordType.TXT, DnsRecord.CLASS_IN | CACHE_FLUSH, ttlSeconds, txt),
          out);
      if (!sockets.isEmpty()) {
        writeHostRecords(out, owner, peerName + HOST_SUFFIX, sockets, ttlSeconds);
      }
      return ByteBufUtil.getBytes(out);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("encoding the mDNS response failed", e);
    } finally {
      out.release();
      txt.release();
    }
  }

  /**
   * Writes the DNS-SD records the spec recommends besides the TXT record, which DNS-SD browsers
   * (go-libp2p's among them) need before they report a peer: {@code <owner> SRV 0 0 <port> <host>},
   * with the first address's port, and {@code <host> A} or {@code AAAA} for each distinct IP
   * address.
   */
  private static void writeHostRecords(
      ByteBuf out, String owner, String host, List<InetSocketAddress> sockets, long ttl)
      throws Exception {
    ByteBuf srv = Unpooled.buffer(64);
    srv.writeShort(0).writeShort(0).writeShort(sockets.get(0).getPort());
    writeName(srv, host);
    DnsRecordEncoder.DEFAULT.encodeRecord(
        new DefaultDnsRawRecord(
            owner, DnsRecordType.SRV, DnsRecord.CLASS_IN | CACHE_FLUSH, ttl, srv),
        out);
    srv.release();
    for (InetSocketAddress socket : sockets) {
      InetAddress ip = socket.getAddress();
      DnsRecordType type = ip instanceof Inet4Address ? DnsRecordType.A : DnsRecordType.AAAA;
      ByteBuf rdata = Unpooled.wrappedBuffer(ip.getAddress());
      DnsRecordEncoder.DEFAULT.encodeRecord(
          new DefaultDnsRawRecord(host, type, DnsRecord.CLASS_IN | CACHE_FLUSH, ttl, rdata), out);
      rdata.release();
    }
  }

  /** Returns the distinct IP sockets of the addresses (at most {@value #MAX_HOST_ADDRESSES}). */
  private static List<InetSocketAddress> ipSockets(List<Multiaddr> addresses) {
    Map<InetAddress, InetSocketAddress> byIp = new LinkedHashMap<>();
    for (Multiaddr address : addresses) {
      address
          .tcpAddress()
          .filter(s -> !s.isUnresolved())
          .ifPresent(s -> byIp.putIfAbsent(s.getAddress(), s));
    }
    return byIp.values().stream().limit(MAX_HOST_ADDRESSES).toList();
  }

  /** Writes {@code name} as uncompressed labels, as in a record's rdata. */
  private static void writeName(ByteBuf out, String name) {
    for (String label : name.split("\\.")) {
      if (!label.isEmpty()) {
        byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
        out.writeByte(bytes.length).writeBytes(bytes);
      }
    }
    out.writeByte(0);
  }

  /**
   * Reads one packet (its readable bytes; the buffer's indexes are left alone).
   *
   * @throws IllegalArgumentException if the packet is too large, malformed or not a standard query
   *     or response
   */
  public static MdnsMessage decode(ByteBuf packet) {
    int size = packet.readableBytes();
    if (size > MAX_PACKET) {
      throw new IllegalArgumentException("packet of " + size + " bytes is above " + MAX_PACKET);
    }
    if (size < HEADER_BYTES) {
      throw new IllegalArgumentException("packet of " + size + " bytes has no full header");
    }
    // Netty reads compression pointers as indexes into the buffer: a slice starts at the header
    ByteBuf in = packet.slice();
    in.skipBytes(2);
    int flags = in.readUnsignedShort();
    int questions = in.readUnsignedShort();
    int records = in.readUnsignedShort() + in.readUnsignedShort() + in.readUnsignedShort();
    if (questions + records > MAX_RECORDS) {
      throw new IllegalArgumentException(
          (questions + records) + " questions and records are above " + MAX_RECORDS);
    }
    if ((flags & OPCODE_MASK) != 0) {
      throw new IllegalArgumentException("opcode " + ((flags & OPCODE_MASK) >> 11));
    }
    try {
      boolean findsPeers = false;
      for (int i = 0; i < questions; i++) {
        DnsQuestion q = DnsRecordDecoder.DEFAULT.decodeQuestion(in);
        findsPeers |=
            SERVICE.equalsIgnoreCase(q.name())
                && (q.type() == DnsRecordType.PTR || q.type() == DnsRecordType.ANY);
      }
      if ((flags & FLAG_RESPONSE) == 0) {
        return new MdnsMessage.Query(findsPeers);
      }
      if ((flags & RCODE_MASK) != 0) {
        throw new IllegalArgumentException("response code " + (flags & RCODE_MASK));
      }
      return new MdnsMessage.Response(readAnnouncements(in, records));
    } catch (CorruptedFrameException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("malformed mDNS packet: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Netty's DNS decoder failed", e);
    }
  }

  private static List<Announcement> readAnnouncements(ByteBuf in, int records) throws Exception {
    Map<String, Long> ttls = new LinkedHashMap<>();
    Map<String, List<String>> attributes = new LinkedHashMap<>();
    for (int i = 0; i < records; i++) {
      DnsRecord r = DnsRecordDecoder.DEFAULT.decodeRecord(in);
      if (r == null) {
        throw new IllegalArgumentException("record " + i + " is cut off");
      }
      try {
        if (r instanceof DnsPtrRecord ptr && SERVICE.equalsIgnoreCase(r.name())) {
          String peerName = peerNameOf(ptr.hostname());
          if (peerName != null) {
            ttls.putIfAbsent(peerName, r.timeToLive());
          }
        } else if (r instanceof DnsRawRecord raw && r.type() == DnsRecordType.TXT) {
          attributes
              .computeIfAbsent(r.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
              .addAll(characterStrings(raw.content()));
        }
      } finally {
        ReferenceCountUtil.release(r);
      }
    }
    List<Announcement> out = new ArrayList<>();
    ttls.forEach(
        (peerName, ttl) -> {
          Announcement a =
              announcement(peerName, attributes.getOrDefault(peerName + SUFFIX, List.of()), ttl);
          if (a != null) {
            out.add(a);
          }
        });
    return out;
  }

  /** Returns the announcement, or null if its addresses name no peer or several peers. */
  private static Announcement announcement(String peerName, List<String> attributes, long ttl) {
    Set<PeerId> peers = new LinkedHashSet<>();
    List<Multiaddr> addresses = new ArrayList<>();
    for (String attribute : attributes) {
      if (addresses.size() == MAX_ADDRESSES) {
        break;
      }
      if (!attribute.regionMatches(true, 0, DNSADDR, 0, DNSADDR.length())) {
        continue;
      }
      Multiaddr address;
      try {
        address = Multiaddr.parse(attribute.substring(DNSADDR.length()));
      } catch (IllegalArgumentException e) {
        LOG.debug("mDNS peer {}: ignoring a malformed address: {}", peerName, e.getMessage());
        continue;
      }
      if (address.peerId().isEmpty()) {
        continue;
      }
      peers.add(address.peerId().get());
      addresses.add(address);
    }
    if (peers.size() > 1) {
      LOG.debug("mDNS peer {} announces addresses of several peers {}: dropped", peerName, peers);
      return null;
    }
    if (peers.isEmpty()) {
      return null;
    }
    return new Announcement(peerName, peers.iterator().next(), addresses, Duration.ofSeconds(ttl));
  }

  /** Returns the peer-name of {@code <peer-name>._p2p._udp.local.}, or null for another name. */
  private static String peerNameOf(String target) {
    if (target.length() <= SUFFIX.length()
        || !target.regionMatches(
            true, target.length() - SUFFIX.length(), SUFFIX, 0, SUFFIX.length())) {
      return null;
    }
    String label = target.substring(0, target.length() - SUFFIX.length());
    if (label.length() > MAX_PEER_NAME || label.indexOf('.') >= 0) {
      return null;
    }
    return label.toLowerCase(Locale.ROOT);
  }

  /** Reads a TXT record's rdata: character strings of a length byte and that many bytes. */
  private static List<String> characterStrings(ByteBuf rdata) {
    ByteBuf in = rdata.duplicate();
    List<String> out = new ArrayList<>();
    while (in.isReadable()) {
      int length = in.readUnsignedByte();
      if (length > in.readableBytes()) {
        throw new IllegalArgumentException(
            "TXT string of " + length + " bytes overruns its record");
      }
      out.add(in.readCharSequence(length, StandardCharsets.UTF_8).toString());
    }
    return out;
  }

  private static void checkPeerName(String peerName) {
    if (peerName.isEmpty() || peerName.length() > MAX_PEER_NAME || peerName.indexOf('.') >= 0) {
      throw new IllegalArgumentException("not a peer-name label: " + peerName);
    }
  }

  private static void writeHeader(ByteBuf out, int flags, int questions, int answers, int extra) {
    out.writeShort(0); // mDNS: id 0
    out.writeShort(flags);
    out.writeShort(questions);
    out.writeShort(answers);
    out.writeShort(0);
    out.writeShort(extra);
  }
}
