package io.tevoroutes.desk.rules;

/** A rule could not be evaluated on an order (a column the inventory does not have, a method that fails): the order is held. */
public class RuleFailedException extends RuntimeException {

    public RuleFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
