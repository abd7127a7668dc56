package dev.polystore.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StringNormalizerTest {

    @Test
    void foldsCaseAccentsAndWhitespace() {
        assertThat(StringNormalizer.normalize("Ébé  Müller")).isEqualTo("ebe muller");
        assertThat(StringNormalizer.normalize("  François\t\nD'Ávila ")).isEqualTo("francois d'avila");
        assertThat(StringNormalizer.normalize("ÅNGSTRÖM")).isEqualTo("angstrom");
        assertThat(StringNormalizer.normalize("Chalmers")).isEqualTo("chalmers");
        assertThat(StringNormalizer.normalize("İstanbul")).isEqualTo("istanbul");
        assertThat(StringNormalizer.normalize("a\u00a0b")).isEqualTo("a b");
    }

    @Test
    void keepsLettersWithoutDecomposition() {
        assertThat(StringNormalizer.normalize("Søren Straße")).isEqualTo("søren straße");
        assertThat(StringNormalizer.normalize("")).isEmpty();
    }
}
