package dev.polystore.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.ChangeKind;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.StoredResource;
import dev.polystore.api.error.ConfigurationException;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.core.engine.EngineReader;
import dev.polystore.core.engine.HistoryQuery;
import dev.polystore.core.engine.HistoryRow;
import dev.polystore.core.engine.ResourceKey;
import dev.polystore.core.json.FhirJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TenantSearchParametersTest {
    private static final TenantId TENANT = TenantId.of("t1");

    private static String sp(String code, String status) {
        return "{\"resourceType\":\"SearchParameter\",\"url\":\"http://x/" + code + "\",\"status\":\"" + status
                + "\",\"code\":\"" + code + "\",\"base\":[\"Patient\"],\"type\":\"string\","
                + "\"expression\":\"Patient.name.given\"}";
    }

    /** A reader holding the tenant's SearchParameters, counting how often they are read. */
    private static final class Reader implements EngineReader {
        final List<StoredResource> parameters = new ArrayList<>();
        int loads;

        void add(String id, String json) {
            parameters.add(new StoredResource(
                    TENANT, "SearchParameter", id, 1, Instant.EPOCH, FhirVersion.R4, ChangeKind.CREATE, json));
        }

        @Override
        public List<StoredResource> currentBatch(String resourceType, ResourceKey after, int limit) {
            assertThat(resourceType).isEqualTo("SearchParameter");
            if (after == null) {
                loads++;
            }
            return parameters.stream()
                    .filter(p -> after == null || p.id().compareTo(after.id()) > 0)
                    .limit(limit)
                    .toList();
        }

        @Override
        public Optional<StoredResource> current(String resourceType, String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<StoredResource> currentMany(String resourceType, Collection<String> ids) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<StoredResource> version(String resourceType, String id, long versionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<StoredResource> versions(String resourceType, String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long countLive(String resourceType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<HistoryRow> history(HistoryQuery query) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aTenantWithoutParametersSharesTheBase() {
        TenantSearchParameters params = new TenantSearchParameters(FhirVersion.R4, List.of(), true);
        Reader reader = new Reader();
        assertThat(params.forTenant(TENANT, reader)).isSameAs(params.shared());
        assertThat(params.forTenant(TENANT, reader)).isSameAs(params.shared());
        assertThat(reader.loads).as("cached after the first read").isEqualTo(1);
    }

    @Test
    void activeParametersThatStillParseAreInForce() {
        TenantSearchParameters params = new TenantSearchParameters(FhirVersion.R4, List.of(), true);
        Reader reader = new Reader();
        reader.add("a", sp("nick", "active"));
        reader.add("b", sp("drafted", "draft"));
        reader.add("c", "{\"resourceType\":\"SearchParameter\",\"status\":\"active\",\"code\":\"broken\"}");
        reader.add("d", sp("gender", "active")); // would change the type of an official code
        var registry = params.forTenant(TENANT, reader).registry();
        assertThat(registry.find("Patient", "nick")).isPresent();
        assertThat(registry.find("Patient", "drafted")).isEmpty();
        assertThat(registry.find("Patient", "broken")).isEmpty();
        assertThat(registry.find("Patient", "gender").orElseThrow().url())
                .isEqualTo("http://hl7.org/fhir/SearchParameter/individual-gender");
        assertThat(params.forTenant(TenantId.of("t2"), new Reader()).registry().find("Patient", "nick"))
                .isEmpty();
    }

    @Test
    void nothingIsCachedWhileAChangeIsUnderWay() {
        TenantSearchParameters params = new TenantSearchParameters(FhirVersion.R4, List.of(), true);
        Reader committed = new Reader();
        params.forTenant(TENANT, committed);
        params.changeStarted(TENANT);
        // a reader outside the writing transaction still sees the old set: it must not be cached
        assertThat(params.forTenant(TENANT, committed).registry().find("Patient", "nick"))
                .isEmpty();
        assertThat(params.forTenant(TENANT, committed).registry().find("Patient", "nick"))
                .isEmpty();
        assertThat(committed.loads).isEqualTo(3);
        committed.add("a", sp("nick", "active"));
        params.changeEnded(TENANT);
        assertThat(params.forTenant(TENANT, committed).registry().find("Patient", "nick"))
                .isPresent();
        params.forTenant(TENANT, committed);
        assertThat(committed.loads).as("cached again once the change ended").isEqualTo(4);
        params.invalidate(TENANT);
        params.forTenant(TENANT, committed);
        assertThat(committed.loads).isEqualTo(5);
    }

    @Test
    void withoutPerTenantParametersNothingIsRead() {
        TenantSearchParameters params = new TenantSearchParameters(FhirVersion.R4, List.of(), false);
        Reader reader = new Reader();
        reader.add("a", sp("nick", "active"));
        assertThat(params.forTenant(TENANT, reader)).isSameAs(params.shared());
        assertThat(reader.loads).isZero();
    }

    @Test
    void storeWideParametersApplyToEveryTenantAndAreChecked() {
        TenantSearchParameters params = new TenantSearchParameters(FhirVersion.R4, List.of(sp("nick", "active")), true);
        assertThat(params.forTenant(TENANT, new Reader()).registry().find("Patient", "nick"))
                .isPresent();
        assertThatThrownBy(() -> new TenantSearchParameters(FhirVersion.R4, List.of(sp("gender", "active")), true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Store-wide search parameter 1")
                .hasMessageContaining("gender");
        assertThatThrownBy(() ->
                        new TenantSearchParameters(FhirVersion.R4, List.of("{\"resourceType\":\"Patient\"}"), true))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> new TenantSearchParameters(FhirVersion.R4, List.of("{not json"), true))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void aWrittenParameterIsCheckedAgainstTheTenantsOthers() throws Exception {
        TenantSearchParameters params = new TenantSearchParameters(FhirVersion.R4, List.of(), true);
        Reader reader = new Reader();
        reader.add("a", sp("nick", "active"));
        // rewriting the same resource is fine; another resource with the same code is not
        params.checkWrite(reader, "a", FhirJson.TRUSTED.readTree(sp("nick", "active")));
        assertThatThrownBy(() -> params.checkWrite(reader, "b", FhirJson.TRUSTED.readTree(sp("nick", "active"))))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessageContaining("SearchParameter/a");
        // drafts are not checked
        params.checkWrite(reader, "b", FhirJson.TRUSTED.readTree(sp("nick", "draft")));
    }
}
