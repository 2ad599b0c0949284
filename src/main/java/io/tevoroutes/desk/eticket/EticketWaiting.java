package io.tevoroutes.desk.eticket;

/**
 * The order of a dropped PDF is not accepted yet: the file stays where it is and is checked again at the next poll of
 * its inbox (the consumer rolls back; no .error move).
 */
public class EticketWaiting extends RuntimeException {

    public EticketWaiting(String message) {
        super(message, null, false, false);
    }
}
