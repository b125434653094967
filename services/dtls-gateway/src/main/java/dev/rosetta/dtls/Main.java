package dev.rosetta.dtls;

import com.sun.net.httpserver.HttpServer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.util.SslContextUtil;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;

/**
 * coaps for the LwM2M adapter: terminates DTLS 1.2 on UDP 5684 with Eclipse Californium Scandium and bridges each
 * authenticated session, with the endpoint its credentials are bound to, to the adapter over a unix socket
 * (SessionBridge over SessionChannel).
 */
public final class Main {
  /** LwM2M's mandatory suites first (CCM_8), then what common clients (OpenSSL, mbedTLS) also offer. */
  private static final CipherSuite[] PSK_SUITES = {
    CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
    CipherSuite.TLS_PSK_WITH_AES_128_CCM,
    CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256,
    CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256,
  };

  private static final CipherSuite[] CERTIFICATE_SUITES = {
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
  };

  private Main() {}

  public static void main(String[] args) throws Exception {
    Log log = new Log("dtls-gateway");
    GatewayConfig config;
    SecurityStore security;
    try {
      config = GatewayConfig.fromEnv(System.getenv());
      security = SecurityStore.load(config.securityFile(), log);
    } catch (Exception e) {
      log.error("configuration refused", "error", e.getMessage());
      System.exit(2);
      return;
    }
    Metrics metrics = new Metrics();
    SessionChannel channel = new SessionChannel(config.sessionSocket(), metrics, log);
    SessionBridge bridge = new SessionBridge(channel, security, metrics);
    Handshakes handshakes = new Handshakes(metrics, bridge, security, log);
    DTLSConnector connector = new DTLSConnector(connectorConfig(config, security, handshakes));
    connector.setRawDataReceiver(bridge);
    connector.setAlertHandler(bridge::alert);
    bridge.start(connector);
    channel.start();
    connector.start();
    HttpServer admin = AdminServer.start(config.admin(), metrics, channel::connected);
    ScheduledExecutorService watch = security.watch(2, bridge::revoke);
    log.info(
        "dtls gateway listening",
        "coaps", connector.getAddress().toString(),
        "sessionSocket", config.sessionSocket().toString(),
        "admin", admin.getAddress().getPort(),
        "credentials", security.size(),
        "certificates", config.serverCredentials() != null);

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Datagrams already decrypted reach the adapter and its answers go out before the sessions close.
                  bridge.drain(300, 3000);
                  connector.stop();
                  connector.destroy();
                  watch.shutdownNow();
                  channel.close();
                  admin.stop(0);
                  log.info("dtls gateway stopped");
                }));
    Thread.currentThread().join();
  }

  private static DtlsConnectorConfig connectorConfig(GatewayConfig config, SecurityStore security, Handshakes handshakes) throws Exception {
    DtlsConfig.register();
    Configuration configuration = Configuration.createStandardWithoutFile();
    DtlsConnectorConfig.Builder builder =
        DtlsConnectorConfig.builder(configuration)
            .setAddress(config.listen())
            .set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY)
            // Stateless HelloVerifyRequest cookies for every ClientHello: no state before the cookie returns.
            .set(DtlsConfig.DTLS_USE_HELLO_VERIFY_REQUEST, true)
            .set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6)
            .set(DtlsConfig.DTLS_UPDATE_ADDRESS_USING_CID_ON_NEWER_RECORDS, true)
            .set(DtlsConfig.DTLS_SERVER_USE_SESSION_ID, true)
            .set(DtlsConfig.DTLS_MAX_CONNECTIONS, config.maxSessions())
            .set(DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD, (long) config.idleSeconds(), TimeUnit.SECONDS)
            .set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false)
            // A handshake that stalls (wrong key, lost peer) fails after these retransmissions of a flight.
            .set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, config.handshakeRetransmissions())
            .set(DtlsConfig.DTLS_RECEIVE_BUFFER_SIZE, 8 * 1024 * 1024)
            .setAdvancedPskStore(security)
            .setHealthHandler(handshakes)
            .setSessionListener(handshakes)
            .setConnectionListener(handshakes);
    if (config.serverCredentials() == null) {
      builder.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, PSK_SUITES);
    } else {
      SslContextUtil.Credentials credentials = SslContextUtil.loadCredentials(config.serverCredentials().toString());
      CipherSuite[] suites = new CipherSuite[PSK_SUITES.length + CERTIFICATE_SUITES.length];
      System.arraycopy(PSK_SUITES, 0, suites, 0, PSK_SUITES.length);
      System.arraycopy(CERTIFICATE_SUITES, 0, suites, PSK_SUITES.length, CERTIFICATE_SUITES.length);
      builder
          .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, suites)
          .set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.WANTED)
          .setCertificateIdentityProvider(
              new SingleCertificateProvider(
                  credentials.getPrivateKey(), credentials.getCertificateChain(), CertificateType.RAW_PUBLIC_KEY, CertificateType.X_509))
          .setAdvancedCertificateVerifier(security);
    }
    return builder.build();
  }
}
