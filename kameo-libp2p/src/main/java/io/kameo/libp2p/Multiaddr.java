package io.kameo.libp2p;

import io.kameo.libp2p.internal.wire.ByteReader;
import io.kameo.libp2p.internal.wire.Varint;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A multiaddr: a self-describing network address such as {@code
 * /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...}, a sequence of (protocol, value) components with a text
 * form and a binary form ({@code (<code uvarint><value>)+}), per the multiformats multiaddr spec
 * and the codes of the multicodec table.
 *
 * <p>The protocols known are those of {@link Protocol}; {@code /ipfs} parses as {@code /p2p}. Text
 * and bytes with an unknown protocol or a malformed value are rejected with an {@link
 * IllegalArgumentException} that names the bad part. Parsing never resolves host names.
 *
 * <p>Instances are immutable; methods throw {@link NullPointerException} for null arguments.
 */
public final class Multiaddr {

  /** The multiaddr protocols this library understands, with their multicodec codes. */
  public enum Protocol {
    /** {@code /ip4/<dotted quad>}: 4 bytes. */
    IP4("ip4", 0x04, 4),
    /** {@code /tcp/<port>}: 2 bytes, big-endian. */
    TCP("tcp", 0x06, 2),
    /** {@code /ip6/<address>}: 16 bytes. */
    IP6("ip6", 0x29, 16),
    /** {@code /ip6zone/<zone>}: the RFC 4007 zone of the {@code /ip6} that follows. */
    IP6ZONE("ip6zone", 0x2a, -1),
    /** {@code /dns/<name>}: a name resolvable to IPv4 and IPv6 addresses. */
    DNS("dns", 0x35, -1),
    /** {@code /dns4/<name>}: a name resolvable to IPv4 addresses. */
    DNS4("dns4", 0x36, -1),
    /** {@code /dns6/<name>}: a name resolvable to IPv6 addresses. */
    DNS6("dns6", 0x37, -1),
    /** {@code /dnsaddr/<name>}: a name whose TXT records hold multiaddrs. */
    DNSADDR("dnsaddr", 0x38, -1),
    /** {@code /udp/<port>}: 2 bytes, big-endian. */
    UDP("udp", 0x0111, 2),
    /** {@code /webrtc-direct}: no value. */
    WEBRTC_DIRECT("webrtc-direct", 0x0118, 0),
    /** {@code /webrtc}: no value. */
    WEBRTC("webrtc", 0x0119, 0),
    /** {@code /p2p-circuit}: a relayed connection; no value. */
    P2P_CIRCUIT("p2p-circuit", 0x0122, 0),
    /** {@code /p2p/<peer id>} (also parsed from {@code /ipfs/<peer id>}): the peer id multihash. */
    P2P("p2p", 0x01a5, -1),
    /** {@code /tls}: no value. */
    TLS("tls", 0x01c0, 0),
    /** {@code /sni/<name>}: the TLS server name. */
    SNI("sni", 0x01c1, -1),
    /** {@code /noise}: no value. */
    NOISE("noise", 0x01c6, 0),
    /** {@code /quic} (draft-29 QUIC): no value. */
    QUIC("quic", 0x01cc, 0),
    /** {@code /quic-v1}: no value. */
    QUIC_V1("quic-v1", 0x01cd, 0),
    /** {@code /webtransport}: no value. */
    WEBTRANSPORT("webtransport", 0x01d1, 0),
    /** {@code /ws}: no value. */
    WS("ws", 0x01dd, 0),
    /** {@code /wss}: no value. */
    WSS("wss", 0x01de, 0),
    /** {@code /http}: no value. */
    HTTP("http", 0x01e0, 0);

    private final String text;
    private final int code;
    private final int size;

    Protocol(String text, int code, int size) {
      this.text = text;
      this.code = code;
      this.size = size;
    }

    /** Returns the name used in the text form, e.g. {@code "quic-v1"}. */
    public String text() {
      return text;
    }

