package io.tevoroutes.desk.model;

import java.util.AbstractMap;

/**
 * A read-only map the decision rules read through (an order's fields, an inventory row's columns). A view is equal only
 * to itself: Camel hashes the map it evaluates an expression on (its bean cache key), and a map's own hash would
 * convert every field of the order at every rule.
 */
public abstract class MapView<V> extends AbstractMap<String, V> {

    @Override
    public final boolean equals(Object other) {
        return this == other;
    }

    @Override
    public final int hashCode() {
        return System.identityHashCode(this);
    }
}
