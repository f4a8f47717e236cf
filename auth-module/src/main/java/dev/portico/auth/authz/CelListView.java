package dev.portico.auth.authz;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.CelValue;
import java.util.List;

/**
 * A {@code list(string)} handed to CEL without copying: CEL's Java runtime copies a plain {@link
 * List} variable into its own immutable list on every access, and passes a value it already knows
 * through (see {@link CelMapView}). {@code in}, indexing, {@code size}, comprehensions, equality
 * and concatenation work on the view. Immutable when the list is.
 */
final class CelListView extends CelValue {

  private static final CelType TYPE = ListType.create(SimpleType.STRING);

  private final List<String> list;

  CelListView(List<String> list) {
    this.list = list;
  }

  @Override
  public List<String> value() {
    return list;
  }

  @Override
  public boolean isZeroValue() {
    return list.isEmpty();
  }

  @Override
  public CelType celType() {
    return TYPE;
  }
}
