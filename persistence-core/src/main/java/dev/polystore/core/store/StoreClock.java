package dev.polystore.core.store;

import java.time.Clock;
import java.time.Instant;

/**
 * Assigns lastUpdated: the current time at millisecond precision, never earlier than any instant this clock issued
 * before, and strictly after the previous version of the same resource. Called under the engine's write transaction, it
 * keeps lastUpdated in commit order, so history sorted by commit is also sorted by time, even across a clock step back.
 */
public final class StoreClock {
    private final Clock clock;
    private Instant lastIssued;

    public StoreClock(Clock clock) {
        this.clock = clock;
    }

    /** The lastUpdated of a resource's next version, given the lastUpdated of its current version (or null). */
    public synchronized Instant next(Instant previous) {
        Instant next = ResourceStamper.truncate(clock.instant());
        if (lastIssued != null && next.isBefore(lastIssued)) {
            next = lastIssued;
        }
        if (previous != null && !next.isAfter(previous)) {
            next = previous.plusMillis(1);
        }
        lastIssued = next;
        return next;
    }

    /** Now, at the store's precision. */
    public Instant now() {
        return ResourceStamper.truncate(clock.instant());
    }
}
