package dev.polystore.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.search.SearchParamType;
import dev.polystore.api.search.SearchQuery;
import dev.polystore.core.json.FhirJson;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomSearchParametersTest {
    private static final SearchParameterRegistry R4 = SearchParameterRegistry.of(FhirVersion.R4);
    private static final SearchParameterRegistry R5 = SearchParameterRegistry.of(FhirVersion.R5);

    private static ObjectNode sp(String code, String type, String expression, String... base) {
        ObjectNode sp = FhirJson.TRUSTED.createObjectNode();
        sp.put("resourceType", "SearchParameter");
        sp.put("url", "http://example.org/SearchParameter/" + code);
        sp.put("status", "active");
        sp.put("code", code);
        sp.put("type", type);
        if (expression != null) {
            sp.put("expression", expression);
        }
        for (String b : base) {
            sp.withArray("base").add(b);
        }
        return sp;
    }

    @Test
    void aValidParameterBecomesADefinition() {
        ObjectNode json = sp("nickname", "string", "Patient.extension('http://x/nick').value", "Patient");
        json.putArray("comparator").add("eq");
        json.put("multipleAnd", false);
        SearchParameterDefinition def = CustomSearchParameters.parse(json, R4);
        assertThat(def.url()).isEqualTo("http://example.org/SearchParameter/nickname");
        assertThat(def.code()).isEqualTo("nickname");
        assertThat(def.type()).isEqualTo(SearchParamType.STRING);
        assertThat(def.base()).containsExactly("Patient");
        assertThat(def.comparators()).containsExactly("eq");
        assertThat(def.multipleOr()).isTrue();
        assertThat(def.multipleAnd()).isFalse();
        assertThat(CustomSearchParameters.parse(sp("nickname", "string", "Patient.name", "Patient"), R5)
                        .type())
                .isEqualTo(SearchParamType.STRING);
    }

    @Test
    void onlyActiveParametersAreInForce() {
        assertThat(CustomSearchParameters.isActive(sp("a", "string", "Patient.name", "Patient")))
                .isTrue();
        ObjectNode draft = sp("a", "string", "Patient.name", "Patient");
        draft.put("status", "draft");
        assertThat(CustomSearchParameters.isActive(draft)).isFalse();
        draft.remove("status");
        assertThat(CustomSearchParameters.isActive(draft)).isFalse();
    }

    @Test
    void eachProblemIsNamed() {
        assertRefused(sp("bad", "string", "Patient.name.where(", "Patient"), "does not compile");
        assertRefused(sp("bad", "text", "Patient.name", "Patient"), "unknown type 'text'");
        assertRefused(sp("bad", "string", "Patient.name", "Patientt"), "base 'Patientt'");
        assertRefused(sp("bad", "string", "Patient.name"), "'base' must name");
        assertRefused(sp("bad", "string", null, "Patient"), "'expression' is required");
        assertRefused(sp("_bad", "string", "Patient.name", "Patient"), "code must match");
        assertRefused(sp("a.b", "string", "Patient.name", "Patient"), "code must match");
        assertRefused(sp("a$b", "string", "Patient.name", "Patient"), "code must match");
        ObjectNode noUrl = sp("bad", "string", "Patient.name", "Patient");
        noUrl.remove("url");
        assertRefused(noUrl, "'url' is required");
        ObjectNode target = sp("bad", "reference", "Patient.link.other", "Patient");
        target.putArray("target").add("Nope");
        assertRefused(target, "target 'Nope'");
        // R5 removed some R4 types
        assertRefused(sp("bad", "string", "Patient.name", "BodySite"), "not a resource type of FHIR");
    }

    @Test
    void aCodeKeepsItsType() {
        assertRefused(
                sp("gender", "string", "Patient.gender", "Patient"),
                "'gender' is already a token parameter of Patient");
        // on Resource it would change identifier (token) on Patient among others
        assertRefused(sp("identifier", "string", "Resource.id", "Resource"), "already a token parameter of");
        // the same type replaces the official definition
        SearchParameterDefinition family =
                CustomSearchParameters.parse(sp("family", "string", "Patient.name.given", "Patient"), R4);
        OverlaySearchParameterRegistry overlay = new OverlaySearchParameterRegistry(R4, List.of(family));
        assertThat(overlay.find("Patient", "family")).contains(family);
        assertThat(overlay.find("Practitioner", "family")).isNotEqualTo(overlay.find("Patient", "family"));
    }

    @Test
    void compositeAndSpecialAreNotOffered() {
        assertThatThrownBy(() -> CustomSearchParameters.parse(sp("c", "composite", "Patient", "Patient"), R4))
                .isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessageContaining("composite");
        assertThatThrownBy(() -> CustomSearchParameters.parse(sp("s", "special", "Patient", "Patient"), R4))
                .isInstanceOf(UnsupportedCapabilityException.class);
    }

    @Test
    void theOverlayAppliesWhereTheBaseSays() {
        SearchParameterDefinition nick =
                CustomSearchParameters.parse(sp("nickname", "string", "Patient.name.given", "Patient"), R4);
        SearchParameterDefinition everywhere =
                CustomSearchParameters.parse(sp("everywhere", "token", "Resource.id", "Resource"), R4);
        SearchParameterDefinition domain = CustomSearchParameters.parse(
                sp("textstatus", "token", "DomainResource.text.status", "DomainResource"), R4);
        OverlaySearchParameterRegistry overlay =
                new OverlaySearchParameterRegistry(R4, List.of(nick, everywhere, domain));

        assertThat(overlay.find("Patient", "nickname")).contains(nick);
        assertThat(overlay.find("Observation", "nickname")).isEmpty();
        assertThat(overlay.find("Observation", "everywhere")).contains(everywhere);
        assertThat(overlay.find("Resource", "everywhere"))
                .as("searches across all types")
                .contains(everywhere);
        assertThat(overlay.find("Bundle", "textstatus")).isEmpty();
        assertThat(overlay.find("Observation", "textstatus")).contains(domain);
        assertThat(overlay.findByUrl(nick.url())).contains(nick);
        assertThat(overlay.parametersFor("Patient"))
                .contains(nick, everywhere, domain)
                .hasSize(R4.parametersFor("Patient").size() + 3)
                .isSortedAccordingTo(java.util.Comparator.comparing(SearchParameterDefinition::code));
        assertThat(overlay.parametersFor("Observation")).doesNotContain(nick);

        SearchQueryResolver resolver = new SearchQueryResolver(overlay);
        assertThat(resolver.resolve(SearchQuery.parse("Patient?nickname=Bo")).criteria())
                .hasSize(1);
        assertThatThrownBy(() -> new SearchQueryResolver(R4).resolve(SearchQuery.parse("Patient?nickname=Bo")))
                .hasMessageContaining("nickname");
    }

    private static void assertRefused(JsonNode sp, String message) {
        assertThatThrownBy(() -> CustomSearchParameters.parse(sp, message.contains("FHIR") ? R5 : R4))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("SearchParameter");
    }
}
