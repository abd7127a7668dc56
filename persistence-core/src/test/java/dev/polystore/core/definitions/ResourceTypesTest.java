package dev.polystore.core.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.FhirVersion;
import org.junit.jupiter.api.Test;

class ResourceTypesTest {
    @Test
    void officialTypeCounts() {
        assertThat(ResourceTypes.all(FhirVersion.R4)).hasSize(146).contains("Patient", "Observation", "Bundle");
        assertThat(ResourceTypes.all(FhirVersion.R4B)).hasSize(141).contains("SubscriptionTopic");
        assertThat(ResourceTypes.all(FhirVersion.R5)).hasSize(158).contains("ActorDefinition");
    }

    @Test
    void versionDifferences() {
        assertThat(ResourceTypes.isDefined(FhirVersion.R4, "ActorDefinition")).isFalse();
        assertThat(ResourceTypes.isDefined(FhirVersion.R5, "MedicinalProduct")).isFalse();
        assertThat(ResourceTypes.isDefined(FhirVersion.R4, "MedicinalProduct")).isTrue();
        assertThat(ResourceTypes.isDefined(FhirVersion.R4, "DomainResource")).isFalse();
        assertThat(ResourceTypes.isDefined(FhirVersion.R4, "patient")).isFalse();
    }
}
