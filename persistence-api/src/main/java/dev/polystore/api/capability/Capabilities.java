package dev.polystore.api.capability;

import dev.polystore.api.error.UnsupportedCapabilityException;
import java.util.EnumSet;
import java.util.Set;

/**
 * What one backend instance offers: the features it supports, the tenancy strategies it can be built with, and the one
 * it runs with. Declared once per backend; immutable.
 *
 * @param backend the backend's short name ("sqlite", "postgres", ...), for messages
 * @param features the supported features
 * @param tenancyStrategies the strategies the backend can be built with
 * @param tenancyStrategy the strategy this instance runs with
 * @since 0.1
 */
public record Capabilities(
        String backend,
        Set<Capability> features,
        Set<TenancyStrategy> tenancyStrategies,
        TenancyStrategy tenancyStrategy) {

    public Capabilities {
        features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
        tenancyStrategies = Set.copyOf(tenancyStrategies);
        if (!tenancyStrategies.contains(tenancyStrategy)) {
            throw new IllegalArgumentException(backend + " does not offer tenancy strategy " + tenancyStrategy);
        }
    }

    /** True if the feature is offered. */
    public boolean supports(Capability capability) {
        return features.contains(capability);
    }

    /**
     * Throws unless the feature is offered.
     *
     * @throws UnsupportedCapabilityException naming the backend and the feature
     */
    public void require(Capability capability) {
        if (!supports(capability)) {
            throw new UnsupportedCapabilityException(
                    "The " + backend + " backend does not support " + capability + " (see its capabilities)");
        }
    }
}
