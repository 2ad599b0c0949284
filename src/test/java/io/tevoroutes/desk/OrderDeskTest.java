package io.tevoroutes.desk;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.TevoApiResource;

/** The order desk scenarios on the defaults: inventory from a CSV export, state in (in-memory) H2. */
@QuarkusTest
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
class OrderDeskTest extends OrderDeskScenarios {
}
