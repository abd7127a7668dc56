package dev.polystore.core.patch;

import static dev.polystore.core.patch.FhirPathPatchTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.FhirVersion;
import dev.polystore.core.fhirpath.FhirPathEngine;
import dev.polystore.core.fhirpath.FhirPathValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The locations FHIRPath results carry ({@link FhirPathValue#location()}), which FHIRPath Patch relies on. */
class FhirPathLocationTest {

    private static final FhirPathEngine ENGINE = FhirPathEngine.forVersion(FhirVersion.R4);

    private static final JsonNode PATIENT = json(
            """
            {"resourceType":"Patient","active":true,"deceasedBoolean":true,"birthDate":"1970-03-30",
             "_birthDate":{"extension":[{"url":"http://x","valueString":"y"}]},
             "name":[{"given":["a","b"],"_given":[null,{"id":"g2"}]},{"family":"F"}],
             "contact":[{"gender":"male"}],
             "contained":[{"resourceType":"Organization","id":"o1"}],
             "managingOrganization":{"reference":"#o1"}}""");

    private static FhirPathValue.Location only(String expression) {
        List<FhirPathValue> values = ENGINE.evaluate(expression, PATIENT);
        assertThat(values).hasSize(1);
        return values.get(0).location();
    }

    @Test
    void singleElements() {
        FhirPathValue.Location active = only("Patient.active");
        assertThat(active.parent()).isSameAs(PATIENT);
        assertThat(active.parentPath()).isEqualTo("Patient");
        assertThat(active.name()).isEqualTo("active");
        assertThat(active.key()).isEqualTo("active");
        assertThat(active.index()).isEqualTo(-1);
    }

    @Test
    void sharedPrimitiveNodesStillHaveTheirOwnPlace() {
        // true is one shared node in Jackson, so identity could not tell these two apart
        assertThat(only("Patient.active").key()).isEqualTo("active");
        FhirPathValue.Location deceased = only("Patient.deceased");
        assertThat(deceased.name()).isEqualTo("deceased");
        assertThat(deceased.key()).isEqualTo("deceasedBoolean");
    }

    @Test
    void listItemsAndBackboneElements() {
        FhirPathValue.Location given = only("Patient.name[0].given[1]");
        assertThat(given.parent()).isSameAs(PATIENT.get("name").get(0));
        assertThat(given.parentPath()).isEqualTo("HumanName");
        assertThat(given.key()).isEqualTo("given");
        assertThat(given.index()).isEqualTo(1);
        FhirPathValue.Location family = only("Patient.name.family");
        assertThat(family.parent()).isSameAs(PATIENT.get("name").get(1));
        FhirPathValue.Location gender = only("Patient.contact.gender");
        assertThat(gender.parentPath()).isEqualTo("Patient.contact");
        assertThat(ENGINE.evaluate("Patient.contact", PATIENT).get(0).path()).isEqualTo("Patient.contact");
    }

    @Test
    void extensionsOfAPrimitiveSitInItsUnderscoreObject() {
        FhirPathValue.Location ext = only("Patient.birthDate.extension");
        assertThat(ext.parent()).isSameAs(PATIENT.get("_birthDate"));
        assertThat(ext.parentPath()).isEqualTo("Element");
        assertThat(ext.key()).isEqualTo("extension");
        assertThat(ext.index()).isEqualTo(0);
    }

    @Test
    void filtersKeepTheLocation() {
        assertThat(only("Patient.name.where(family = 'F')").index()).isEqualTo(1);
        assertThat(only("Patient.name.given.last()").index()).isEqualTo(1);
        assertThat(only("Patient.deceased.ofType(boolean)").key()).isEqualTo("deceasedBoolean");
    }

    @Test
    void noLocationForTheResourceComputedValuesAndResolvedResources() {
        assertThat(ENGINE.evaluate("Patient", PATIENT).get(0).location()).isNull();
        assertThat(ENGINE.evaluate("Patient.birthDate.toString()", PATIENT)
                        .get(0)
                        .location())
                .isNull();
        assertThat(ENGINE.evaluate("Patient.managingOrganization.resolve()", PATIENT)
                        .get(0)
                        .location())
                .isNull();
        assertThat(only("Patient.contained[0]").key()).isEqualTo("contained");
    }
}
