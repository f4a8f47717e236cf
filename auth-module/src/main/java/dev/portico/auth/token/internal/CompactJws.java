package dev.portico.auth.token.internal;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Base64;

/**
 * Parses a token {@link TokenShape} classified as {@link TokenShape#JWS} into a nimbus {@link
 * SignedJWT} whose segments decode with the JDK's base64url decoder.
 *
 * <p>Why: nimbus' own decoder is lenient (it skips characters outside the alphabet) and, being
 * written for that, several times slower than the JDK's; on a cache miss it decoded header, payload
 * and signature in more time than the JSON parsing took. Leniency buys nothing here: the segments
 * were already checked to be canonical base64url, so both decoders yield the same bytes. Everything
 * else (JSON parsing, header and claims objects, signature checks) stays nimbus'.
 */
public final class CompactJws {

  private CompactJws() {}

  /**
   * @throws ParseException when a segment is not the JSON a JWS needs
   */
  public static SignedJWT parse(String token) throws ParseException {
    int first = token.indexOf('.');
    int second = token.indexOf('.', first + 1);
    return new SignedJWT(
        new JdkDecodedBase64Url(token.substring(0, first)),
        new JdkDecodedBase64Url(token.substring(first + 1, second)),
        new JdkDecodedBase64Url(token.substring(second + 1)));
  }

  /** A base64url value decoded by the JDK (nimbus' decoder for anything the JDK refuses). */
  private static final class JdkDecodedBase64Url extends Base64URL {

    private static final long serialVersionUID = 1L;

    JdkDecodedBase64Url(String base64Url) {
      super(base64Url);
    }

    @Override
    public byte[] decode() {
      try {
        return Base64.getUrlDecoder().decode(toString());
      } catch (IllegalArgumentException e) {
        return super.decode();
      }
    }
  }
}
