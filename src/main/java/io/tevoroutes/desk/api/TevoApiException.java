package io.tevoroutes.desk.api;

/** TEvo answered with an error (or could not be reached) after the retries the request allows. */
public class TevoApiException extends RuntimeException {

    private final int status;

    public TevoApiException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** HTTP status; 0 when TEvo could not be reached. */
    public int getStatus() {
        return status;
    }

    public boolean isClientError() {
        return status >= 400 && status < 500;
    }
}
