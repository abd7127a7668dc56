package dev.polystore.tools.definitions;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * A minimal reader for the uncompressed tar stream of an npm package: regular files only, with ustar name prefixes,
 * PAX {@code path} records and GNU long names. Enough for the FHIR core packages; not a general tar implementation.
 */
final class TarReader {
    private static final int BLOCK = 512;

    /** Receives each regular file of the archive. */
    @FunctionalInterface
    interface EntryHandler {
        void accept(String name, byte[] content) throws IOException;
    }

    private TarReader() {}

    /** Calls {@code handler} for every regular file whose name {@code wanted} accepts, in archive order. */
    static void read(InputStream in, Predicate<String> wanted, EntryHandler handler) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (true) {
            if (!readBlock(in, header)) {
                return;
            }
            if (isZero(header)) {
                return; // end-of-archive marker
            }
            String name = text(header, 0, 100);
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            String prefix = isUstar(header) ? text(header, 345, 155) : "";
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            if (type == 'x' || type == 'L') {
                byte[] data = readData(in, size);
                longName = type == 'L' ? text(data, 0, data.length) : paxPath(data);
                continue;
            }
            if (longName != null) {
                name = longName;
                longName = null;
            }
            boolean regular = type == '0' || type == '\0';
            if (regular && wanted.test(name)) {
                handler.accept(name, readData(in, size));
            } else {
                skipData(in, size);
            }
        }
    }

    private static boolean isUstar(byte[] header) {
        return text(header, 257, 5).equals("ustar");
    }

    private static String paxPath(byte[] data) {
        // Records are "<length> <key>=<value>\n".
        String all = new String(data, StandardCharsets.UTF_8);
        int pos = 0;
        while (pos < all.length()) {
            int space = all.indexOf(' ', pos);
            if (space < 0) {
                break;
            }
            int length = Integer.parseInt(all.substring(pos, space));
            String record = all.substring(space + 1, pos + length - 1);
            if (record.startsWith("path=")) {
                return record.substring("path=".length());
            }
            pos += length;
        }
        return null;
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        if (size > Integer.MAX_VALUE - BLOCK) {
            throw new IOException("tar entry too large: " + size);
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new EOFException("truncated tar entry");
        }
        skipFully(in, padding(size));
        return data;
    }

    private static void skipData(InputStream in, long size) throws IOException {
        skipFully(in, size + padding(size));
    }

    private static long padding(long size) {
        long rest = size % BLOCK;
        return rest == 0 ? 0 : BLOCK - rest;
    }

    private static void skipFully(InputStream in, long n) throws IOException {
        in.skipNBytes(n);
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int read = in.readNBytes(block, 0, BLOCK);
        if (read == 0) {
            return false;
        }
        if (read != BLOCK) {
            throw new EOFException("truncated tar header");
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] bytes, int offset, int length) throws IOException {
        String s = text(bytes, offset, length).trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("bad tar size field '" + s + "'", e);
        }
    }
}
