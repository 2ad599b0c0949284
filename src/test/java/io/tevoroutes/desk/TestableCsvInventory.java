package io.tevoroutes.desk;

import java.lang.reflect.Field;
import java.nio.file.Path;

import io.tevoroutes.desk.inventory.CsvInventory;

/** A CsvInventory outside CDI, configured as application.properties would. */
final class TestableCsvInventory {

    private TestableCsvInventory() {
    }

    static CsvInventory at(Path file, String id, String qty, String price, String eticket) {
        CsvInventory inventory = new CsvInventory();
        set(inventory, "path", file);
        set(inventory, "ticketIdColumn", id);
        set(inventory, "quantityColumn", qty);
        set(inventory, "priceColumn", price);
        set(inventory, "eticketColumn", eticket);
        set(inventory, "delimiter", ',');
        return inventory;
    }

    private static void set(Object target, String name, Object value) {
        try {
            Field f = CsvInventory.class.getDeclaredField(name);
            f.setAccessible(true);
            f.set(target, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
