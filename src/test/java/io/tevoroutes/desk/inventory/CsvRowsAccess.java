package io.tevoroutes.desk.inventory;

/** CsvRows (package-private) for the tests in other packages. */
public final class CsvRowsAccess {

    private final CsvRows rows;

    public CsvRowsAccess(int idCell) {
        rows = new CsvRows(idCell);
    }

    public boolean addIfAbsent(String ticketId, String[] cells) {
        return rows.addIfAbsent(ticketId, cells);
    }

    /** The cells of the row of this TicketID, or null. */
    public String[] cells(String ticketId) {
        int row = rows.find(ticketId);
        return row < 0 ? null : rows.cells(row);
    }

    public int size() {
        return rows.size();
    }
}
