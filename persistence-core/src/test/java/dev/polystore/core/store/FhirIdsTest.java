package dev.polystore.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.error.InvalidRequestException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FhirIdsTest {

    @Test
    void newIdsAreValidUniqueVersion7UuidsOrderedByTime() throws Exception {
        Set<String> seen = new HashSet<>();
        String previous = null;
        for (int i = 0; i < 2000; i++) {
            String id = FhirIds.newId();
            assertThat(FhirIds.isValid(id)).isTrue();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(seen.add(id)).isTrue();
            if (i % 500 == 0) {
                if (previous != null) {
                    assertThat(id.substring(0, 13)).isGreaterThanOrEqualTo(previous.substring(0, 13));
                }
                previous = id;
                Thread.sleep(2);
            }
        }
        long millis = UUID.fromString(FhirIds.newId()).getMostSignificantBits() >>> 16;
        assertThat(millis).isBetween(System.currentTimeMillis() - 5000, System.currentTimeMillis() + 5000);
    }

    @Test
    void validation() {
        assertThat(FhirIds.isValid("a".repeat(64))).isTrue();
        assertThat(FhirIds.isValid("a".repeat(65))).isFalse();
        assertThat(FhirIds.isValid("A-z.0")).isTrue();
        for (String bad : new String[] {"", "a b", "a/b", "a_b", "é", "a\u0000"}) {
            assertThat(FhirIds.isValid(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> FhirIds.require("x\ny"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'x?y'");
    }
}
