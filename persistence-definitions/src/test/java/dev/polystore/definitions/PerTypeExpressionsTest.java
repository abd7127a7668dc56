package dev.polystore.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.FhirVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PerTypeExpressionsTest {
    private static final Pattern ROOT = Pattern.compile("^\\(*([A-Za-z0-9]+)");

    /** Per type, no top-level union branch of an applicable parameter starts at another resource type. */
    @ParameterizedTest
    @EnumSource(FhirVersion.class)
    void perTypeExpressionsOnlyMentionTheirType(FhirVersion version) {
        FhirDefinitions definitions = FhirDefinitions.of(version);
        ElementModel model = definitions.elements();
        List<String> foreign = new ArrayList<>();
        for (String type : model.resourceTypes()) {
            for (SearchParameterDefinition sp : definitions.searchParametersFor(type)) {
                if (sp.expression() == null) {
                    continue;
                }
                assertThat(sp.base()).anySatisfy(base -> assertThat(
                                base.equals(type) || base.equals("Resource") || base.equals("DomainResource"))
                        .isTrue());
                for (String branch : UnionBranches.split(sp.expression())) {
                    Matcher m = ROOT.matcher(branch);
                    String root = m.find() ? m.group(1) : "";
                    if (model.isResourceType(root)
                            && !root.equals(type)
                            && !root.equals("Resource")
                            && !root.equals("DomainResource")) {
                        foreign.add(type + "." + sp.code());
                        break;
                    }
                }
            }
        }
        if (version == FhirVersion.R5) {
            // R5 defect: EvidenceVariable is a base of the shared "topic" parameter, but its expression has no
            // EvidenceVariable branch; the whole expression is kept (it matches nothing on an EvidenceVariable).
            assertThat(foreign).containsExactly("EvidenceVariable.topic");
        } else {
            assertThat(foreign).isEmpty();
        }
    }

    @Test
    void r5AppointmentDateKeepsItsUnrootedBranch() {
        // R5 defect: the Appointment branch of clinical-date lacks its "Appointment." root.
        FhirDefinitions r5 = FhirDefinitions.of(FhirVersion.R5);
        assertThat(r5.searchParameter("Appointment", "date").orElseThrow().expression())
                .isEqualTo("(start | requestedPeriod.start).first()");
        assertThat(r5.searchParameter("Observation", "date").orElseThrow().expression())
                .startsWith("(start | requestedPeriod.start).first() | Observation.");
    }
}
