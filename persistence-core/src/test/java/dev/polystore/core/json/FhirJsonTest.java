package dev.polystore.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.StorageLimits;
import dev.polystore.api.error.InvalidResourceException;
import org.junit.jupiter.api.Test;

class FhirJsonTest {
    private final FhirJson json = new FhirJson(new StorageLimits(1024, 8));

    @Test
    void keepsDecimalPrecision() {
        assertThat(json.write(json.parse("{\"a\":1.50,\"b\":1E+2,\"c\":0.000100}", "r")))
                .isEqualTo("{\"a\":1.50,\"b\":1E+2,\"c\":0.000100}");
    }

    @Test
    void refusesDuplicateMembersTrailingContentAndGarbage() {
        for (String bad : new String[] {"{\"a\":1,\"a\":2}", "{} {}", "{\"a\":", "", "nul"}) {
            assertThatThrownBy(() -> json.parse(bad, "Resource"))
                    .as(bad)
                    .isInstanceOf(InvalidResourceException.class)
                    .extracting(e -> ((InvalidResourceException) e).httpStatus())
                    .isEqualTo(400);
        }
    }

    @Test
    void enforcesDepthAndSize() {
        String deep = "[".repeat(9) + "]".repeat(9);
        assertThatThrownBy(() -> json.parse(deep, "Resource"))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessageContaining("deeper");
        assertThat(json.parse("[".repeat(8) + "]".repeat(8), "Resource").isArray())
                .isTrue();
        String big = "{\"a\":\"" + "x".repeat(1100) + "\"}";
        assertThatThrownBy(() -> json.parse(big, "Resource"))
                .isInstanceOf(InvalidResourceException.class)
                .extracting(e -> ((InvalidResourceException) e).httpStatus())
                .isEqualTo(413);
        String multibyte = "{\"a\":\"" + "é".repeat(400) + "\"}"; // 406 chars, 806 bytes: within the limit
        assertThat(json.parse(multibyte, "Resource").isObject()).isTrue();
        String tooManyBytes = "{\"a\":\"" + "€".repeat(400) + "\"}"; // 406 chars, 1206 bytes
        assertThatThrownBy(() -> json.parse(tooManyBytes, "Resource")).isInstanceOf(InvalidResourceException.class);
    }
}
