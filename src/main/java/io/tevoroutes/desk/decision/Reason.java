package io.tevoroutes.desk.decision;

/** Why an order cannot be accepted as it is, what TEvo calls it when rejected, and what a person should do. */
public enum Reason {
    UNKNOWN_TICKET("unknown ticket", "Tickets No Longer Available",
            "Check the TicketID in your inventory export; accept in TEvo if you can fill it, or reject it."),
    SHORT("short", "Tickets No Longer Available",
            "Check the quantity on hand; accept in TEvo if you can fill every ticket, or reject it."),
    PRICE_BELOW_FLOOR("price below floor", "Tickets Priced Incorrectly",
            "The sale price is under your inventory price; accept in TEvo if the price is fine, or reject it."),
    NO_ETICKETS("no e-tickets", "Tickets No Longer Available",
            "TEvo expects e-tickets but the inventory says they are not available; arrange delivery or reject."),
    INVENTORY_ROW("unusable inventory row", "Tickets No Longer Available",
            "Fix the TicketID's row in the inventory (a quantity and a price, whole and decimal numbers of at least 0, and"
                    + " the TicketID only once); the desk decides the order again at the next poll."),
    SPECULATIVE("speculative order", "Other",
            "The order holds speculative tickets; confirm you can source them, then accept or reject in TEvo."),
    FRAUD_NOT_APPROVED("fraud check not approved", "Fraudulent Order",
            "The client's fraud check is not approved; review the order in TEvo before accepting."),
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
