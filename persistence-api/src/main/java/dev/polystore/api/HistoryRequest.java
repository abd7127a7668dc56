package dev.polystore.api;

import dev.polystore.api.error.InvalidRequestException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A history query at one of three levels: one resource ({@link #instance}), one type ({@link #type}) or the whole
 * tenant ({@link #system}). Entries come newest first.
 *
 * <p>{@code since}: only versions written at or after that instant. {@code at}: only versions that were current at
 * some point in {@code [atStart, atEnd)}; give the same instant twice ({@link #at(Instant)}) for the state as of that
 * instant. {@code count}: the page size (1 to 1000, default 50). {@code cursor}: the {@link HistoryPage#nextCursor()}
 * of the previous page; pages stay stable while other writers add versions.
 *
 * @param resourceType null at system level
 * @param id null at type and system level
 * @since 0.1
 */
public record HistoryRequest(
        String resourceType, String id, Instant since, Instant atStart, Instant atEnd, int count, String cursor) {

    /** The largest page size. */
    public static final int MAX_COUNT = 1000;

    /** The page size when none is given. */
    public static final int DEFAULT_COUNT = 50;

    public HistoryRequest {
        if (id != null && resourceType == null) {
            throw new IllegalArgumentException("an instance history needs the resource type");
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new InvalidRequestException("_count must be between 1 and " + MAX_COUNT + ", was " + count);
        }
        if ((atStart == null) != (atEnd == null)) {
            throw new IllegalArgumentException("atStart and atEnd go together");
        }
        if (atStart != null && atEnd.isBefore(atStart)) {
            throw new InvalidRequestException("_at range ends before it starts");
        }
    }

    /** History of one resource. */
    public static HistoryRequest instance(String resourceType, String id) {
        return new HistoryRequest(
                Objects.requireNonNull(resourceType),
                Objects.requireNonNull(id),
                null,
                null,
                null,
                DEFAULT_COUNT,
                null);
    }

    /** History of every resource of one type. */
    public static HistoryRequest type(String resourceType) {
        return new HistoryRequest(Objects.requireNonNull(resourceType), null, null, null, null, DEFAULT_COUNT, null);
    }

    /** History of every resource of the tenant. */
    public static HistoryRequest system() {
        return new HistoryRequest(null, null, null, null, null, DEFAULT_COUNT, null);
    }

    /** The same query with {@code _since}. */
    public HistoryRequest since(Instant since) {
        return new HistoryRequest(resourceType, id, since, atStart, atEnd, count, cursor);
    }

    /** The same query with {@code _at} as one instant: the versions current at that instant. */
    public HistoryRequest at(Instant at) {
        return new HistoryRequest(resourceType, id, since, at, at, count, cursor);
    }

    /** The same query with {@code _at} as a period: the versions current at some point in {@code [start, end)}. */
    public HistoryRequest at(Instant start, Instant end) {
        return new HistoryRequest(resourceType, id, since, start, end, count, cursor);
    }

    /** The same query with {@code _count}. */
    public HistoryRequest count(int count) {
        return new HistoryRequest(resourceType, id, since, atStart, atEnd, count, cursor);
    }

    /** The same query continuing after a previous page. */
    public HistoryRequest after(String cursor) {
        return new HistoryRequest(resourceType, id, since, atStart, atEnd, count, cursor);
    }

    /** The level of this query. */
    public Level level() {
        return id != null ? Level.INSTANCE : resourceType != null ? Level.TYPE : Level.SYSTEM;
    }

    /** The cursor, if continuing. */
    public Optional<String> cursorValue() {
        return Optional.ofNullable(cursor);
    }

    /** The three levels of history. */
    public enum Level {
        INSTANCE,
        TYPE,
        SYSTEM
    }
}
