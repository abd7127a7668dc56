package dev.polystore.core.search;

import static dev.polystore.core.search.Fixtures.def;
import static dev.polystore.core.search.Fixtures.str;
import static dev.polystore.core.search.Fixtures.token;
import static dev.polystore.core.search.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.FhirVersion;
import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.search.SearchParamType;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.definitions.CompartmentDefinition;
import dev.polystore.definitions.ElementModel;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LenientAndRegistryTest {
    private static final SearchQueryResolver R4 = new SearchQueryResolver(Fixtures.R4);
    private static final SearchQueryResolver R5 = new SearchQueryResolver(Fixtures.R5);

    private static SearchQuery lenient(String url) {
        return SearchQuery.parse(url).withHandling(SearchQuery.Handling.LENIENT);
    }

    @Test
    void lenientIgnoresAndListsUnknownParameters() {
        ResolvedSearch resolved = R4.resolve(lenient("Patient?foo=bar&name=peter&_bogus=1&x.y:exact=z"));
        assertThat(resolved.criteria()).containsExactly(value(def("Patient", "name"), str("peter")));
        assertThat(resolved.ignoredParameters()).containsExactly("foo=bar", "_bogus=1", "x.y:exact=z");
        assertThat(resolved.selfUrl()).isEqualTo("Patient?name=peter");
    }

    @Test
    void strictRefusesWhatLenientIgnores() {
        assertThatThrownBy(() -> R4.resolve(SearchQuery.parse("Patient?foo=bar&name=peter")))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("'foo'");
    }

    @Test
    void lenientIgnoresParametersUnknownForOneOfTheTypes() {
        ResolvedSearch resolved =
                R4.resolve(lenient("?_type=Patient,Practitioner&general-practitioner=Practitioner/1&gender=male"));
        assertThat(resolved.ignoredParameters()).containsExactly("general-practitioner=Practitioner/1");
        assertThat(resolved.criteria())
                .containsExactly(new Criterion.PerType(Map.of(
                        "Patient", value(def("Patient", "gender"), token(null, "male")),
                        "Practitioner", value(def("Practitioner", "gender"), token(null, "male")))));
    }

    @Test
    void lenientStillRefusesBadModifiersAndValuesOfKnownParameters() {
        assertThatThrownBy(() -> R4.resolve(lenient("Patient?name:foo=x")))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("':foo'");
        assertThatThrownBy(() -> R4.resolve(lenient("Patient?gender:exact=x")))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("':exact'");
        assertThatThrownBy(() -> R4.resolve(lenient("Patient?birthdate=xx2020")))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("'xx2020'");
        assertThatThrownBy(() -> R4.resolve(lenient("Observation?subject.foo=x")))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("'foo'");
        assertThatThrownBy(() -> R4.resolve(lenient("Patient?_count=5000")))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("'5000'");
    }

    @Test
    void emptyValuesAreTreatedAsAbsentButNamesAreChecked() {
        ResolvedSearch resolved = R4.resolve(SearchQuery.parse("Observation?code=&subject.name=&_count=&date=2020"));
        assertThat(resolved.criteria()).hasSize(1);
        assertThat(resolved.count()).isNull();
        assertThat(resolved.selfUrl()).isEqualTo("Observation?date=2020");
        assertThatThrownBy(() -> R4.resolve(SearchQuery.parse("Observation?foo=")))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("'foo'");
        assertThatThrownBy(() -> R4.resolve(SearchQuery.parse("Observation?code:exact=")))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("':exact'");
    }

    @Test
    void r5CompartmentKeepsDefForTheOwnerItself() {
        ResolvedSearch resolved = R5.resolve(SearchQuery.parse("Patient/123/Patient"));
        assertThat(resolved.compartment())
                .isEqualTo(new Criterion.Compartment(
                        "Patient", "123", Map.of("Patient", List.of(Criterion.Compartment.SELF, "link"))));
    }

    @Test
    void r4AcceptsRecurseAsIterate() {
        assertThat(R4.resolve(SearchQuery.parse("Patient?_include:recurse=Patient:organization"))
                        .includes())
                .containsExactly(new ResolvedSearch.Include("Patient", def("Patient", "organization"), null, true));
    }

    @Test
    void registryFindsCommonParametersOnEveryType() {
        SearchParameterRegistry registry = Fixtures.R4;
        for (String code : List.of(
                "_id", "_lastUpdated", "_tag", "_profile", "_security", "_source", "_text", "_content", "_list")) {
            assertThat(registry.find("Observation", code)).as(code).isPresent();
        }
        assertThat(registry.find("Observation", "_list").orElseThrow().type()).isEqualTo(SearchParamType.SPECIAL);
        assertThat(registry.find("Bundle", "_text")).isEmpty();
        assertThat(registry.find("Observation", "nope")).isEmpty();
        assertThat(registry.find("Nope", "_id")).isEmpty();
        assertThat(registry.find("Resource", "_id")).isPresent();
    }

    @Test
    void registryListsParametersTypesAndCompartments() {
        SearchParameterRegistry registry = Fixtures.R4;
        assertThat(registry.version()).isEqualTo(FhirVersion.R4);
        assertThat(registry.parametersFor("Patient"))
                .extracting(SearchParameterDefinition::code)
                .contains("_id", "_list", "name", "birthdate")
                .isSorted();
        assertThat(registry.parametersFor("Nope")).isEmpty();
        assertThat(registry.resourceTypes()).contains("Patient", "Observation").doesNotContain("Resource");
        assertThat(registry.isResourceType("Patient")).isTrue();
        assertThat(registry.isResourceType("DomainResource")).isFalse();
        assertThat(registry.compartment("Patient").orElseThrow().params("Observation"))
                .containsExactly("subject", "performer");
        assertThat(registry.compartment("Nope")).isEmpty();
        assertThat(registry.compartments())
                .extracting(CompartmentDefinition::code)
                .containsExactly("Patient", "Encounter", "RelatedPerson", "Practitioner", "Device");
        assertThat(registry.findByUrl("http://hl7.org/fhir/SearchParameter/clinical-code"))
                .map(SearchParameterDefinition::type)
                .contains(SearchParamType.TOKEN);
        assertThat(Fixtures.R5.find("Patient", "_list").orElseThrow().url())
                .isEqualTo(DefinitionsSearchParameterRegistry.LIST_URL);
    }

    /** A tenant overlay: one custom parameter, and one official parameter redefined without AND. */
    private static final class Overlay implements SearchParameterRegistry {
        private final SearchParameterRegistry base = Fixtures.R4;
        private final SearchParameterDefinition custom = new SearchParameterDefinition(
                "http://example.org/SearchParameter/Patient-eye-colour",
                "eye-colour",
                List.of("Patient"),
                SearchParamType.TOKEN,
                "Patient.extension('http://example.org/eye-colour').value",
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                true,
                false);

        @Override
        public FhirVersion version() {
            return base.version();
        }

        @Override
        public Optional<SearchParameterDefinition> find(String resourceType, String code) {
            if (resourceType.equals("Patient") && code.equals("eye-colour")) {
                return Optional.of(custom);
            }
            return base.find(resourceType, code);
        }

        @Override
        public List<SearchParameterDefinition> parametersFor(String resourceType) {
            return base.parametersFor(resourceType);
        }

        @Override
        public Optional<SearchParameterDefinition> findByUrl(String url) {
            return url.equals(custom.url()) ? Optional.of(custom) : base.findByUrl(url);
        }

        @Override
        public Set<String> resourceTypes() {
            return base.resourceTypes();
        }

        @Override
        public Optional<CompartmentDefinition> compartment(String type) {
            return base.compartment(type);
        }

        @Override
        public ElementModel elements() {
            return base.elements();
        }
    }

    @Test
    void overlayParametersResolveAndMultipleAndIsHonoured() {
        SearchQueryResolver resolver = new SearchQueryResolver(new Overlay());
        ResolvedSearch resolved = resolver.resolve(SearchQuery.parse("Patient?eye-colour=blue,green"));
        assertThat(resolved.criteria())
                .containsExactly(value(new Overlay().custom, token(null, "blue"), token(null, "green")));
        assertThat(resolver.resolve(SearchQuery.parse("Observation?subject:Patient.eye-colour=blue"))
                        .criteria())
                .hasSize(1);
        assertThatThrownBy(() -> resolver.resolve(SearchQuery.parse("Patient?eye-colour=blue&eye-colour=green")))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("'eye-colour'")
                .hasMessageContaining("repeated");
        assertThatThrownBy(() -> R4.resolve(SearchQuery.parse("Patient?eye-colour=blue")))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("'eye-colour'");
    }
}
