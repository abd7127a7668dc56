package dev.polystore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.FhirStore;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.tenant.TenantContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SQLite specifics of full-text search that the TCK cannot see: tenancy, FTS5 syntax in input, capabilities. */
class SqliteFullTextTest {
    private static final TenantContext ONE = TenantContext.of("one");
    private static final TenantContext TWO = TenantContext.of("two");

    private static String condition(String id, String narrative, String codeText) {
        return "{\"resourceType\":\"Condition\",\"id\":\"" + id + "\",\"text\":{\"status\":\"generated\",\"div\":"
                + "\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">" + narrative + "</div>\"},\"code\":{\"text\":\""
                + codeText + "\"},\"subject\":{\"reference\":\"Patient/p1\"}}";
    }

    private static List<String> ids(FhirStore store, TenantContext ctx, String param, String value) {
        return store.search(ctx, SearchQuery.of("Condition").param(param, value), null).matches().stream()
                .map(StoredResource::id)
                .sorted()
                .toList();
    }

    @Test
    void tenantsSeeOnlyTheirOwnMatches() {
        try (FhirStore store = SqliteBackend.builder().inMemory().build()) {
            store.update(ONE, "Condition", "c1", condition("c1", "heart failure", "x"));
            store.update(TWO, "Condition", "c1", condition("c1", "heart murmur", "y"));
            store.update(TWO, "Condition", "c2", condition("c2", "heart failure", "z"));
            assertThat(ids(store, ONE, "_text", "heart")).containsExactly("c1");
            assertThat(ids(store, TWO, "_text", "heart")).containsExactly("c1", "c2");
            assertThat(ids(store, ONE, "_text", "murmur")).isEmpty();
            store.delete(TWO, "Condition", "c2");
            assertThat(ids(store, ONE, "_text", "failure")).containsExactly("c1");
            assertThat(ids(store, TWO, "_text", "failure")).isEmpty();
        }
    }

    @Test
    void fts5SyntaxInUserInputMatchesOnlyLiterally() {
        try (FhirStore store = SqliteBackend.builder().inMemory().build()) {
            store.update(ONE, "Condition", "c1", condition("c1", "heart failure", "asthma"));
            store.update(ONE, "Condition", "c2", condition("c2", "body narrative near", "other"));
            // Read as FTS5 syntax, these would find c1 (column filters, NEAR) or fail; read as words, none
            // has all its words in a narrative.
            for (String value : List.of(
                    "body:asthma", "{body} : asthma", "NEAR(heart failure)", "heart failure*x", "narrative : asthma")) {
                assertThat(ids(store, ONE, "_text", value)).as(value).isEmpty();
            }
            assertThat(ids(store, ONE, "_text", "^heart")).containsExactly("c1");
            assertThat(ids(store, ONE, "_text", "narrative near")).containsExactly("c2");
            assertThat(ids(store, ONE, "_content", "heart asthma")).containsExactly("c1");
        }
    }

    @Test
    void malformedQueriesAreRefusedBeforeTheEngine() {
        try (FhirStore store = SqliteBackend.builder().inMemory().build()) {
            assertThatThrownBy(() -> ids(store, ONE, "_text", "\"open"))
                    .isInstanceOf(InvalidSearchException.class)
                    .hasMessageContaining("_text");
        }
    }

    @Test
    void storageOnlyStoresDoNotDeclareFullText() {
        try (FhirStore indexed = SqliteBackend.builder().inMemory().build();
                FhirStore plain =
                        SqliteBackend.builder().inMemory().search(false).build()) {
            assertThat(indexed.capabilities().supports(Capability.SEARCH_FULL_TEXT))
                    .isTrue();
            assertThat(plain.capabilities().supports(Capability.SEARCH_FULL_TEXT))
                    .isFalse();
            assertThatThrownBy(() -> ids(plain, ONE, "_content", "heart"))
                    .isInstanceOf(UnsupportedCapabilityException.class);
        }
    }
}
