package io.tevoroutes.desk.state;

/** The state store could not be read or written: the desk decides nothing it cannot remember. */
public class StateStoreException extends RuntimeException {

    public StateStoreException(String message, Throwable cause) {
        super(cause == null ? message : message + ": " + cause.getMessage(), cause);
    }
}
