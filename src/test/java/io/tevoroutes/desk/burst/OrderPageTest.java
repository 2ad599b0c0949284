package io.tevoroutes.desk.burst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tevoroutes.desk.model.OrderParser;
import io.tevoroutes.desk.support.SeedOrders;

/**
 * A page of TEvo orders, cut into orders from its text (no tree built and written again): every order exactly as TEvo
 * wrote it, whatever its values hold (braces and brackets in strings, escaped quotes, non-ASCII, a 100 KB note), and a
 * page that is not one refused as before.
 */
class OrderPageTest {

    final ObjectMapper mapper = new ObjectMapper();
    final OrderParser parser = OrderParser.with(mapper);

    @Test
    void each_order_is_cut_out_as_written() throws Exception {
        ObjectNode tricky = SeedOrders.order(2, "Q\"1}{]", 2, "10.00");
        tricky.put("instructions", "deliver to \"box\" {7} [a,b] \\ ünïcødé 😀 " + "x".repeat(100_000));
        List<ObjectNode> orders = List.of(SeedOrders.order(1, "A-1", 1, "50.00"), tricky, SeedOrders.order(3, "A-3", 4, "1.00"));
        String page = "{\n  \"current_page\" : 1,\n  \"orders\" : [ " + SeedOrders.pretty(orders.get(0)) + " ,\n"
                + SeedOrders.pretty(orders.get(1)) + ",\n" + SeedOrders.json(orders.get(2)) + " ],\n  \"total_entries\" : null\n}";
        OrderParser.OrderPage read = parser.page(page, 3);
        assertThat(read.orders()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(mapper.readTree(read.orders().get(i)).toString()).isEqualTo(orders.get(i).toString());
            assertThat(parser.idOf(read.orders().get(i))).isEqualTo(i + 1L);
        }
        assertThat(read.orders().get(1)).startsWith("{").endsWith("}").contains("\\\"box\\\" {7} [a,b]");
        assertThat(read.full()).isTrue();
    }

    @Test
    void entries_that_are_not_orders_are_kept_for_the_desk_to_report() throws Exception {
        OrderParser.OrderPage read = parser.page("{\"orders\":[null, 42, \"x\", {\"id\":\"7\"}]}", 100);
        assertThat(read.orders()).containsExactly("null", "42", "\"x\"", "{\"id\":\"7\"}");
        assertThat(read.full()).isFalse();
        assertThat(parser.idOf("{\"id\":6300.5}")).isNull();
        assertThat(parser.idOf("{\"items\":[{\"id\":1}],\"id\":\"12\"}")).isEqualTo(12L);
        assertThat(parser.idOf("not json")).isNull();
    }

    @Test
    void a_page_that_is_not_one_is_refused() {
        assertThatThrownBy(() -> parser.page("{\"current_page\":1}", 100)).hasMessageContaining("without an \"orders\" array");
        assertThatThrownBy(() -> parser.page("[]", 100)).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parser.page("{\"orders\":[{\"id\":1}", 100)).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> parser.page("{\"orders\":[]} trailing", 100)).isInstanceOf(Exception.class);
    }

}
