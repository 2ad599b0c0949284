package io.tevoroutes.desk.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The parts of a TEvo order the desk decides on. Unknown fields are ignored; ids and money are read from strings or
 * numbers alike (older payloads use strings), ids by StrictId, amounts and quantities by Numbers: an order with one it
 * refuses is held, naming the field.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public class TevoOrder {

    @JsonDeserialize(using = StrictId.class)
    public Long id;
    public String oid;
    public String state;
    public String type;
    public Boolean spec;
    public Buyer buyer;
    @JsonProperty("fraud_check_status")
    public String fraudCheckStatus;
    public String instructions;
    @JsonProperty("created_at")
    public String createdAt;
    @JsonDeserialize(using = Numbers.Money.class)
    public BigDecimal total;
    public List<Item> items = new ArrayList<>();
    @JsonProperty("shipping_address")
    public Address shippingAddress;
    public List<Shipment> shipments = new ArrayList<>();

    /** Set when the order could not be read: the desk then holds it with this reason. */
    public String parseError;

    /**
     * For an order without a readable id: a digest of its JSON (so that a person is emailed once per such order, not
     * once for all of them) and its start, for the email.
     */
    public String rawDigest;
    public String rawExcerpt;

    /** The order as TEvo sent it (null when it was not JSON): what the decision rules read, every field. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public transient com.fasterxml.jackson.databind.JsonNode json;

    /** Every field of the order by TEvo's names, for the decision rules ({@code order[buyer.id]}); null if unreadable. */
    public JsonFields getFields() {
        return json == null || !json.isObject() ? null : new JsonFields(json);
    }

    public Long getId() {
        return id;
    }

    public String getState() {
        return state;
    }

    public List<Item> getItems() {
        return items == null ? List.of() : items;
    }

    /**
     * What a seller's state means for the desk. TEvo's states: pending, accepted, rejected, completed,
     * pending_substitution, canceled (older docs: cancelled, expired), open, pending_consignment, cancel_proposed,
     * canceled_open, canceled_post_acceptance. A state the desk does not know for sure is UNKNOWN: nothing is released or
     * written on it, and a person is asked.
     */
    public enum StateKind {
        /** Waiting for the seller: the desk may accept or reject it. */
        PENDING,
        /** Sold: accepted or already completed. */
        ACCEPTED,
        /** Rejected by the seller. */
        REJECTED,
        /** Gone from the seller's hands unsold: canceled, expired, sent for substitution. */
        ENDED,
        /** Not given, or a state whose meaning for the seller is not certain (open, cancel_proposed, new ones). */
        UNKNOWN;

        public static StateKind of(String state) {
            if (state == null || state.isBlank()) {
                return UNKNOWN;
            }
            return switch (state.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "pending" -> PENDING;
                case "accepted", "completed" -> ACCEPTED;
                case "rejected" -> REJECTED;
                case "canceled", "cancelled", "expired", "canceled_open", "canceled_post_acceptance", "pending_substitution" -> ENDED;
                default -> UNKNOWN;
            };
        }
    }

    /** What the order's state means for the desk; UNKNOWN when the order could not be read. */
    public StateKind stateKind() {
        return parseError != null ? StateKind.UNKNOWN : StateKind.of(state);
    }

    public boolean isSpeculative() {
        return Boolean.TRUE.equals(spec);
    }

    /** Event names of the items, for people reading an email. */
    public String eventSummary() {
        return getItems().stream()
                .map(i -> i.ticketGroup == null || i.ticketGroup.event == null ? null : i.ticketGroup.event.describe())
                .filter(java.util.Objects::nonNull).distinct()
                .reduce((a, b) -> a + "; " + b).orElse("(event unknown)");
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Address {
        public String name;
        @JsonProperty("street_address")
        public String street;
        @JsonProperty("extended_address")
        public String extended;
        public String locality;
        public String region;
        @JsonProperty("postal_code")
        public String postalCode;
        @JsonProperty("country_code")
        public String country;

        public String describe() {
            return java.util.stream.Stream.of(name, street, extended, locality, region, postalCode, country)
                    .filter(v -> v != null && !v.isBlank()).map(LogSafe::text).collect(java.util.stream.Collectors.joining(", "));
        }
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Shipment {
        public String type;
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Buyer {
        public String type;
        @JsonDeserialize(using = StrictId.class)
        public Long id;
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Item {
        /** {@code items[].id}: used by add_etickets / finalize_etickets. */
        @JsonDeserialize(using = StrictId.class)
        public Long id;
        /** {@code items[].order_item_id}: used by deliver_etickets. */
        @JsonProperty("order_item_id")
        @JsonDeserialize(using = StrictId.class)
        public Long orderItemId;
        @JsonDeserialize(using = Numbers.Decimal.class)
        public BigDecimal price;
        @JsonDeserialize(using = Numbers.Whole.class)
        public Integer quantity;
        @JsonProperty("eticket_delivery")
        public Boolean eticketDelivery;
        /** True once TEvo holds the item's e-tickets (delivered by the desk, or by hand). */
        @JsonProperty("eticket_available")
        public Boolean eticketAvailable;
        @JsonProperty("ticket_group")
        public TicketGroup ticketGroup;
        /** The item as TEvo sent it. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public transient com.fasterxml.jackson.databind.JsonNode json;

        /** Every field of the item by TEvo's names, for the decision rules ({@code item[ticket_group.section]}). */
        public JsonFields getFields() {
            return new JsonFields(json);
        }

        public String getRemoteId() {
            return ticketGroup == null || ticketGroup.remoteId == null || ticketGroup.remoteId.isBlank() ? null
                    : ticketGroup.remoteId.trim();
        }

        public int quantityOrZero() {
            return quantity == null ? 0 : quantity;
        }

        public boolean needsEtickets() {
            return Boolean.TRUE.equals(eticketDelivery);
        }

        /** TEvo shows the item's e-tickets: they are delivered, whoever did it. */
        public boolean hasEtickets() {
            return Boolean.TRUE.equals(eticketAvailable);
        }
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class TicketGroup {
        @JsonDeserialize(using = StrictId.class)
        public Long id;
        @JsonProperty("remote_id")
        public String remoteId;
        public String section;
        public String row;
        public List<String> seats;
        @JsonDeserialize(using = Numbers.Whole.class)
        public Integer quantity;
        public Event event;
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Event {
        @JsonDeserialize(using = StrictId.class)
        public Long id;
        public String name;
        @JsonProperty("occurs_at")
        public String occursAt;
        public Venue venue;

        /** For a person: each part escaped and capped (TEvo's text may be anything, of any length). */
        String describe() {
            StringBuilder b = new StringBuilder(name == null ? "event " + id : LogSafe.text(name));
            if (occursAt != null) {
                b.append(" (").append(LogSafe.quote(occursAt, 40)).append(')');
            }
            if (venue != null && venue.name != null) {
                b.append(" at ").append(LogSafe.text(venue.name));
            }
            return b.toString();
        }
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Venue {
        @JsonDeserialize(using = StrictId.class)
        public Long id;
        public String name;
    }
}
