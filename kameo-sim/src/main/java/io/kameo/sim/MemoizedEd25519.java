package io.kameo.sim;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A JCA provider, first in the simulator's JVM, whose Ed25519 {@link Signature} remembers the
 * outcome of each verification: the same public key, message and signature give the outcome the
 * JDK's own Ed25519 gave the first time, without computing it again. Signing is the JDK's.
 *
 * <p>Every store checks the signature of every registry entry put to it, so one signed entry is
 * verified by 20 stores, and those checks were most of a simulation's CPU time. A verification is a
 * pure function of its three inputs, so remembering it changes no outcome and no run; every
 * distinct signature is still verified once, by the JDK. The registry's code calls the JCA as it
 * does in a real node, where this provider is not installed.
 */
final class MemoizedEd25519 extends Provider {
  private static final long serialVersionUID = 1L;

  private static final String NAME = "KameoSimMemoizedEd25519";

  /** The most outcomes remembered, least recently used dropped first (about 100 MB at most). */
  private static final int CAPACITY = 1 << 18;

  private static final ReentrantLock LOCK = new ReentrantLock();

  private static final Map<Triple, Boolean> OUTCOMES =
      new LinkedHashMap<>(1 << 10, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Triple, Boolean> eldest) {
          return size() > CAPACITY;
        }
      };

  private static long verified;
  private static long remembered;

  /** A verification's inputs, compared by content. */
  private record Triple(byte[] key, byte[] message, byte[] signature) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Triple t
          && Arrays.equals(key, t.key)
          && Arrays.equals(message, t.message)
          && Arrays.equals(signature, t.signature);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * Arrays.hashCode(key) + Arrays.hashCode(message))
          + Arrays.hashCode(signature);
    }
  }

  private MemoizedEd25519() {
    super(NAME, "1", "Ed25519 signatures whose verifications are remembered (simulation only)");
    putService(
        new Service(this, "Signature", "Ed25519", Spi.class.getName(), List.of(), Map.of()) {
          @Override
          public Object newInstance(Object constructorParameter) {
            return new Spi();
          }
        });
  }

  /** Puts the provider first in this JVM's list, once; later calls do nothing. */
  static void install() {
    LOCK.lock();
    try {
      if (Security.getProvider(NAME) == null) {
        Security.insertProviderAt(new MemoizedEd25519(), 1);
      }
    } finally {
      LOCK.unlock();
    }
  }

  /** Returns how many verifications the JDK computed and how many were remembered. */
  static long[] counts() {
    LOCK.lock();
    try {
      return new long[] {verified, remembered};
    } finally {
      LOCK.unlock();
    }
  }

  /** Returns a new Ed25519 signature object of the first provider other than this one. */
  private static Signature jdk() {
    for (Provider p : Security.getProviders("Signature.Ed25519")) {
      if (!NAME.equals(p.getName())) {
        try {
          return Signature.getInstance("Ed25519", p);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("Ed25519 unavailable", e);
        }
      }
    }
    throw new IllegalStateException("no Ed25519 provider but the simulator's");
  }

  /** One signature object: signing goes to the JDK, verifying through the remembered outcomes. */
  private static final class Spi extends SignatureSpi {
    private Signature signer;
    private PublicKey key;
    private byte[] message = new byte[0];
    private int length;

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
      if (publicKey == null) {
        throw new InvalidKeyException("no key");
      }
      key = publicKey;
      signer = null;
      length = 0;
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
      signer = jdk();
      signer.initSign(privateKey);
      key = null;
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
      engineUpdate(new byte[] {b}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
      if (signer != null) {
        signer.update(b, off, len);
        return;
      }
      if (length + len > message.length) {
        message = Arrays.copyOf(message, Math.max(2 * message.length, length + len));
      }
      System.arraycopy(b, off, message, length, len);
      length += len;
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
      if (signer == null) {
        throw new SignatureException("not initialised for signing");
      }
      return signer.sign();
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
      if (key == null) {
        throw new SignatureException("not initialised for verifying");
      }
      Triple t = new Triple(key.getEncoded(), Arrays.copyOf(message, length), sigBytes.clone());
      length = 0;
      LOCK.lock();
      try {
        Boolean known = OUTCOMES.get(t);
        if (known != null) {
          remembered++;
          return known;
        }
      } finally {
        LOCK.unlock();
      }
      boolean outcome;
      try {
        Signature real = jdk();
        real.initVerify(key);
        real.update(t.message());
        outcome = real.verify(t.signature());
      } catch (InvalidKeyException e) {
        throw new SignatureException(e);
      }
      LOCK.lock();
      try {
        verified++;
        OUTCOMES.put(t, outcome);
      } finally {
        LOCK.unlock();
      }
      return outcome;
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
      throw new InvalidParameterException("no parameters");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
      throw new InvalidParameterException("no parameters");
    }
  }
}
