package dev.rosetta.dtls;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One version of the security file: which credentials may open a DTLS session and which LwM2M endpoint each one is.
 * PSK identity → key and endpoint; raw public key → endpoint; X.509 trust anchors (the certificate's CN is the
 * endpoint). Immutable: a reload builds a new one.
 */
final class SecurityInfo {
  record Psk(String identity, String key, String endpoint) {}

  record Rpk(String publicKey, String endpoint) {}

  record X509(String trustAnchors) {}

  record File(List<Psk> psk, List<Rpk> rpk, X509 x509) {}

  static final int MAX_ENDPOINT_LENGTH = 255;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  final Map<String, byte[]> pskKeys = new HashMap<>();
  final Map<String, String> pskEndpoints = new HashMap<>();
  /** Base64 SubjectPublicKeyInfo → endpoint. */
  final Map<String, String> rpkEndpoints = new HashMap<>();
  final List<PublicKey> rpkKeys = new ArrayList<>();
  final List<X509Certificate> trustAnchors = new ArrayList<>();

  /** Parses and checks the file's text; throws with every problem found. */
  static SecurityInfo parse(byte[] text) {
    File file;
    try {
      file = JSON.readValue(text, File.class);
    } catch (Exception e) {
      throw new IllegalArgumentException("not a valid security file: " + e.getMessage().split("\n")[0]);
    }
    if (file == null) throw new IllegalArgumentException("not a valid security file: empty");
    SecurityInfo info = new SecurityInfo();
    List<String> problems = new ArrayList<>();
    Map<String, String> endpoints = new HashMap<>();
    List<Psk> psks = file.psk() == null ? List.of() : file.psk();
    for (int i = 0; i < psks.size(); i++) {
      Psk psk = psks.get(i);
      String where = "psk[" + i + "]";
      if (psk == null || blank(psk.identity()) || blank(psk.key()) || blank(psk.endpoint())) {
        problems.add(where + " needs identity, key (hex) and endpoint");
        continue;
      }
      byte[] key = hex(psk.key());
      if (key == null || key.length < 1 || key.length > 64) problems.add(where + ".key must be 1 to 64 bytes in hex");
      if (info.pskKeys.containsKey(psk.identity())) problems.add(where + ": identity listed twice");
      info.pskKeys.put(psk.identity(), key);
      info.pskEndpoints.put(psk.identity(), psk.endpoint());
      claim(endpoints, psk.endpoint(), where, problems);
    }
    List<Rpk> rpks = file.rpk() == null ? List.of() : file.rpk();
    for (int i = 0; i < rpks.size(); i++) {
      Rpk rpk = rpks.get(i);
      String where = "rpk[" + i + "]";
      if (rpk == null || blank(rpk.publicKey()) || blank(rpk.endpoint())) {
        problems.add(where + " needs publicKey (base64 SubjectPublicKeyInfo) and endpoint");
        continue;
      }
      try {
        byte[] der = Base64.getDecoder().decode(rpk.publicKey());
        info.rpkKeys.add(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)));
        info.rpkEndpoints.put(Base64.getEncoder().encodeToString(der), rpk.endpoint());
      } catch (Exception e) {
        problems.add(where + ".publicKey is not a base64 EC SubjectPublicKeyInfo");
      }
      claim(endpoints, rpk.endpoint(), where, problems);
    }
    if (file.x509() != null) {
      try {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        byte[] pem = file.x509().trustAnchors().getBytes(StandardCharsets.US_ASCII);
        for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(pem)))
          info.trustAnchors.add((X509Certificate) c);
      } catch (Exception e) {
        problems.add("x509.trustAnchors is not PEM certificates");
      }
      if (info.trustAnchors.isEmpty()) problems.add("x509.trustAnchors holds no certificate");
    }
    if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
    return info;
  }

  int size() {
    return pskKeys.size() + rpkEndpoints.size() + trustAnchors.size();
  }

  private static void claim(Map<String, String> endpoints, String endpoint, String where, List<String> problems) {
    if (endpoint.length() > MAX_ENDPOINT_LENGTH) problems.add(where + ".endpoint is longer than 255 characters");
    String first = endpoints.putIfAbsent(endpoint, where);
    if (first != null) problems.add(where + ": endpoint " + endpoint + " is already bound by " + first);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static byte[] hex(String s) {
    try {
      return HexFormat.of().parseHex(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
