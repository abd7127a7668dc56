package dev.polystore.api.terminology;

import dev.polystore.api.tenant.TenantId;

/**
 * The terminology a store consults for the token search modifiers that need one: {@code :in} and {@code :not-in}
 * (membership of a ValueSet) and {@code :above} and {@code :below} (subsumption in a CodeSystem), R4 search.html
 * 3.1.1.5.3. Before a search reaches the backend, the store rewrites each such criterion into plain {@code system|code}
 * token criteria computed from this service's answers, so every backend executes them alike.
 *
 * <p>By default a store answers from the tenant's own {@code CodeSystem} and {@code ValueSet} resources (current
 * versions, found by {@code url} and {@code version}), never from another tenant's. This interface is the hook for an
 * external terminology server: configure an implementation on the backend's builder (for SQLite {@code
 * SqliteBackend.builder().terminology(service)}).
 *
 * <p><b>Delegation.</b> The configured service is asked first. Whatever it does not know it answers with {@link
 * ValueSetExpansion#unknown(String)} or {@link Subsumption#unknown(Coding)}; the store then asks the tenant's own
 * resources. So an external server only needs to answer what it knows (for example SNOMED CT and LOINC), and the
 * tenant's local ValueSets keep working. A service that wants to be the only authority throws instead (for example an
 * {@code InvalidSearchException} for a ValueSet it refuses to expand).
 *
 * <p>Implementations are thread-safe and side-effect free. They may throw {@code BackendUnavailableException} when the
 * server cannot be reached (the search then fails with it; nothing is guessed), {@code InvalidSearchException} for a
 * canonical or code the caller got wrong, and {@code UnsupportedCapabilityException} for a definition they cannot
 * evaluate (an unsupported filter, an expansion past their size limit). Answers are used for one search and not
 * cached by the store; a remote implementation may cache as it sees fit.
 *
 * @since 0.1
 */
public interface TerminologyService {

    /**
     * Expands a ValueSet into the codes it contains.
     *
     * @param tenant the tenant whose search asks (an implementation reading stored resources reads only this tenant)
     * @param valueSetCanonical the ValueSet's canonical URL, optionally {@code url|version} for one version
     * @return the expansion, or {@link ValueSetExpansion#unknown(String)} when this service does not know the ValueSet
     */
    ValueSetExpansion expand(TenantId tenant, String valueSetCanonical);

    /**
     * The subsumption neighbourhood of one concept: the codes it subsumes (for {@code :below}) and the codes that
     * subsume it (for {@code :above}), each including the concept itself.
     *
     * @param tenant the tenant whose search asks
     * @param concept the concept; both system and code are given
     * @return the answer, or {@link Subsumption#unknown(Coding)} when this service does not know the code system
     */
    Subsumption subsumption(TenantId tenant, Coding concept);
}
