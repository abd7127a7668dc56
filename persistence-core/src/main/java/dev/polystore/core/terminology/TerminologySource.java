package dev.polystore.core.terminology;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Where the in-tenant terminology finds its CodeSystem and ValueSet resources: one tenant's current versions. */
interface TerminologySource {

    /**
     * The current CodeSystem with this url (and version, when not null); among several, the most recently updated.
     */
    Optional<CodeSystemHierarchy> codeSystem(String url, String version);

    /** The current ValueSet with this url (and version, when not null); among several, the most recently updated. */
    Optional<JsonNode> valueSet(String url, String version);
}
