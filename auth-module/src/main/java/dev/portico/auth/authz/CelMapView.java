package dev.portico.auth.authz;

import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.StructValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code map(string, dyn)} handed to CEL without copying. CEL's Java runtime converts a plain
 * {@link Map} variable into its own immutable map on every access — for a token's twenty claims,
 * several microseconds per condition — but passes a value it already knows through; selecting a
 * field ({@code token.tenant}), testing it ({@code has(token.tenant)}), indexing, {@code in} and
 * {@code size} all work on the view. Only the value read is converted, when it is read: JSON
 * integers to {@code long}, decimals to {@code double}. Immutable when the map is.
 */
final class CelMapView extends StructValue<String, Map<String, Object>> {

  private static final CelType TYPE = MapType.create(SimpleType.STRING, SimpleType.DYN);

  private final Map<String, Object> map;

  @SuppressWarnings("unchecked")
  CelMapView(Map<String, ?> map) {
    this.map = (Map<String, Object>) map;
  }

  @Override
  public Map<String, Object> value() {
    return map;
  }

  @Override
  public boolean isZeroValue() {
    return map.isEmpty();
  }

  @Override
  public CelType celType() {
    return TYPE;
  }

  @Override
  public Object select(String field) {
    Object value = map.get(field);
    if (value == null) {
      throw new IllegalArgumentException("no such key: " + field);
    }
    return celValue(value);
  }

  @Override
  public Optional<Object> find(String field) {
    return Optional.ofNullable(map.get(field)).map(CelMapView::celValue);
  }

  /** JSON values as CEL's Java runtime wants them: integers as long, decimals as double. */
  static Object celValue(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
    }
    if (value instanceof Float || value instanceof BigDecimal) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof Map<?, ?> nested) {
      @SuppressWarnings("unchecked")
      Map<String, ?> strings = (Map<String, ?>) nested;
      return new CelMapView(strings);
    }
    if (value instanceof Collection<?> items) {
      List<Object> copy = new ArrayList<>(items.size());
      for (Object item : items) {
        if (item != null) {
          copy.add(celValue(item));
        }
      }
      return copy;
    }
    return value;
  }
}
