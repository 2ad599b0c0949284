package io.tevoroutes.desk.eticket;

/** A PDF the desk will not deliver, with the reason a person reads in the email. Nothing is sent. */
public class EticketException extends RuntimeException {

    public EticketException(String message) {
        super(message);
    }

    public EticketException(String message, Throwable cause) {
        super(message, cause);
    }
}
