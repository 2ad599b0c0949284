package io.tevoroutes.desk.inventory;

/** The inventory cannot answer: the order is not decided and is evaluated again later. */
public class InventoryUnavailableException extends RuntimeException {

    public InventoryUnavailableException(String message) {
        super(message);
    }
}
