package io.tevoroutes.desk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The inventory CSV every test scenario uses, written before the desk starts. Each scenario has its own TicketIDs
 * (see {@link TestOrders}), so scenarios do not take each other's tickets.
 */
public class InventoryResource implements QuarkusTestResourceLifecycleManager {

    public static final Path FILE = Path.of("target/test-inventory.csv");

    public static final String CSV = """
            TicketID,Quantity,Price,ETicket,Section,Row
            ACC-1,4,90.00,true,101,A
            PAGE-1,2,10.00,true,1,A
            PAGE-2,2,10.00,true,1,B
            PAGE-3,2,10.00,true,1,C
            PAGE-4,2,10.00,true,1,D
            PAGE-5,2,10.00,true,1,E
            HOLD-1,4,50.00,true,2,A
            HOLD-2,1,50.00,true,2,B
            PRICE-1,4,120.00,true,3,A
            NOET-1,4,50.00,false,4,A
            RACE-1,3,50.00,true,5,A
            A500-1,2,50.00,true,6,A
            R503-1,2,50.00,true,7,A
            HOOK-1,2,50.00,true,8,A
            BAD-OK-1,2,50.00,true,9,A
            DRY-1,2,50.00,true,10,A
            RESTART-1,1,50.00,true,11,A
            SPEC-1,5,50.00,true,12,A
            GRP-1,10,50.00,true,13,A
            SHIP-1,3,50.00,true,14,A
            CANCEL-1,2,50.00,true,15,A
            CHAOS-1,12,50.00,true,16,A
            HANG-1,2,50.00,true,17,A
            RESET-1,2,50.00,true,18,A
            SLOW-1,2,50.00,true,18,B
            ODD-1,2,50.00,true,18,C
            ELSE-1,2,50.00,true,18,D
            LOST-1,2,50.00,true,18,E
            CSVBRK-1,2,50.00,true,19,A
            UNUSE-OK-1,2,50.00,true,19,B
            LISTING-1,2,50.00,true,19,C
            291497,2,100.00,true,20,A
            SEED-HOOK-1,2,200.00,true,20,B
            SEED-BIG-1,2,200.00,true,20,C
            BADID-OK-1,2,50.00,true,20,D
            OWED-1,20,50.00,true,21,A
            TRACE-1,20,50.00,true,22,A
            MON-1,4,50.00,true,23,A
            MON-2,1,50.00,true,23,B
            """;

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, CSV);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("inventory.csv.path", FILE.toString());
    }

    @Override
    public void stop() {
    }
}
