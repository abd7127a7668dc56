package dev.polystore.core.store;

import java.time.Clock;
import java.time.Instant;

/**
 * Assigns lastUpdated: the current time at millisecond precision, and strictly after the previous version of the same
 * resource, so that a resource's versions are ordered in time even within one millisecond or across a clock step back.
 */
public final class StoreClock {
    private final Clock clock;

    public StoreClock(Clock clock) {
        this.clock = clock;
    }

    /** The lastUpdated of a resource's next version, given the lastUpdated of its current version (or null). */
    public Instant next(Instant previous) {
        Instant now = ResourceStamper.truncate(clock.instant());
        if (previous != null && !now.isAfter(previous)) {
            return previous.plusMillis(1);
        }
        return now;
    }

    /** Now, at the store's precision. */
    public Instant now() {
        return ResourceStamper.truncate(clock.instant());
    }
}
