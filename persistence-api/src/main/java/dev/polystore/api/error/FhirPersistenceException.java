package dev.polystore.api.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The root of every exception Polystore throws. Unchecked; each subclass says what the caller must do, and carries the
 * HTTP status a FHIR server would answer with and the FHIR {@code IssueType} code of the OperationOutcome it renders.
 *
 * <p>Driver and engine exceptions never escape: they appear only as the {@link #getCause() cause} of one of these.
 * Every backend throws the same subclass for the same situation; the TCK checks that.
 *
 * @since 0.1
 */
public abstract class FhirPersistenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int httpStatus;
    private final String issueCode;
    private final List<String> locations = new ArrayList<>();

    protected FhirPersistenceException(int httpStatus, String issueCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.issueCode = issueCode;
    }

    /** The HTTP status code a FHIR server returns for this failure (404, 409, 412, ...). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The FHIR {@code IssueType} code ({@code not-found}, {@code conflict}, {@code invalid}, ...). */
    public String issueCode() {
        return issueCode;
    }

    /** Where the problem lies, as FHIRPath-like locations (for example {@code Bundle.entry[3]}), outermost last. */
    public List<String> locations() {
        return List.copyOf(locations);
    }

    /**
     * Records where the problem lies, for example the Bundle entry that failed. Returns this exception, so that it can
     * be rethrown: {@code throw e.at("Bundle.entry[3]")}.
     */
    public FhirPersistenceException at(String location) {
        locations.add(location);
        return this;
    }

    @Override
    public String getMessage() {
        String message = super.getMessage();
        return locations.isEmpty() ? message : message + " (at " + String.join(" in ", locations) + ")";
    }

    /** Renders this failure as a FHIR OperationOutcome resource. */
    public ObjectNode toOperationOutcome() {
        ObjectNode outcome = JSON.createObjectNode();
        outcome.put("resourceType", "OperationOutcome");
        ArrayNode issues = outcome.putArray("issue");
        ObjectNode issue = issues.addObject();
        issue.put("severity", httpStatus >= 500 ? "fatal" : "error");
        issue.put("code", issueCode);
        issue.put("diagnostics", getMessage());
        if (!locations.isEmpty()) {
            ArrayNode expression = issue.putArray("expression");
            locations.forEach(expression::add);
        }
        return outcome;
    }
}
