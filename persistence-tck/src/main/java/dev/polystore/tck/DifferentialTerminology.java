package dev.polystore.tck;

import dev.polystore.api.tenant.TenantId;
import dev.polystore.api.terminology.Coding;
import dev.polystore.api.terminology.Subsumption;
import dev.polystore.api.terminology.TerminologyService;
import dev.polystore.api.terminology.ValueSetExpansion;
import dev.polystore.core.index.IndexEntry;
import dev.polystore.core.index.TokenEntry;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stands for an external terminology server over the differential suite's fixture codings: the ValueSet {@link #VALUE_SET} holds every
 * third coding seen and every LOINC code, {@link #FEW_SYSTEMS} every second LOINC and every SNOMED CT coding seen;
 * a code subsumes the codes of its system that extend it.
 */
final class DifferentialTerminology implements TerminologyService {
    static final String VALUE_SET = "http://example.org/ValueSet/x";
    static final String FEW_SYSTEMS = "http://example.org/ValueSet/loinc-snomed";
    private final Set<Coding> codings = new TreeSet<>(Comparator.comparing(Coding::toString));

    void learn(List<IndexEntry> entries) {
        for (IndexEntry e : entries) {
            if (e instanceof TokenEntry t
                    && t.system() != null
                    && !t.system().isEmpty()
                    && t.value() != null
                    && !t.value().isEmpty()) {
                codings.add(Coding.of(t.system(), t.value()));
            }
        }
    }

    @Override
    public ValueSetExpansion expand(TenantId tenant, String valueSetCanonical) {
        if (valueSetCanonical.equals(FEW_SYSTEMS)) {
            Set<Coding> codes = new LinkedHashSet<>();
            int i = 0;
            for (Coding c : codings) {
                if (c.system().equals("http://snomed.info/sct")
                        || (c.system().equals("http://loinc.org") && i++ % 2 == 0)) {
                    codes.add(c);
                }
            }
            return ValueSetExpansion.of(valueSetCanonical, codes);
        }
        if (!valueSetCanonical.equals(VALUE_SET)) {
            return ValueSetExpansion.unknown(valueSetCanonical);
        }
        Set<Coding> codes = new LinkedHashSet<>();
        codes.add(Coding.anyCodeOf("http://loinc.org"));
        int i = 0;
        for (Coding c : codings) {
            if (i++ % 3 == 0) {
                codes.add(c);
            }
        }
        return ValueSetExpansion.of(valueSetCanonical, codes);
    }

    @Override
    public Subsumption subsumption(TenantId tenant, Coding concept) {
        Set<Coding> below = new LinkedHashSet<>();
        Set<Coding> above = new LinkedHashSet<>();
        for (Coding c : codings) {
            if (c.system().equals(concept.system()) && !c.code().equals(concept.code())) {
                if (c.code().startsWith(concept.code())) {
                    below.add(c);
                } else if (concept.code().startsWith(c.code())) {
                    above.add(c);
                }
            }
        }
        return Subsumption.of(concept, below, above);
    }
}
