package dev.portico.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script shipped with Portico, with the SHA-1 digest Redis knows it by (for EVALSHA).
 *
 * @param name the resource name, for messages
 * @param source the script text
 * @param sha1 lower-case hex SHA-1 of the text
 */
record RedisScript(String name, String source, String sha1) {

  static final RedisScript GCRA = load("gcra.lua");
  static final RedisScript CENSUS = load("census.lua");

  static RedisScript load(String resource) {
    try (InputStream in = RedisScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + resource);
      }
      String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
      return new RedisScript(resource, source, HexFormat.of().formatHex(digest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is a required JCA algorithm", e);
    }
  }
}
