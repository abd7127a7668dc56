package dev.polystore.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class UcumCanonicalizerTest {

    private static UcumCanonicalizer.Canonical canonical(String value, String unit) {
        return UcumCanonicalizer.get().canonicalize(new BigDecimal(value), unit).orElseThrow();
    }

    @Test
    void convertsToBaseUnits() {
        assertThat(canonical("60", "kg").value()).isEqualByComparingTo("60000");
        assertThat(canonical("60", "kg").unit()).isEqualTo("g");
        assertThat(canonical("72", "/min").value()).isEqualByComparingTo("1.2");
        assertThat(canonical("72", "/min").unit()).isEqualTo("s-1");
        assertThat(canonical("100", "mg/dL").value()).isEqualByComparingTo("1000");
        assertThat(canonical("100", "mg/dL").unit()).isEqualTo("g.m-3");
        assertThat(canonical("1", "[in_i]").value()).isEqualByComparingTo("0.0254");
        assertThat(canonical("5", "mg{total}").unit()).isEqualTo("g");
    }

    @Test
    void refusesUnknownAndNonLinearUnits() {
        UcumCanonicalizer ucum = UcumCanonicalizer.get();
        assertThat(ucum.canonicalize(BigDecimal.ONE, "bogus")).isEmpty();
        assertThat(ucum.canonicalize(BigDecimal.ONE, "Cel")).isEmpty();
        assertThat(ucum.canonicalize(BigDecimal.ONE, "[degF]")).isEmpty();
        assertThat(ucum.canonicalize(BigDecimal.ONE, "[pH]")).isEmpty();
        assertThat(ucum.canonicalize(BigDecimal.ONE, "dB")).isEmpty();
        assertThat(ucum.canonicalize(BigDecimal.ONE, "")).isEmpty();
    }
}
