package dev.polystore.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class UnionBranchesTest {
    private static final Set<String> RESOURCES = Set.of("Patient", "Observation", "Condition", "Resource");

    private static String narrow(String expression, String... types) {
        return UnionBranches.narrow(expression, Set.of(types), RESOURCES::contains);
    }

    @Test
    void keepsTheBranchesOfTheType() {
        assertThat(narrow("Condition.code | Observation.code", "Observation")).isEqualTo("Observation.code");
        assertThat(narrow(
                        "(Condition.x as CodeableConcept) | (Observation.x as Quantity) | Observation.y",
                        "Observation"))
                .isEqualTo("(Observation.x as Quantity) | Observation.y");
        assertThat(narrow("Patient.a.where(b = 'x|y') | Observation.a", "Patient"))
                .isEqualTo("Patient.a.where(b = 'x|y')");
    }

    @Test
    void leavesOtherExpressionsAlone() {
        assertThat(narrow("Observation.code", "Observation")).isEqualTo("Observation.code");
        assertThat(narrow(null, "Observation")).isNull();
        assertThat(narrow("Patient.name.given | Patient.name.family", "Patient"))
                .isEqualTo("Patient.name.given | Patient.name.family");
        assertThat(narrow("Observation.code | extension('x').value", "Observation"))
                .isEqualTo("Observation.code | extension('x').value");
        // R5 clinical-date has an Appointment branch without its root: kept, as it may match.
        assertThat(narrow("Condition.a | (start | x.start).first() | Observation.b", "Observation"))
                .isEqualTo("(start | x.start).first() | Observation.b");
        assertThat(narrow("Condition.a | (start | x.start).first()", "Patient")).isEqualTo("(start | x.start).first()");
        assertThat(narrow("(Observation.a | Condition.a).b", "Observation"))
                .isEqualTo("(Observation.a | Condition.a).b");
        assertThat(narrow("Condition.code | Observation.code", "Patient"))
                .isEqualTo("Condition.code | Observation.code");
    }

    @Test
    void splitsOnlyAtTopLevel() {
        assertThat(UnionBranches.split("a | (b | c) | 'd|e' | `f|g`"))
                .containsExactly("a", "(b | c)", "'d|e'", "`f|g`");
    }
}