    /** Returns the multicodec code used in the binary form. */
    public int code() {
      return code;
    }

    boolean hasValue() {
      return size != 0;
    }

    static Protocol forName(String name) {
      for (Protocol p : values()) {
        if (p.text.equals(name)) {
          return p;
        }
      }
      return "ipfs".equals(name) ? P2P : null;
    }

    static Protocol forCode(long code) {
      for (Protocol p : values()) {
        if (p.code == code) {
          return p;
        }
      }
      return null;
    }
  }

  /** One component: a protocol and its value in binary form (without length prefix). */
  private record Component(Protocol protocol, byte[] value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Component c && c.protocol == protocol && Arrays.equals(c.value, value);
    }

    @Override
    public int hashCode() {
      return protocol.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return protocol.hasValue()
          ? "/" + protocol.text + "/" + valueToString(protocol, value)
          : "/" + protocol.text;
    }
  }

  private static final int MAX_DNS_NAME = 255;

  private final List<Component> components;

  private Multiaddr(List<Component> components) {
    this.components = List.copyOf(components);
  }

  /**
   * Parses the text form, e.g. {@code /ip4/127.0.0.1/tcp/4001}. {@code "/"} is the empty multiaddr;
   * one trailing {@code '/'} is allowed.
   *
   * @throws IllegalArgumentException naming the unknown protocol or the bad value
   */
  public static Multiaddr parse(String text) {
    Objects.requireNonNull(text, "text");
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException("multiaddr must start with '/': \"" + text + "\"");
    }
    String body =
        text.length() > 1 && text.endsWith("/")
            ? text.substring(1, text.length() - 1)
            : text.substring(1);
    List<Component> parts = new ArrayList<>();
    if (body.isEmpty()) {
      return new Multiaddr(parts);
    }
    String[] tokens = body.split("/", -1);
    for (int i = 0; i < tokens.length; i++) {
      String name = tokens[i];
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty protocol name in multiaddr \"" + text + "\"");
      }
      Protocol protocol = Protocol.forName(name);
      if (protocol == null) {
        throw new IllegalArgumentException(
            "unknown multiaddr protocol \"" + name + "\" in \"" + text + "\"");
      }
      if (!protocol.hasValue()) {
        parts.add(new Component(protocol, new byte[0]));
        continue;
      }
      if (++i >= tokens.length) {
        throw new IllegalArgumentException(
            "missing value for /" + name + " in multiaddr \"" + text + "\"");
      }
      try {
        parts.add(new Component(protocol, valueFromString(protocol, tokens[i])));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid /"
                + name
                + " value \""
                + tokens[i]
                + "\" in multiaddr \""
                + text
                + "\": "
                + e.getMessage(),
            e);
      }
    }
    return new Multiaddr(parts);
  }

  /**
   * Decodes the binary form.
   *
   * @throws IllegalArgumentException naming the unknown protocol code or the bad value and its
   *     offset
   */
  public static Multiaddr fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    ByteReader reader = new ByteReader(bytes);
    List<Component> parts = new ArrayList<>();
    while (reader.remaining() > 0) {
      int offset = reader.position();
      long code = reader.readVarint("multiaddr protocol code");
      Protocol protocol = Protocol.forCode(code);
      if (protocol == null) {
        throw new IllegalArgumentException(
            "unknown multiaddr protocol code 0x" + Long.toHexString(code) + " at offset " + offset);
      }
      byte[] value;
      if (protocol.size >= 0) {
        value = reader.readBytes(protocol.size, "/" + protocol.text + " value");
      } else {
        long length = reader.readVarint("/" + protocol.text + " value length");
        value = reader.readBytes(length, "/" + protocol.text + " value");
      }
      try {
        checkBinaryValue(protocol, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid /" + protocol.text + " value at offset " + offset + ": " + e.getMessage(), e);
      }
      parts.add(new Component(protocol, value));
    }
    return new Multiaddr(parts);
  }

  /**
   * Returns {@code /ip4/<address>/tcp/<port>} or {@code /ip6/<address>/tcp/<port>} for a resolved
   * socket address.
   *
   * @throws IllegalArgumentException if the address is unresolved
   */
  public static Multiaddr tcp(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    if (ip == null) {
      throw new IllegalArgumentException("unresolved socket address: " + address);
    }
    Protocol ipProtocol = ip instanceof Inet4Address ? Protocol.IP4 : Protocol.IP6;
    return new Multiaddr(
        List.of(
            new Component(ipProtocol, ip.getAddress()),
            new Component(Protocol.TCP, port(address.getPort()))));
  }

  /** Returns the binary form (a new array). */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Component c : components) {
      out.writeBytes(Varint.encode(c.protocol.code));
      if (c.protocol.size < 0) {
        out.writeBytes(Varint.encode(c.value.length));
      }
      out.writeBytes(c.value);
    }
    return out.toByteArray();
  }

  /** Returns the protocols of the components, in order. */
  public List<Protocol> protocols() {
    return components.stream().map(Component::protocol).toList();
  }

  /** Returns whether this multiaddr has no components. */
  public boolean isEmpty() {
    return components.isEmpty();
  }

  /**
   * Returns the text value of the first component with {@code protocol}, e.g. {@code "4001"} for
   * {@link Protocol#TCP}; empty if there is none or the protocol has no value.
   */
  public Optional<String> valueOf(Protocol protocol) {
    Objects.requireNonNull(protocol, "protocol");
    for (Component c : components) {
      if (c.protocol == protocol && protocol.hasValue()) {
        return Optional.of(valueToString(protocol, c.value));
      }
    }
    return Optional.empty();
  }

  /** Returns the peer id of the last {@code /p2p} component, if there is one. */
  public Optional<PeerId> peerId() {
    for (int i = components.size() - 1; i >= 0; i--) {
      Component c = components.get(i);
      if (c.protocol == Protocol.P2P) {
        return Optional.of(PeerId.fromBytes(c.value));
      }
    }
    return Optional.empty();
  }

  /**
   * Returns this multiaddr ending in {@code /p2p/<peerId>}: unchanged if it already ends with that
   * id, extended if it does not end with a {@code /p2p} component.
   *
   * @throws IllegalArgumentException if it ends with a {@code /p2p} component of another peer
   */
  public Multiaddr withPeerId(PeerId peerId) {
    Objects.requireNonNull(peerId, "peerId");
    Component last = components.isEmpty() ? null : components.get(components.size() - 1);
    if (last != null && last.protocol == Protocol.P2P) {
      if (PeerId.fromBytes(last.value).equals(peerId)) {
        return this;
      }
      throw new IllegalArgumentException(
          "multiaddr " + this + " already names another peer than " + peerId);
    }
    List<Component> parts = new ArrayList<>(components);
    parts.add(new Component(Protocol.P2P, peerId.toBytes()));
    return new Multiaddr(parts);
  }

  /** Returns this multiaddr followed by {@code inner}: {@code /ip4/1.2.3.4} + {@code /tcp/1}. */
  public Multiaddr encapsulate(Multiaddr inner) {
    List<Component> parts = new ArrayList<>(components);
    parts.addAll(inner.components);
    return new Multiaddr(parts);
  }

  /**
   * Returns the part before the last occurrence of {@code protocol}, e.g. {@code
   * /ip4/1.2.3.4/tcp/1/p2p/X} less {@link Protocol#P2P} is {@code /ip4/1.2.3.4/tcp/1}; this
   * multiaddr itself if {@code protocol} does not occur.
   */
  public Multiaddr decapsulate(Protocol protocol) {
    Objects.requireNonNull(protocol, "protocol");
    for (int i = components.size() - 1; i >= 0; i--) {
      if (components.get(i).protocol == protocol) {
        return new Multiaddr(components.subList(0, i));
      }
    }
    return this;
  }

  /**
   * Returns the TCP socket address if this multiaddr is {@code
   * /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>}, optionally followed by {@code /p2p/<id>}; empty for
   * any other shape. A DNS host gives an unresolved address (nothing is resolved here).
   */
  public Optional<InetSocketAddress> tcpAddress() {
    int n = components.size();
    if (n < 2 || n > 3 || components.get(1).protocol != Protocol.TCP) {
      return Optional.empty();
    }
    if (n == 3 && components.get(2).protocol != Protocol.P2P) {
      return Optional.empty();
    }
    Component host = components.get(0);
    byte[] portBytes = components.get(1).value;
    int port = ((portBytes[0] & 0xFF) << 8) | (portBytes[1] & 0xFF);
    return switch (host.protocol) {
      case IP4, IP6 -> {
        try {
          yield Optional.of(new InetSocketAddress(InetAddress.getByAddress(host.value), port));
        } catch (UnknownHostException e) {
          throw new IllegalStateException(e); // cannot happen: length checked on creation
        }
      }
      case DNS, DNS4, DNS6 ->
          Optional.of(
              InetSocketAddress.createUnresolved(
                  new String(host.value, StandardCharsets.UTF_8), port));
      default -> Optional.empty();
    };
  }

  /**
   * Returns the canonical text form, e.g. {@code /ip4/127.0.0.1/tcp/4001}; {@code "/"} if empty.
   */
  @Override
  public String toString() {
    if (components.isEmpty()) {
      return "/";
    }
    StringBuilder sb = new StringBuilder();
    for (Component c : components) {
      sb.append(c);
    }
    return sb.toString();
  }

  /** Two multiaddrs are equal when their binary forms are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Multiaddr other && components.equals(other.components);
  }

  @Override
  public int hashCode() {
    return components.hashCode();
  }

  // ---- values ----

  private static byte[] valueFromString(Protocol protocol, String text) {
    return switch (protocol) {
      case IP4 -> parseIp4(text);
      case IP6 -> parseIp6(text);
      case TCP, UDP -> port(parsePort(text));
      case DNS, DNS4, DNS6, DNSADDR, SNI, IP6ZONE -> {
        byte[] name = text.getBytes(StandardCharsets.UTF_8);
        checkBinaryValue(protocol, name);
        yield name;
      }
      case P2P -> PeerId.parse(text).toBytes();
      default -> throw new AssertionError(protocol); // protocols without a value
    };
  }

  private static void checkBinaryValue(Protocol protocol, byte[] value) {
    switch (protocol) {
      case DNS, DNS4, DNS6, DNSADDR, SNI, IP6ZONE -> {
        if (value.length == 0 || value.length > MAX_DNS_NAME) {
          throw new IllegalArgumentException("name must be 1 to 255 bytes: " + value.length);
        }
        String name = new String(value, StandardCharsets.UTF_8);
        if (!Arrays.equals(name.getBytes(StandardCharsets.UTF_8), value)) {
          throw new IllegalArgumentException("name is not valid UTF-8");
        }
        for (int i = 0; i < name.length(); i++) {
          char c = name.charAt(i);
          if (c == '/' || c <= ' ' || c == 0x7F) {
            throw new IllegalArgumentException(
                "name has an illegal character (U+" + String.format("%04X", (int) c) + ")");
          }
        }
      }
      case P2P -> PeerId.fromBytes(value);
      default -> {
        // fixed-size values: any bytes are valid
      }
    }
  }

  private static String valueToString(Protocol protocol, byte[] value) {
    return switch (protocol) {
      case IP4 ->
          (value[0] & 0xFF)
              + "."
              + (value[1] & 0xFF)
              + "."
              + (value[2] & 0xFF)
              + "."
              + (value[3] & 0xFF);
      case IP6 -> formatIp6(value);
      case TCP, UDP -> Integer.toString(((value[0] & 0xFF) << 8) | (value[1] & 0xFF));
      case DNS, DNS4, DNS6, DNSADDR, SNI, IP6ZONE -> new String(value, StandardCharsets.UTF_8);
      case P2P -> PeerId.fromBytes(value).toString();
      default -> ""; // protocols without a value
    };
  }

  private static byte[] port(int port) {
    return new byte[] {(byte) (port >>> 8), (byte) port};
  }

  private static int parsePort(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("port must be a decimal number 0 to 65535");
    }
    int port = Integer.parseInt(text);
    if (port > 65535) {
      throw new IllegalArgumentException("port must be a decimal number 0 to 65535");
    }
    return port;
  }

  private static byte[] parseIp4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("IPv4 address must have 4 dotted decimal parts");
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      out[i] = (byte) parseIp4Part(parts[i]);
    }
    return out;
  }

  private static int parseIp4Part(String part) {
    if (part.isEmpty()
        || part.length() > 3
        || (part.length() > 1 && part.charAt(0) == '0')
        || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(
          "IPv4 part \"" + part + "\" is not a decimal 0 to 255 without leading zeros");
    }
    int v = Integer.parseInt(part);
    if (v > 255) {
      throw new IllegalArgumentException("IPv4 part " + v + " is above 255");
    }
    return v;
  }

  /** Parses RFC 4291 text: hex groups, one optional "::", an optional trailing dotted quad. */
  private static byte[] parseIp6(String text) {
    if (text.isEmpty() || text.length() > 45) {
      throw new IllegalArgumentException("not an IPv6 address");
    }
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      throw new IllegalArgumentException("IPv6 address has more than one \"::\"");
    }
    List<Integer> head = new ArrayList<>();
    List<Integer> tail = new ArrayList<>();
    if (doubleColon >= 0) {
      parseIp6Groups(text.substring(0, doubleColon), head, false);
      parseIp6Groups(text.substring(doubleColon + 2), tail, true);
    } else {
      parseIp6Groups(text, head, true);
    }
    int groups = head.size() + tail.size();
    if (doubleColon >= 0 ? groups > 7 : groups != 8) {
      throw new IllegalArgumentException("IPv6 address must have 8 groups of 16 bits");
    }
    byte[] out = new byte[16];
    for (int i = 0; i < head.size(); i++) {
      out[2 * i] = (byte) (head.get(i) >>> 8);
      out[2 * i + 1] = (byte) (int) head.get(i);
    }
    int start = 8 - tail.size();
    for (int i = 0; i < tail.size(); i++) {
      out[2 * (start + i)] = (byte) (tail.get(i) >>> 8);
      out[2 * (start + i) + 1] = (byte) (int) tail.get(i);
    }
    return out;
  }

  private static void parseIp6Groups(String text, List<Integer> groups, boolean allowIp4) {
    if (text.isEmpty()) {
      return;
    }
    String[] parts = text.split(":", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (allowIp4 && i == parts.length - 1 && part.indexOf('.') >= 0) {
        byte[] ip4 = parseIp4(part);
        groups.add(((ip4[0] & 0xFF) << 8) | (ip4[1] & 0xFF));
        groups.add(((ip4[2] & 0xFF) << 8) | (ip4[3] & 0xFF));
        continue;
      }
      if (part.isEmpty() || part.length() > 4) {
        throw new IllegalArgumentException("IPv6 group \"" + part + "\" is not 1 to 4 hex digits");
      }
      int v = 0;
      for (int j = 0; j < part.length(); j++) {
        char c = part.charAt(j);
        int d =
            c >= '0' && c <= '9'
                ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) {
          throw new IllegalArgumentException("IPv6 group \"" + part + "\" is not hexadecimal");
        }
        v = (v << 4) | d;
      }
      groups.add(v);
    }
  }

  /**
   * Formats as RFC 5952: lowercase, no leading zeros, the longest run of 2+ zero groups as "::".
   */
  private static String formatIp6(byte[] value) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((value[2 * i] & 0xFF) << 8) | (value[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
