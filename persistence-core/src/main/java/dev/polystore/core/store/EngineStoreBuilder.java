package dev.polystore.core.store;

import dev.polystore.api.FhirStore;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.StorageLimits;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.ConfigurationException;
import dev.polystore.api.terminology.TerminologyService;
import dev.polystore.core.engine.StorageEngine;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What every backend's builder offers besides its engine's own settings: the FHIR release, limits, clock, and the
 * search index with custom search parameters and a terminology service. A backend's {@code Builder} extends it and
 * builds its {@link StorageEngine}; {@link #store} puts the FHIR semantics on top. Not thread-safe.
 *
 * @param <B> the backend's builder, returned by every setter
 * @since 0.1
 */
public abstract class EngineStoreBuilder<B extends EngineStoreBuilder<B>> {
    /** The features that need the search index: absent in the storage-only mode ({@code search(false)}). */
    public static final Set<Capability> SEARCH_FEATURES = Collections.unmodifiableSet(EnumSet.of(
            Capability.SEARCH,
            Capability.CONDITIONAL_CREATE,
            Capability.CONDITIONAL_UPDATE,
            Capability.CONDITIONAL_PATCH,
            Capability.CONDITIONAL_DELETE,
            Capability.SEARCH_FILTER,
            Capability.CUSTOM_SEARCH_PARAMETERS,
            Capability.SEARCH_FULL_TEXT));

    protected FhirVersion fhirVersion = FhirVersion.R4;
    protected StorageLimits limits = StorageLimits.DEFAULT;
    protected Clock clock = Clock.systemUTC();
    protected boolean search = true;
    protected final List<String> searchParameters = new ArrayList<>();
    protected TerminologyService terminology;

    protected EngineStoreBuilder() {}

    /** {@code storage} and {@link #SEARCH_FEATURES} together: what a backend declares with the search index. */
    public static Set<Capability> withSearchFeatures(Set<Capability> storage) {
        Set<Capability> all = EnumSet.copyOf(storage);
        all.addAll(SEARCH_FEATURES);
        return Collections.unmodifiableSet(all);
    }

    /** This builder, as the backend's type. */
    protected abstract B self();

    /** The FHIR release (default R4). */
    public B fhirVersion(FhirVersion version) {
        this.fhirVersion = Objects.requireNonNull(version, "version");
        return self();
    }

    /** Size and depth limits for resources (default {@link StorageLimits#DEFAULT}). */
    public B limits(StorageLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        return self();
    }

    /** The clock that sets lastUpdated (for tests). */
    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /**
     * Whether to keep the search index (default true): every write stores the version's index entries in the same
     * transaction, and searches run natively in the engine. Without it the store declares none of {@link
     * #SEARCH_FEATURES} and writes only versions, at a fraction of the cost: for a primary store whose searches run
     * elsewhere, or for pure versioned storage. Data written without the index needs a reindex before it can be
     * searched.
     */
    public B search(boolean enabled) {
        this.search = enabled;
        return self();
    }

    /**
     * Adds a store-wide custom search parameter: a {@code SearchParameter} resource (JSON) in force in every tenant, on
     * top of the official parameters of the FHIR release (tenants may add their own by storing active SearchParameter
     * resources). It must satisfy the rules a stored one does (a plain {@code code}, a type other than composite and
     * special, resource types as {@code base}, an expression our FHIRPath engine compiles, no change of type of an
     * existing code); its {@code status} is not consulted. Needs the search index. Resources stored before the
     * parameter was added are found by it only after {@code reindex}.
     */
    public B searchParameter(String searchParameterJson) {
        searchParameters.add(Objects.requireNonNull(searchParameterJson, "searchParameterJson"));
        return self();
    }

    /**
     * The terminology service for the token modifiers {@code :in :not-in :above :below}, typically a client of an
     * external terminology server. It is asked first; whatever it answers as unknown is answered from the tenant's own
     * CodeSystem and ValueSet resources, which is all a store uses by default (see {@link TerminologyService}).
     */
    public B terminology(TerminologyService service) {
        this.terminology = Objects.requireNonNull(service, "service");
        return self();
    }

    /** Checks the settings of this class; a backend calls it first in {@code build()}. */
    protected void validateCommon() {
        if (!search && !searchParameters.isEmpty()) {
            throw new ConfigurationException("searchParameter(...) needs the search index (search(true))");
        }
    }

    /** {@code all} without {@link #SEARCH_FEATURES} when the store keeps no search index. */
    protected Set<Capability> features(Set<Capability> all) {
        Set<Capability> features = EnumSet.copyOf(all);
        if (!search) {
            features.removeAll(SEARCH_FEATURES);
        }
        return features;
    }

    /** The store: FHIR semantics over {@code engine}, with this builder's limits, clock and search settings. */
    protected FhirStore store(StorageEngine engine) {
        return new EngineFhirStore(engine, limits, clock, searchParameters, terminology);
    }
}
