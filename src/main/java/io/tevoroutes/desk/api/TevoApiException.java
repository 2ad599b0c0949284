package io.tevoroutes.desk.api;

/** TEvo answered with an error (or could not be reached) after the retries the request allows. */
public class TevoApiException extends RuntimeException {

    private final int status;
    private final boolean notApplied;

    public TevoApiException(int status, String message, Throwable cause) {
        this(status, false, message, cause);
    }

    public TevoApiException(int status, boolean notApplied, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.notApplied = notApplied;
    }

    /**
     * True when TEvo certainly did not apply the request (429, 503, or no connection was made): repeating it later
     * cannot apply it twice.
     */
    public boolean isNotApplied() {
        return notApplied;
    }

    /** HTTP status; 0 when TEvo could not be reached. */
    public int getStatus() {
        return status;
    }

    public boolean isClientError() {
        return status >= 400 && status < 500;
    }
}
