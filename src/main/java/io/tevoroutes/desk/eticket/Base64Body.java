package io.tevoroutes.desk.eticket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** A request body of head + base64(file) + tail, written into one array of exactly its size while the file streams in. */
final class Base64Body {

    private Base64Body() {
    }

    static byte[] encode(Path file, byte[] head, byte[] tail) throws IOException {
        long size = Files.size(file);
        long total = head.length + 4 * ((size + 2) / 3) + tail.length;
        if (total > Integer.MAX_VALUE - 16) {
            throw new EticketException("the file is too large to send in one request (" + size + " bytes)");
        }
        ArrayOut out = new ArrayOut(new byte[(int) total]);
        out.write(head);
        try (InputStream in = Files.newInputStream(file); OutputStream b64 = Base64.getEncoder().wrap(out)) {
            in.transferTo(b64);
        }
        out.write(tail);
        if (out.at != out.array.length) {
            throw new IOException("the file changed while it was read (" + out.at + " of " + out.array.length + " bytes)");
        }
        return out.array;
    }

    /** Writes into a fixed array; closing it (as the base64 wrapper does) keeps it usable. */
    private static final class ArrayOut extends OutputStream {
        final byte[] array;
        int at;

        ArrayOut(byte[] array) {
            this.array = array;
        }

        @Override
        public void write(int b) {
            array[at++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, array, at, len);
            at += len;
        }

        @Override
        public void close() {
        }
    }
}
