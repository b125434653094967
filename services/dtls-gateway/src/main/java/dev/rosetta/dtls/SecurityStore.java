package dev.rosetta.dtls;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.crypto.SecretKey;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.auth.X509CertPath;
import org.eclipse.californium.scandium.dtls.CertificateMessage;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.CertificateVerificationResult;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * The current security file behind Scandium's PSK store and certificate verifier, reloaded when the file changes
 * (a Kubernetes Secret is updated in place). Scandium's own stores and verifier do the cryptographic work; this class
 * only swaps them and answers which endpoint an authenticated identity is.
 */
final class SecurityStore implements AdvancedPskStore, NewAdvancedCertificateVerifier {
  private record Version(SecurityInfo info, AdvancedMultiPskStore psk, NewAdvancedCertificateVerifier certificates, byte[] digest) {}

  private final Path file;
  private final Log log;
  /** Handshakes that named a PSK identity the file does not list; read (and forgotten) when the handshake ends. */
  private final Set<ConnectionId> unknownIdentities = ConcurrentHashMap.newKeySet();
  private volatile Version current;

  private SecurityStore(Path file, Log log, Version first) {
    this.file = file;
    this.log = log;
    this.current = first;
  }

  /** Reads the file; a missing or invalid file at start is an error (the gateway exits). */
  static SecurityStore load(Path file, Log log) throws Exception {
    return new SecurityStore(file, log, version(Files.readAllBytes(file)));
  }

  int size() {
    return current.info().size();
  }

  /**
   * Checks the file every `seconds`; a valid change replaces the credentials and `onChange` ends sessions whose
   * identity is no longer bound; an invalid one is logged and the previous version stays.
   */
  ScheduledExecutorService watch(int seconds, Consumer<SecurityStore> onChange) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "security-file-watch");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(() -> reload(onChange), seconds, seconds, TimeUnit.SECONDS);
    return timer;
  }

  private void reload(Consumer<SecurityStore> onChange) {
    try {
      byte[] text = Files.readAllBytes(file);
      if (Arrays.equals(sha256(text), current.digest())) return;
      current = version(text);
      log.info("security file reloaded", "entries", current.info().size());
      onChange.accept(this);
    } catch (Exception e) {
      log.error("security file not reloaded; the previous version stays", "error", e.getMessage());
    }
  }

  private static Version version(byte[] text) throws Exception {
    SecurityInfo info = SecurityInfo.parse(text);
    AdvancedMultiPskStore psk = new AdvancedMultiPskStore();
    info.pskKeys.forEach(psk::setKey);
    StaticNewAdvancedCertificateVerifier.Builder certificates =
        StaticNewAdvancedCertificateVerifier.builder()
            .setTrustedCertificates(info.trustAnchors.toArray(new X509Certificate[0]))
            .setTrustedRPKs(info.rpkKeys.stream().map(RawPublicKeyIdentity::new).toArray(RawPublicKeyIdentity[]::new))
            .setSupportedCertificateTypes(List.of(CertificateType.RAW_PUBLIC_KEY, CertificateType.X_509));
    return new Version(info, psk, certificates.build(), sha256(text));
  }

  /** Whether this handshake named an unknown PSK identity; forgets it. */
  boolean unknownIdentity(ConnectionId cid) {
    return cid != null && unknownIdentities.remove(cid);
  }

  /** The endpoint this authenticated identity is bound to, or null when the file binds it to none. */
  String endpointFor(Principal peer) {
    SecurityInfo info = current.info();
    if (peer instanceof PreSharedKeyIdentity psk) return info.pskEndpoints.get(psk.getIdentity());
    if (peer instanceof RawPublicKeyIdentity rpk)
      return info.rpkEndpoints.get(Base64.getEncoder().encodeToString(rpk.getKey().getEncoded()));
    if (peer instanceof X509CertPath path && !info.trustAnchors.isEmpty()) return commonName(path.getTarget());
    return null;
  }

  /** A name for logs and the adapter: the kind and the public part of the credential, never a key. */
  static String describe(Principal peer) {
    if (peer instanceof PreSharedKeyIdentity psk) return "psk:" + psk.getIdentity();
    if (peer instanceof RawPublicKeyIdentity rpk)
      return "rpk:" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha256(rpk.getKey().getEncoded()), 12));
    if (peer instanceof X509CertPath path) return "x509:" + path.getTarget().getSubjectX500Principal().getName();
    return "unknown";
  }

  private static String commonName(X509Certificate certificate) {
    try {
      X500Principal subject = certificate.getSubjectX500Principal();
      for (Rdn rdn : new LdapName(subject.getName()).getRdns())
        if (rdn.getType().equalsIgnoreCase("CN")) return rdn.getValue().toString();
    } catch (Exception e) {
      return null;
    }
    return null;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // AdvancedPskStore: delegated to Scandium's store of the current version.

  @Override
  public boolean hasEcdhePskSupported() {
    return current.psk().hasEcdhePskSupported();
  }

  @Override
  public PskSecretResult requestPskSecretResult(
      ConnectionId cid,
      ServerNames serverName,
      PskPublicInformation identity,
      String hmacAlgorithm,
      SecretKey otherSecret,
      byte[] seed,
      boolean useExtendedMasterSecret) {
    if (cid != null && !current.info().pskKeys.containsKey(identity.getPublicInfoAsString())) unknownIdentities.add(cid);
    return current.psk().requestPskSecretResult(cid, serverName, identity, hmacAlgorithm, otherSecret, seed, useExtendedMasterSecret);
  }

  @Override
  public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
    return null; // a server never opens sessions
  }

  // NewAdvancedCertificateVerifier: delegated to Scandium's verifier of the current version.

  @Override
  public List<CertificateType> getSupportedCertificateTypes() {
    return current.certificates().getSupportedCertificateTypes();
  }

  @Override
  public CertificateVerificationResult verifyCertificate(
      ConnectionId cid,
      ServerNames serverName,
      InetSocketAddress remotePeer,
      boolean clientUsage,
      boolean verifySubject,
      boolean truncateCertificatePath,
      CertificateMessage message) {
    return current.certificates().verifyCertificate(cid, serverName, remotePeer, clientUsage, verifySubject, truncateCertificatePath, message);
  }

  @Override
  public List<X500Principal> getAcceptedIssuers() {
    return current.certificates().getAcceptedIssuers();
  }

  @Override
  public void setResultHandler(HandshakeResultHandler resultHandler) {
    // Both delegates answer synchronously; there is no asynchronous result to hand over.
  }
}
