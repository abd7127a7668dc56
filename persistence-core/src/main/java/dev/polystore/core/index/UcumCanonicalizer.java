package dev.polystore.core.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.DefinedUnit;
import org.fhir.ucum.Pair;
import org.fhir.ucum.Prefix;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;

/**
 * Converts UCUM quantities to canonical (base) units with the HL7 UCUM library ({@code org.fhir:ucum}): {@code 60 kg}
 * becomes {@code 60000 g}, {@code 72 /min} becomes {@code 1.2 s-1}. The conversion factor of each unit code is computed
 * once and cached; values are multiplied with {@link MathContext#DECIMAL64} and stripped of trailing zeros.
 *
 * <p>Not converted (empty result): unknown or malformed codes, and units built on a UCUM <i>special</i> unit (offset or
 * logarithmic scales such as {@code Cel}, {@code [degF]}, {@code [pH]}, {@code dB}, {@code Np}), which are not a
 * multiple of their canonical unit. Queries must be canonicalized with the same class. Thread-safe.
 *
 * @since 0.1
 */
public final class UcumCanonicalizer {

    /** The UCUM system URI. */
    public static final String UCUM_SYSTEM = "http://unitsofmeasure.org";

    private static final int CACHE_LIMIT = 10_000;
    private static final String ONE = "1.000000000000000000000000";

    /** A value in canonical units. */
    public record Canonical(BigDecimal value, String unit) {}

    private record Factor(BigDecimal factor, String unit) {}

    private static final class Holder {
        static final UcumCanonicalizer INSTANCE = new UcumCanonicalizer();
    }

    private final UcumEssenceService service;
    private final Set<String> specialCodes = new HashSet<>();
    private final Set<String> prefixCodes = new HashSet<>();
    private final ConcurrentMap<String, Optional<Factor>> factors = new ConcurrentHashMap<>();

    private UcumCanonicalizer() {
        try (InputStream in = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
            if (in == null) {
                throw new IllegalStateException("ucum-essence.xml is not on the class path");
            }
            service = new UcumEssenceService(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UcumException e) {
            throw new IllegalStateException("cannot load the UCUM definitions", e);
        }
        for (DefinedUnit unit : service.getModel().getDefinedUnits()) {
            if (unit.isSpecial()) {
                specialCodes.add(unit.getCode());
            }
        }
        for (Prefix prefix : service.getModel().getPrefixes()) {
            prefixCodes.add(prefix.getCode());
        }
    }

    /** The shared instance (loads the UCUM definitions on first use). */
    public static UcumCanonicalizer get() {
        return Holder.INSTANCE;
    }

    /** {@code value unitCode} in canonical units, or empty when the code cannot be converted linearly. */
    public Optional<Canonical> canonicalize(BigDecimal value, String unitCode) {
        if (value == null || unitCode == null || unitCode.isEmpty()) {
            return Optional.empty();
        }
        Optional<Factor> factor = factors.get(unitCode);
        if (factor == null) {
            factor = computeFactor(unitCode);
            if (factors.size() < CACHE_LIMIT) {
                factors.putIfAbsent(unitCode, factor);
            }
        }
        return factor.map(f -> new Canonical(scale(value, f.factor), f.unit));
    }

    private static BigDecimal scale(BigDecimal value, BigDecimal factor) {
        BigDecimal result = value.multiply(factor, MathContext.DECIMAL64).stripTrailingZeros();
        return result.scale() < 0 ? result.setScale(0) : result;
    }

    private Optional<Factor> computeFactor(String unitCode) {
        if (usesSpecialUnit(unitCode)) {
            return Optional.empty();
        }
        try {
            Pair canonical = service.getCanonicalForm(new Pair(new Decimal(ONE), unitCode));
            BigDecimal factor = new BigDecimal(canonical.getValue().asDecimal(), MathContext.DECIMAL128);
            return Optional.of(new Factor(factor, canonical.getCode()));
        } catch (UcumException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether an atom of the unit expression is a special unit, possibly with a prefix. */
    private boolean usesSpecialUnit(String unitCode) {
        String withoutAnnotations = unitCode.replaceAll("\\{[^}]*}", "");
        for (String term : withoutAnnotations.split("[./()]")) {
            String atom = term.replaceAll("[+-]?\\d+$", "");
            if (atom.isEmpty()) {
                continue;
            }
            if (specialCodes.contains(atom)) {
                return true;
            }
            for (int len = 1; len <= 2 && len < atom.length(); len++) {
                if (prefixCodes.contains(atom.substring(0, len)) && specialCodes.contains(atom.substring(len))) {
                    return true;
                }
            }
        }
        return false;
    }
}
