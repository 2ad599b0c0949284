package io.tevoroutes.desk.rules;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * In the native binary, a {@code simple} expression that calls a method on a value (the size of a list of seats, a
 * price's scale) finds it by reflection: the types a rule can reach are registered here, next to the desk's own
 * (JsonFields, InventoryColumns, TevoOrder, OrderDecision: annotated where they are). The JVM needs none of this.
 */
@RegisterForReflection(targets = { java.util.ArrayList.class, java.util.LinkedHashMap.class, java.math.BigDecimal.class,
        java.math.BigInteger.class, java.lang.Long.class, java.lang.Integer.class, java.lang.Boolean.class, java.lang.String.class,
        java.time.Instant.class })
public final class RuleReflection {

    private RuleReflection() {
    }
}
