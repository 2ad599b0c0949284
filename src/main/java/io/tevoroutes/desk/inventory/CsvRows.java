package io.tevoroutes.desk.inventory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The usable rows of one CSV load, packed: every row's cells (trimmed) as UTF-8 in byte arrays of 256 KB (never copied
 * to grow, never one huge array), found by TicketID through an open-addressing table of row numbers. About 85 bytes per row of a typical export instead of
 * about 600 as objects (a String, a BigDecimal, an array of cells per row, a hash map entry), so a 1,000,000-row
 * inventory fits in well under 200 MB of heap, twice over while a reload builds the next one. A lookup hashes the
 * TicketID, compares bytes in the array and decodes that one row: still O(1).
 */
final class CsvRows {

    /** Bytes per chunk; a row must fit in one. An offset is chunk number << CHUNK_BITS | position. */
    static final int CHUNK_BITS = 18;
    static final int CHUNK = 1 << CHUNK_BITS;

    private byte[][] chunks = new byte[16][];
    private int chunkCount;
    /** The chunk rows are written to, and where. */
    private byte[] bytes;
    private int used;

    CsvRows(int idCell) {
        this.idCell = idCell;
    }
    private int[] offsets = new int[1 << 10];
    /** Each row's TicketID hash: a probe compares bytes only when the hashes match, a rehash reads no row. */
    private int[] hashes = new int[1 << 10];
    private int rows;
    /** The TicketID's cell in each row. */
    private final int idCell;
    /** Slot to row number + 1 (0: empty); at most half full. */
    private int[] table = new int[1 << 11];

    int size() {
        return rows;
    }

    /**
     * Adds a row (its TicketID, cell idCell, must not be here yet); cells are stored as given. Throws IllegalArgumentException for a
     * row longer than a chunk (256 KB): no inventory row is.
     */
    void add(String ticketId, String[] cells) {
        if (!addIfAbsent(ticketId, cells)) {
            throw new IllegalStateException("TicketID added twice");
        }
    }

    /** Adds the row unless its TicketID is here already (false then); see {@link #add}. */
    boolean addIfAbsent(String ticketId, String[] cells) {
        byte[][] encoded = new byte[cells.length][];
        int size = lengthSize(cells.length);
        for (int i = 0; i < cells.length; i++) {
            encoded[i] = (cells[i] == null ? "" : cells[i]).getBytes(StandardCharsets.UTF_8);
            size += lengthSize(encoded[i].length) + encoded[i].length;
        }
        byte[] key = encoded[idCell];
        int hash = hash(key, 0, key.length);
        int mask = table.length - 1;
        int slot = hash & mask;
        for (int row; (row = table[slot] - 1) >= 0; slot = (slot + 1) & mask) {
            if (hashes[row] == hash && idEquals(row, key)) {
                return false;
            }
        }
        if (size > CHUNK) {
            throw new IllegalArgumentException("the row is longer than " + CHUNK / 1024 + " KB");
        }
        if (bytes == null || used + size > CHUNK) {
            if (chunkCount == 1 << (31 - CHUNK_BITS)) {
                throw new IllegalStateException("the inventory file is too large to index (over 2 GB of cells)");
            }
            if (chunkCount == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunkCount * 2);
            }
            bytes = new byte[CHUNK];
            chunks[chunkCount++] = bytes;
            used = 0;
        }
        if (rows == offsets.length) {
            offsets = Arrays.copyOf(offsets, rows * 2);
            hashes = Arrays.copyOf(hashes, rows * 2);
        }
        offsets[rows] = (chunkCount - 1) << CHUNK_BITS | used;
        hashes[rows] = hash;
        used = writeLength(bytes, used, cells.length);
        for (byte[] cell : encoded) {
            used = writeLength(bytes, used, cell.length);
            System.arraycopy(cell, 0, bytes, used, cell.length);
            used += cell.length;
        }
        table[slot] = ++rows;
        if (rows * 2 > table.length) {
            rehash(table.length * 2);
        }
        return true;
    }

    /** The row of this TicketID, or -1. */
    int find(String ticketId) {
        byte[] key = ticketId.getBytes(StandardCharsets.UTF_8);
        int hash = hash(key, 0, key.length);
        int mask = table.length - 1;
        for (int slot = hash & mask;; slot = (slot + 1) & mask) {
            int row = table[slot] - 1;
            if (row < 0) {
                return -1;
            }
            if (hashes[row] == hash && idEquals(row, key)) {
                return row;
            }
        }
    }

    /** The row's cells, as added. */
    String[] cells(int row) {
        byte[] bytes = chunks[offsets[row] >>> CHUNK_BITS];
        int[] at = { offsets[row] & (CHUNK - 1) };
        String[] cells = new String[readLength(bytes, at)];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = read(bytes, at);
        }
        return cells;
    }

    /** Gives back the unused end of the arrays once the load is done (the last chunk stays as it is). */
    void trim() {
        chunks = Arrays.copyOf(chunks, chunkCount);
        offsets = Arrays.copyOf(offsets, rows);
        hashes = Arrays.copyOf(hashes, rows);
    }

    private boolean idEquals(int row, byte[] key) {
        byte[] bytes = chunks[offsets[row] >>> CHUNK_BITS];
        int[] at = { offsets[row] & (CHUNK - 1) };
        seekId(bytes, at);
        int length = readLength(bytes, at);
        return length == key.length && Arrays.equals(bytes, at[0], at[0] + length, key, 0, key.length);
    }

    /** Moves at to the TicketID's cell (its length) of the row at at. */
    private void seekId(byte[] bytes, int[] at) {
        readLength(bytes, at);
        for (int i = 0; i < idCell; i++) {
            skip(bytes, at);
        }
    }

    private void rehash(int capacity) {
        table = new int[capacity];
        for (int row = 0; row < rows; row++) {
            place(row, hashes[row]);
        }
    }

    private void place(int row, int hash) {
        int mask = table.length - 1;
        int slot = hash & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = row + 1;
    }

    /** FNV-1a over the TicketID's UTF-8 bytes, then MurmurHash3's finalizer (the table uses the low bits). */
    private static int hash(byte[] b, int from, int length) {
        int h = 0x811C9DC5;
        for (int i = from; i < from + length; i++) {
            h = (h ^ (b[i] & 0xFF)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    private static int lengthSize(int n) {
        int size = 1;
        while (n >= 0x80) {
            n >>>= 7;
            size++;
        }
        return size;
    }

    /** Lengths as variable-length integers: one byte below 128. Returns the position after it. */
    private static int writeLength(byte[] bytes, int at, int n) {
        while (n >= 0x80) {
            bytes[at++] = (byte) (n & 0x7F | 0x80);
            n >>>= 7;
        }
        bytes[at++] = (byte) n;
        return at;
    }

    private static int readLength(byte[] bytes, int[] at) {
        int n = 0;
        for (int shift = 0;; shift += 7) {
            byte b = bytes[at[0]++];
            n |= (b & 0x7F) << shift;
            if (b >= 0) {
                return n;
            }
        }
    }

    private static String read(byte[] bytes, int[] at) {
        int length = readLength(bytes, at);
        String s = new String(bytes, at[0], length, StandardCharsets.UTF_8);
        at[0] += length;
        return s;
    }

    private static void skip(byte[] bytes, int[] at) {
        int length = readLength(bytes, at);
        at[0] += length;
    }
}
