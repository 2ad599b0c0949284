package io.tevoroutes.desk.inventory;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Every column of one inventory row, as the decision rules read it: {@code ${exchangeProperty.stock[Cost]}},
 * {@code ${exchangeProperty.stock[zone]}}. Names are the CSV header's (or the SQL query's column labels), matched
 * without regard to case; values are the row's text, spaces around it trimmed (SQL: the column's value). A name the
 * inventory does not have is an error, never a silent null: a rule over a column that is not there holds the order
 * with the rule's name, instead of deciding as if the column were empty. Read-only.
 */
@RegisterForReflection
public final class InventoryColumns extends io.tevoroutes.desk.model.MapView<Object> {

    /** Column names as the inventory writes them, and their positions by lower-case name. Shared by all rows of one load. */
    public record Header(List<String> names, Map<String, Integer> index) {

        public static Header of(List<String> names) {
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                index.putIfAbsent(clean(names.get(i)).toLowerCase(Locale.ROOT), i);
            }
            return new Header(names.stream().map(InventoryColumns::clean).toList(), Map.copyOf(index));
        }
    }

    public static final InventoryColumns NONE = new InventoryColumns(Header.of(List.of()), new Object[0]);

    private final Header header;
    private final Object[] values;

    public InventoryColumns(Header header, Object[] values) {
        this.header = header;
        this.values = values;
    }

    @Override
    public Object get(Object key) {
        Integer i = key == null ? null : header.index().get(clean(key.toString()).toLowerCase(Locale.ROOT));
        if (i == null) {
            throw new IllegalArgumentException("the inventory has no column '" + io.tevoroutes.desk.model.LogSafe.text(key)
                    + "' (its columns: " + String.join(", ", header.names()) + ")");
        }
        return i < values.length ? values[i] : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && header.index().containsKey(clean(key.toString()).toLowerCase(Locale.ROOT));
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Set<Entry<String, Object>> out = new LinkedHashSet<>();
        for (int i = 0; i < header.names().size(); i++) {
            out.add(new SimpleImmutableEntry<>(header.names().get(i), i < values.length ? values[i] : null));
        }
        return out;
    }

    private static String clean(String name) {
        return name == null ? "" : name.replace("\uFEFF", "").trim();
    }
}
