package io.tevoroutes.desk.decision;

/**
 * The checks the desk always makes, whatever the rules in routes/decision-rules.camel.yaml say: an order or item it
 * cannot read, an inventory that cannot answer, a write to TEvo that failed. Each holds the order for a person. The
 * broker's own rules (unknown ticket, short, price below floor, ...) are the YAML's.
 */
public enum Reason {
    NO_TICKET_ID("item without a TicketID", "Tickets No Longer Available",
            "The item has no ticket_group.remote_id, so the desk cannot find it in your inventory; accept in TEvo if you can"
                    + " fill it, or reject it."),
    SHORT("short", "Tickets No Longer Available",
            "Another order the desk accepted took these tickets while this one was decided; accept in TEvo if you can fill"
                    + " every ticket, or reject it."),
    INVENTORY_ROW("unusable inventory row", "Tickets No Longer Available",
            "Fix the TicketID's row in the inventory (a quantity and a price, whole and decimal numbers of at least 0, and"
                    + " the TicketID only once); the desk decides the order again at the next poll."),
    NO_ITEMS("order without items", "Other", "Look at the order in TEvo; it lists no items."),
    MALFORMED("unreadable order", "Other",
            "The desk could not read this order; review it in TEvo and accept or reject it by hand."),
    INVENTORY_UNAVAILABLE("inventory unavailable", "Other",
            "The inventory could not be read or written; the desk decides the order again at the next poll."),
    EVALUATION_ERROR("evaluation failed", "Other",
            "The desk could not evaluate this order (see the log); it will try again at the next poll."),
    ACCEPT_FAILED("accept failed", "Other",
            "TEvo refused the accept call; the desk tries again at the next poll. Check the log, or accept in TEvo."),
    ACCEPT_UNCONFIRMED("accept not confirmed", "Other",
            "The accept may or may not have reached TEvo, and the order could not be read back (or is in a state the desk"
                    + " does not act on). The desk keeps the tickets reserved and re-reads the order by itself"
                    + " (state.reservations.check-period); it sends nothing twice. Look at the order in TEvo if it is urgent."),
    REJECT_FAILED("reject failed", "Other",
            "TEvo refused the reject call; the desk tries again at the next poll. Check the log, or reject in TEvo.");

    private final String label;
    private final String rejectReason;
    private final String advice;

    Reason(String label, String rejectReason, String advice) {
        this.label = label;
        this.rejectReason = rejectReason;
        this.advice = advice;
    }

    public String label() {
        return label;
    }

    /** One of the reasons TEvo's reject endpoint takes. */
    public String rejectReason() {
        return rejectReason;
    }

    public String advice() {
        return advice;
    }
}
