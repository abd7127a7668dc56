package dev.polystore.tck;

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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Full-text search ({@code _text}, {@code _content}) beyond the differential suite: tenancy, deletions, the query
 * syntax of the engines' full-text languages (SQLite FTS5, PostgreSQL {@code tsquery}) in user input, refusal of
 * malformed values, and the capability of a store without the search index.
 *
 * <p>A backend runs it by extending this class and returning a store from {@link #createStore(boolean)}; every test
 * works in fresh tenants, so the stores may share data with each other and with earlier runs.
 *
 * @since 0.1
 */
@Tag("search-full-text")
public abstract class FullTextSuite {
    private final TenantContext one = TenantContext.of(TckTenants.fresh("text-one"));
    private final TenantContext two = TenantContext.of(TckTenants.fresh("text-two"));

    /**
     * Creates a store: FHIR R4, with the search index when {@code search} is true and storage only (the backend's
     * {@code search(false)}) otherwise. The test closes it.
     */
    protected abstract FhirStore createStore(boolean search);

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
    public void tenantsSeeOnlyTheirOwnMatches() {
        try (FhirStore store = createStore(true)) {
            store.update(one, "Condition", "c1", condition("c1", "heart failure", "x"));
            store.update(two, "Condition", "c1", condition("c1", "heart murmur", "y"));
            store.update(two, "Condition", "c2", condition("c2", "heart failure", "z"));
            assertThat(ids(store, one, "_text", "heart")).containsExactly("c1");
            assertThat(ids(store, two, "_text", "heart")).containsExactly("c1", "c2");
            assertThat(ids(store, one, "_text", "murmur")).isEmpty();
            store.delete(two, "Condition", "c2");
            assertThat(ids(store, one, "_text", "failure")).containsExactly("c1");
            assertThat(ids(store, two, "_text", "failure")).isEmpty();
        }
    }

    @Test
    public void engineQuerySyntaxInUserInputMatchesOnlyLiterally() {
        try (FhirStore store = createStore(true)) {
            store.update(one, "Condition", "c1", condition("c1", "heart failure", "asthma"));
            store.update(one, "Condition", "c2", condition("c2", "body narrative near", "other"));
            // Read as FTS5 syntax, these would find c1 (column filters, NEAR) or fail; read as tsquery, "heart |
            // murmur" would find c1. Read as words, none has all its words in a narrative.
            for (String value : List.of(
                    "body:asthma",
                    "{body} : asthma",
                    "NEAR(heart failure)",
                    "heart failure*x",
                    "narrative : asthma",
                    "heart | murmur",
                    "heart:* & murmur")) {
                assertThat(ids(store, one, "_text", value)).as(value).isEmpty();
            }
            // Read as tsquery, these would find nothing (negation, the words in the other order); read as words, c1.
            for (String value : List.of("heart & !failure", "failure <-> heart", "!heart")) {
                assertThat(ids(store, one, "_text", value)).as(value).containsExactly("c1");
            }
            assertThat(ids(store, one, "_text", "^heart")).containsExactly("c1");
            assertThat(ids(store, one, "_text", "narrative near")).containsExactly("c2");
            assertThat(ids(store, one, "_content", "heart asthma")).containsExactly("c1");
        }
    }

    @Test
    public void malformedQueriesAreRefusedBeforeTheEngine() {
        try (FhirStore store = createStore(true)) {
            assertThatThrownBy(() -> ids(store, one, "_text", "\"open"))
                    .isInstanceOf(InvalidSearchException.class)
                    .hasMessageContaining("_text");
        }
    }

    @Test
    public void storageOnlyStoresDoNotDeclareFullText() {
        try (FhirStore indexed = createStore(true);
                FhirStore plain = createStore(false)) {
            assertThat(indexed.capabilities().supports(Capability.SEARCH_FULL_TEXT))
                    .isTrue();
            assertThat(plain.capabilities().supports(Capability.SEARCH_FULL_TEXT))
                    .isFalse();
            assertThatThrownBy(() -> ids(plain, one, "_content", "heart"))
                    .isInstanceOf(UnsupportedCapabilityException.class);
        }
    }
}
