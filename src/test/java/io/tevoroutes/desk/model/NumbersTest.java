package io.tevoroutes.desk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.tevoroutes.desk.support.HostileNumbers;

/** The one bounded reading of numbers: every value of the hostile corpus refused, with a reason; honest ones read as written. */
class NumbersTest {

    @Test
    @Timeout(10) // a safety net only: a refusal is a few string checks
    void everyHostileNumberIsRefusedAsMoneyAndAsAQuantity() {
        assertThat(HostileNumbers.texts()).hasSizeGreaterThan(30);
        for (String v : HostileNumbers.texts()) {
            assertThatThrownBy(() -> Numbers.money(v)).as("money %s", v).isInstanceOf(Numbers.Refused.class)
                    .isInstanceOf(NumberFormatException.class);
            assertThatThrownBy(() -> Numbers.quantity(v)).as("quantity %s", v).isInstanceOf(Numbers.Refused.class);
            if (!"-5".equals(v)) {
                // a negative amount is the caller's to refuse (an order's price -5 is held as "negative")
                assertThatThrownBy(() -> Numbers.decimal(v)).as("decimal %s", v).isInstanceOf(Numbers.Refused.class);
                assertThatThrownBy(() -> Numbers.whole(v)).as("whole %s", v).isInstanceOf(Numbers.Refused.class);
            }
        }
        for (com.fasterxml.jackson.databind.JsonNode n : HostileNumbers.json()) {
            assertThatThrownBy(() -> Numbers.money(n)).as("JSON %s", n).isInstanceOf(Numbers.Refused.class);
            assertThatThrownBy(() -> Numbers.quantity(n)).as("JSON %s", n).isInstanceOf(Numbers.Refused.class);
        }
        assertThatThrownBy(() -> Numbers.decimal(new BigDecimal("1E+100000000"))).hasMessageContaining("10^9 or more");
        assertThatThrownBy(() -> Numbers.money("1E+1000000")).hasMessage("'1E+1000000' has an exponent of more than two digits");
        assertThatThrownBy(() -> Numbers.money("1E+12")).hasMessage("'1E+12' is 10^9 or more");
    }

    @Test
    void honestNumbersAreReadAsWritten() {
        assertThat(Numbers.money("120.50")).isEqualTo(new BigDecimal("120.50"));
        assertThat(Numbers.money("119.995")).isEqualTo(new BigDecimal("119.995"));
        assertThat(Numbers.money("0")).isEqualTo(BigDecimal.ZERO);
        assertThat(Numbers.money("999999999.999999")).isEqualTo(new BigDecimal("999999999.999999"));
        assertThat(Numbers.money("1.0E7")).isEqualTo(new BigDecimal("10000000"));
        assertThat(Numbers.money("12.5000000000")).isEqualTo(new BigDecimal("12.5"));
        assertThat(Numbers.decimal("-5")).isEqualTo(new BigDecimal("-5"));
        assertThat(Numbers.quantity("100000")).isEqualTo(100_000);
        assertThat(Numbers.quantity("2.0")).isEqualTo(2);
        assertThat(Numbers.whole("-2")).isEqualTo(-2);
        assertThat(Numbers.money(com.fasterxml.jackson.databind.node.DoubleNode.valueOf(190.1))).isEqualTo(new BigDecimal("190.1"));
        assertThat(Numbers.quantity(com.fasterxml.jackson.databind.node.IntNode.valueOf(4))).isEqualTo(4);
        assertThat(Numbers.money((com.fasterxml.jackson.databind.JsonNode) null)).isNull();
    }
}
