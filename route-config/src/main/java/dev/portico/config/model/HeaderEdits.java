package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import java.util.List;
import java.util.Map;

/** Header changes, applied in the order remove, set, add. */
@Doc("Header changes, applied in the order remove, set, add.")
public record HeaderEdits(
    @Doc("Headers replaced (or created) with the given value.") Map<String, String> set,
    @Doc("Headers given an additional value, keeping existing ones.") Map<String, String> add,
    @Doc("Header names removed.") List<String> remove) {

  public HeaderEdits {
    set = Models.map(set);
    add = Models.map(add);
    remove = Models.list(remove);
  }

  public boolean isEmpty() {
    return set.isEmpty() && add.isEmpty() && remove.isEmpty();
  }
}
