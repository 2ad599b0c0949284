package io.tevoroutes.desk.decision;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tevoroutes.desk.inventory.InventoryRecord;
import io.tevoroutes.desk.model.TevoOrder;

/** One item of an order, as the inventory sees it. Empty problems: fillable. */
@RegisterForReflection
public record ItemVerdict(TevoOrder.Item item, InventoryRecord stock, List<Problem> problems) {

    public boolean fillable() {
        return problems.isEmpty();
    }
}
