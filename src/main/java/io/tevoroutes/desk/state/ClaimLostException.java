package io.tevoroutes.desk.state;

/**
 * This desk no longer holds an order it was about to write to TEvo: its lease ran out (the database did not answer its
 * renewals in time) and another desk may have the order now. Nothing is sent; the other desk, or the next poll, decides.
 */
public class ClaimLostException extends RuntimeException {

    public ClaimLostException(Long orderId) {
        super("order " + orderId + " is no longer this desk's to decide (its claim ran out; another desk may have it): nothing sent");
    }
}
