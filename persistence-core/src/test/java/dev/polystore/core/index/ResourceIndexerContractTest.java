package dev.polystore.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.search.SearchParamType;
import dev.polystore.definitions.FhirDefinitions;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Purity, failure isolation, custom parameters and concurrency. */
class ResourceIndexerContractTest {

    private static final ResourceIndexer R4 = ResourceIndexer.forVersion(FhirVersion.R4);

    private static SearchParameterDefinition custom(String code, SearchParamType type, String expression) {
        return new SearchParameterDefinition(
                "http://example.org/SearchParameter/" + code,
                code,
                List.of("Patient"),
                type,
                expression,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                true,
                true);
    }

    @Test
    void indexingIsPureAndDoesNotModifyTheInput() {
        for (String name : List.of("patient-example.json", "observation-example.json", "bundle-example.json")) {
            JsonNode resource = Examples.spec(name);
            JsonNode copy = resource.deepCopy();
            IndexResult first = R4.index(resource);
            IndexResult second = R4.index(resource);
            assertThat(second).isEqualTo(first);
            assertThat(resource).isEqualTo(copy);
            assertThat(ResourceIndexer.forVersion(FhirVersion.R4).index(copy)).isEqualTo(first);
        }
    }

    @Test
    void entriesAreDeduplicatedPerParameter() {
        IndexResult r = R4.index(
                Examples.parse(
                        """
                {"resourceType":"Patient","identifier":[{"system":"s","value":"1"},{"system":"s","value":"1"}],
                 "name":[{"family":"Doe"},{"family":"Doe"}]}"""));
        assertThat(r.entries("identifier")).containsExactly(TokenEntry.of("identifier", "s", "1", null));
        assertThat(r.entries("family")).hasSize(1);
        assertThat(r.entries("name")).hasSize(1);
    }

    @Test
    void aFailingParameterDoesNotLoseTheOthers() {
        SearchParameterSource source = SearchParameterSource.of(FhirDefinitions.of(FhirVersion.R4))
                .withAdditional(List.of(
                        custom("broken", SearchParamType.STRING, "Patient.name.where("),
                        custom("throws", SearchParamType.STRING, "Patient.name.single().family"),
                        custom("nickname", SearchParamType.STRING, "Patient.name.where(use = 'usual').given")));
        ResourceIndexer indexer = new ResourceIndexer(FhirVersion.R4, source);
        IndexResult r = indexer.index(Examples.spec("patient-example.json"));
        assertThat(r.warnings())
                .extracting(IndexWarning::code, IndexWarning::kind)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("broken", IndexWarning.Kind.COMPILE_FAILED),
                        org.assertj.core.groups.Tuple.tuple("throws", IndexWarning.Kind.EVALUATION_FAILED));
        assertThat(r.entries("family")).isNotEmpty();
        assertThat(r.entries("nickname")).containsExactly(new StringEntry("nickname", "jim", "Jim"));
        assertThat(r.entries("throws")).isEmpty();
    }

    @Test
    void aCustomParameterReplacesAnOfficialOneWithTheSameCode() {
        SearchParameterSource source = SearchParameterSource.of(FhirDefinitions.of(FhirVersion.R4))
                .withAdditional(List.of(custom("family", SearchParamType.TOKEN, "Patient.name.family")));
        IndexResult r = new ResourceIndexer(FhirVersion.R4, source).index(Examples.spec("patient-example.json"));
        assertThat(r.entries("family")).allMatch(e -> e instanceof TokenEntry);
        assertThat(r.entries("given")).isNotEmpty();
    }

    @Test
    void unsupportedValuesAreReportedNotSwallowed() {
        SearchParameterSource source = SearchParameterSource.of(FhirDefinitions.of(FhirVersion.R4))
                .withAdditional(List.of(custom("odd-date", SearchParamType.DATE, "Patient.name")));
        IndexResult r = new ResourceIndexer(FhirVersion.R4, source).index(Examples.spec("patient-example.json"));
        assertThat(r.warnings()).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo("odd-date");
            assertThat(w.kind()).isEqualTo(IndexWarning.Kind.UNSUPPORTED_VALUE);
            assertThat(w.message()).contains("FHIR.HumanName");
        });
    }

    @Test
    void unknownTypesGiveNothingAndMissingResourceTypeIsRefused() {
        assertThat(R4.index("NoSuchType", Examples.parse("{\"resourceType\":\"NoSuchType\"}"))
                        .entries())
                .isEmpty();
        assertThatThrownBy(() -> R4.index(Examples.parse("{}"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentIndexingGivesTheSameResults() throws Exception {
        ResourceIndexer fresh = ResourceIndexer.forVersion(FhirVersion.R4);
        List<JsonNode> resources = List.of(
                Examples.spec("patient-example.json"),
                Examples.spec("observation-example.json"),
                Examples.spec("encounter-example-home.json"));
        List<IndexResult> expected = resources.stream().map(R4::index).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<IndexResult>>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                futures.add(
                        pool.submit(() -> resources.stream().map(fresh::index).toList()));
            }
            for (Future<List<IndexResult>> f : futures) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void malformedValuesAreReportedAndSkipped() {
        IndexResult r = R4.index(
                Examples.parse(
                        """
                {"resourceType":"Patient","birthDate":"2020-02-30","name":[{"family":"Doe"}],
                 "deceasedDateTime":"yesterday"}"""));
        assertThat(r.warnings())
                .extracting(IndexWarning::code, IndexWarning::kind)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("birthdate", IndexWarning.Kind.INVALID_VALUE),
                        org.assertj.core.groups.Tuple.tuple("death-date", IndexWarning.Kind.INVALID_VALUE));
        assertThat(r.entries("birthdate")).isEmpty();
        assertThat(r.entries("family")).containsExactly(new StringEntry("family", "doe", "Doe"));
        IndexResult period = R4.index(
                Examples.parse(
                        """
                {"resourceType":"Encounter","status":"finished","class":{"code":"AMB"},
                 "period":{"start":"2020-01-01","end":"soon"}}"""));
        assertThat(period.warnings()).extracting(IndexWarning::kind).containsExactly(IndexWarning.Kind.INVALID_VALUE);
    }
}
