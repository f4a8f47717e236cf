package dev.portico.auth.login;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTParser;
import dev.portico.auth.CredentialKind;
import dev.portico.auth.Principal;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON inside sealed cookies. Short keys keep cookies small, and so does leaving out the
 * principal's claims when they are exactly the ID token's (the usual case after a login): they are
 * read back from the ID token, which the session holds anyway for logout. Claim values are
 * normalised to JSON types on the way in: dates become epoch seconds, as in a JWT.
 */
final class SessionJson {

  private SessionJson() {}

  static String session(BrowserSession session) {
    Principal p = session.principal();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("iss", session.issuer());
    json.put("sub", p.subject());
    json.put("rol", new ArrayList<>(p.roles()));
    json.put("scp", new ArrayList<>(p.scopes()));
    Map<String, Object> claims = normalise(p.claims());
    if (!claims.equals(idTokenClaims(session.idToken()))) {
      json.put("clm", claims);
    }
    json.put("at", session.accessToken());
    putInstant(json, "atx", session.accessTokenExpiresAt());
    json.put("rt", session.refreshToken());
    json.put("idt", session.idToken());
    putInstant(json, "exp", session.expiresAt());
    return JSONObjectUtils.toJSONString(json);
  }

  static BrowserSession session(String text) throws ParseException {
    Map<String, Object> json = JSONObjectUtils.parse(text);
    Instant expiresAt = instant(json, "exp");
    Map<String, Object> claims =
        json.containsKey("clm")
            ? JSONObjectUtils.getJSONObject(json, "clm")
            : idTokenClaims(JSONObjectUtils.getString(json, "idt"));
    Principal principal =
        new Principal(
            required(json, "sub"),
            required(json, "iss"),
            Set.copyOf(JSONObjectUtils.getStringList(json, "rol")),
            Set.copyOf(JSONObjectUtils.getStringList(json, "scp")),
            null,
            claims == null ? Map.of() : withoutNulls(claims),
            expiresAt,
            CredentialKind.SESSION);
    return new BrowserSession(
        principal.issuer(),
        principal,
        required(json, "at"),
        instant(json, "atx"),
        JSONObjectUtils.getString(json, "rt"),
        JSONObjectUtils.getString(json, "idt"),
        expiresAt);
  }

  static String loginState(LoginState state) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("iss", state.issuer());
    json.put("st", state.state());
    json.put("n", state.nonce());
    json.put("cv", state.codeVerifier());
    json.put("to", state.returnTo());
    putInstant(json, "iat", state.issuedAt());
    return JSONObjectUtils.toJSONString(json);
  }

  static LoginState loginState(String text) throws ParseException {
    Map<String, Object> json = JSONObjectUtils.parse(text);
    return new LoginState(
        required(json, "iss"),
        required(json, "st"),
        required(json, "n"),
        required(json, "cv"),
        JSONObjectUtils.getString(json, "to"),
        instant(json, "iat"));
  }

  /** The payload of a JWT ID token as JSON values; empty when there is none or it is no JWT. */
  private static Map<String, Object> idTokenClaims(String idToken) {
    if (idToken == null) {
      return Map.of();
    }
    try {
      return normalise(JWTParser.parse(idToken).getJWTClaimsSet().toJSONObject());
    } catch (ParseException | RuntimeException e) {
      return Map.of();
    }
  }

  private static void putInstant(Map<String, Object> json, String key, Instant value) {
    if (value != null) {
      json.put(key, value.getEpochSecond());
    }
  }

  private static Instant instant(Map<String, Object> json, String key) throws ParseException {
    return json.get(key) == null ? null : Instant.ofEpochSecond(JSONObjectUtils.getLong(json, key));
  }

  private static String required(Map<String, Object> json, String key) throws ParseException {
    String value = JSONObjectUtils.getString(json, key);
    if (value == null) {
      throw new ParseException("missing " + key, 0);
    }
    return value;
  }

  /** Claims as plain JSON values: maps, lists, strings, numbers, booleans. Nulls are dropped. */
  private static Map<String, Object> normalise(Map<String, ?> claims) {
    Map<String, Object> out = new LinkedHashMap<>();
    claims.forEach(
        (name, value) -> {
          if (value != null) {
            out.put(name, normaliseValue(value));
          }
        });
    return out;
  }

  private static Object normaliseValue(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Date date) {
      return date.getTime() / 1000;
    }
    if (value instanceof Instant instant) {
      return instant.getEpochSecond();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            if (v != null) {
              out.put(String.valueOf(k), normaliseValue(v));
            }
          });
      return out;
    }
    if (value instanceof Collection<?> collection) {
      List<Object> out = new ArrayList<>(collection.size());
      collection.stream().filter(v -> v != null).map(SessionJson::normaliseValue).forEach(out::add);
      return out;
    }
    return value.toString();
  }

  /** {@link Principal} copies claims with {@code Map.copyOf}, which refuses null values. */
  private static Map<String, Object> withoutNulls(Map<String, Object> claims) {
    Map<String, Object> out = new LinkedHashMap<>();
    claims.forEach(
        (k, v) -> {
          if (v != null) {
            out.put(k, v);
          }
        });
    return out;
  }
}
