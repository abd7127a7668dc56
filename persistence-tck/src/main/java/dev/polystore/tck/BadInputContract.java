package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.ChangeKind;
import dev.polystore.api.FhirStore;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.FhirPersistenceException;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.api.tenant.TenantContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input: every kind of malformed, mistyped, oversized, too deep or wrongly addressed input is refused with the
 * right exception and HTTP status, and the store is unchanged afterwards (live resources, system history, and the
 * resource the call addressed). Values full of SQL and query metacharacters are stored and read back exactly.
 *
 * <p>Content that is not a resource of the addressed type (not JSON, not an object, no or a non-string or the wrong
 * {@code resourceType}, too deep) is an {@link InvalidResourceException} (400); a resource over the size limit is an
 * {@link InvalidResourceException} with 413; an invalid id, an id differing from the address, or a resource type FHIR
 * R4 does not define is an {@link InvalidRequestException} or subclass with 400. The limits are those of {@link
 * FhirStoreTck#LIMITS}.
 *
 * @since 0.1
 */
@Tag("bad-input")
public interface BadInputContract extends TckSupport {

    /** A store call that is expected to fail. */
    @FunctionalInterface
    interface Call {
        Object call(FhirStore store, TenantContext context);
    }

    /**
     * One row of the bad-input table.
     *
     * @param name what is wrong, for the test name
     * @param expected the exception type (or a superclass of it)
     * @param status the expected HTTP status
     * @param needs a capability the call needs, or null
     * @param call the call, addressing Patient/seed (which exists at version 1) where it updates
     */
    record BadInput(
            String name, Class<? extends FhirPersistenceException> expected, int status, Capability needs, Call call) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The id of the resource every bad-input test writes first and checks afterwards. */
    String SEED = "seed";

    /** {@code {"resourceType":"Basic",...}} nested exactly {@code depth} levels deep (objects and arrays). */
    static String deepResource(int depth) {
        StringBuilder open = new StringBuilder("{\"resourceType\":\"Basic\",\"code\":{\"text\":\"deep\"}");
        StringBuilder close = new StringBuilder("}");
        int d = 1;
        while (d + 2 <= depth) {
            open.append(",\"extension\":[{\"url\":\"http://example.org/deep\"");
            close.insert(0, "}]");
            d += 2;
        }
        if (d < depth) {
            open.append(",\"valueCodeableConcept\":{\"text\":\"x\"}");
        }
        String json = open.append(close).toString();
        int actual = textDepth(json);
        if (actual != Math.max(depth, 2)) {
            throw new IllegalStateException("TCK bug: deepResource(" + depth + ") has depth " + actual);
        }
        return json;
    }

    /** The nesting depth of a JSON text, counting objects and arrays. */
    static int textDepth(String json) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                max = Math.max(max, ++depth);
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return max;
    }

    /** A Patient of exactly {@code bytes} UTF-8 bytes (ASCII filler), with the id {@code id} if not null. */
    static String patientOfSize(String id, int bytes) {
        String head = "{\"resourceType\":\"Patient\"" + (id == null ? "" : ",\"id\":\"" + id + "\"")
                + ",\"text\":{\"status\":\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">";
        String tail = "</div>\"}}";
        int filler = bytes - head.length() - tail.length();
        if (filler < 0) {
            throw new IllegalStateException("TCK bug: " + bytes + " bytes is too small for a Patient");
        }
        String json = head + "a".repeat(filler) + tail;
        if (json.getBytes(StandardCharsets.UTF_8).length != bytes) {
            throw new IllegalStateException("TCK bug: patientOfSize(" + bytes + ") is not " + bytes + " bytes");
        }
        return json;
    }

    /**
     * A Patient of fewer characters than the size limit but more UTF-8 bytes than it (each 'é' is 2 bytes), to catch
     * a limit applied to characters instead of bytes.
     */
    static String multiByteOversizePatient() {
        int limit = FhirStoreTck.LIMITS.maxResourceBytes();
        String json = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + "é".repeat(limit * 6 / 10) + "\"}]}";
        if (json.length() >= limit || json.getBytes(StandardCharsets.UTF_8).length <= limit) {
            throw new IllegalStateException("TCK bug: multiByteOversizePatient has the wrong size");
        }
        return json;
    }

    /** A row expecting {@link InvalidResourceException} with 400: content that is not a resource of the type. */
    private static BadInput content(String name, Call call) {
        return new BadInput(name, InvalidResourceException.class, 400, null, call);
    }

    /** A row expecting {@link InvalidResourceException} with 413: a resource over the size limit. */
    private static BadInput tooLarge(String name, Call call) {
        return new BadInput(name, InvalidResourceException.class, 413, null, call);
    }

    /** A row expecting {@link InvalidRequestException} (or a subclass) with 400: a bad address, id or type. */
    private static BadInput request(String name, Call call) {
        return new BadInput(name, InvalidRequestException.class, 400, null, call);
    }

    /** The bad-input table. */
    static List<BadInput> badInputs() {
        int limit = FhirStoreTck.LIMITS.maxResourceBytes();
        int maxDepth = FhirStoreTck.LIMITS.maxJsonDepth();
        String patient = "{\"resourceType\":\"Patient\",\"active\":true}";
        String observation = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}";
        String actor = "{\"resourceType\":\"ActorDefinition\",\"status\":\"draft\"}";
        String malformed = "{\"resourceType\":\"Patient\",";
        List<BadInput> t = new ArrayList<>();

        // not JSON
        t.add(content("create: malformed JSON", (s, c) -> s.create(c, "Patient", malformed)));
        t.add(content(
                "update of an existing resource: malformed JSON", (s, c) -> s.update(c, "Patient", SEED, malformed)));
        t.add(content(
                "create: a second JSON value after the object",
                (s, c) -> s.create(c, "Patient", patient + " {\"resourceType\":\"Patient\"}")));
        t.add(content("create: trailing garbage after the object", (s, c) -> s.create(c, "Patient", patient + " x")));
        t.add(content("create: empty text", (s, c) -> s.create(c, "Patient", "")));
        t.add(content("create: only whitespace", (s, c) -> s.create(c, "Patient", "  \n ")));
        // not an object
        for (String json : List.of("[]", "\"x\"", "42", "null", "true", "[{\"resourceType\":\"Patient\"}]")) {
            t.add(content("create: non-object JSON " + json, (s, c) -> s.create(c, "Patient", json)));
        }
        t.add(content(
                "update of an existing resource: non-object JSON []", (s, c) -> s.update(c, "Patient", SEED, "[]")));
        // resourceType
        t.add(content("create: {} without resourceType", (s, c) -> s.create(c, "Patient", "{}")));
        t.add(content(
                "create: a Patient body without resourceType",
                (s, c) -> s.create(c, "Patient", "{\"name\":[{\"family\":\"x\"}]}")));
        t.add(content(
                "update: a body without resourceType",
                (s, c) -> s.update(c, "Patient", SEED, "{\"id\":\"seed\",\"active\":false}")));
        for (String type : List.of("42", "null", "[\"Patient\"]", "{\"value\":\"Patient\"}", "true")) {
            t.add(content(
                    "create: resourceType " + type,
                    (s, c) -> s.create(c, "Patient", "{\"resourceType\":" + type + ",\"active\":true}")));
        }
        t.add(content(
                "create: Observation body at address type Patient", (s, c) -> s.create(c, "Patient", observation)));
        t.add(content(
                "update of an existing Patient with an Observation body",
                (s, c) -> s.update(c, "Patient", SEED, observation)));
        t.add(content(
                "update of a new Patient id with an Observation body",
                (s, c) -> s.update(c, "Patient", "new", observation)));
        // types R4 does not define
        t.add(request(
                "create: ActorDefinition (R5 only) in body and address",
                (s, c) -> s.create(c, "ActorDefinition", actor)));
        t.add(request("update: ActorDefinition/x (R5 only)", (s, c) -> s.update(c, "ActorDefinition", "x", actor)));
        t.add(request("create: Foo in body and address", (s, c) -> s.create(c, "Foo", "{\"resourceType\":\"Foo\"}")));
        t.add(request("update: Foo/x", (s, c) -> s.update(c, "Foo", "x", "{\"resourceType\":\"Foo\"}")));
        t.add(request("create: address type Foo with a Patient body", (s, c) -> s.create(c, "Foo", patient)));
        t.add(request(
                "create: body type Foo at address Patient",
                (s, c) -> s.create(c, "Patient", "{\"resourceType\":\"Foo\"}")));
        t.add(request(
                "create: lower-case 'patient' in body and address",
                (s, c) -> s.create(c, "patient", "{\"resourceType\":\"patient\"}")));
        t.add(request("create: empty address type", (s, c) -> s.create(c, "", patient)));
        // ids
        t.add(request(
                "update: body id differs from the address id (existing resource)",
                (s, c) -> s.update(c, "Patient", SEED, "{\"resourceType\":\"Patient\",\"id\":\"other\"}")));
        t.add(request(
                "update: body id differs from the address id only in case",
                (s, c) -> s.update(c, "Patient", SEED, "{\"resourceType\":\"Patient\",\"id\":\"SEED\"}")));
        String sixtyFive = "x".repeat(65);
        for (String id : List.of(
                "a b",
                "a/b",
                "x';DROP TABLE resources;--",
                "\u00e9",
                "",
                sixtyFive,
                "a_b",
                "seed%",
                "seed\n",
                "../seed",
                "*",
                "seed/_history/1")) {
            String shown = id.length() > 20 ? id.length() + " characters" : "'" + id.replace("\n", "\\n") + "'";
            t.add(request("update: id " + shown, (s, c) -> s.update(c, "Patient", id, patient)));
        }
        t.add(request("read: id 'a b'", (s, c) -> s.read(c, "Patient", "a b")));
        t.add(request("read: id 'seed%'", (s, c) -> s.read(c, "Patient", "seed%")));
        t.add(request("read: id of 65 characters", (s, c) -> s.read(c, "Patient", sixtyFive)));
        t.add(request("exists: id 'a/b'", (s, c) -> s.exists(c, "Patient", "a/b")));
        t.add(request(
                "delete: id 'x'';DROP TABLE resources;--'",
                (s, c) -> s.delete(c, "Patient", "x';DROP TABLE resources;--")));
        t.add(request("readMany: one id 'a b'", (s, c) -> s.readMany(c, "Patient", List.of(SEED, "a b"))));
        t.add(new BadInput(
                "vread: id 'a b'",
                InvalidRequestException.class,
                400,
                Capability.VREAD,
                (s, c) -> s.vread(c, "Patient", "a b", 1)));
        // size
        t.add(tooLarge(
                "create: " + (limit + 1) + " bytes (limit " + limit + ")",
                (s, c) -> s.create(c, "Patient", patientOfSize(null, limit + 1))));
        t.add(tooLarge(
                "update of an existing resource: " + (limit + 1) + " bytes",
                (s, c) -> s.update(c, "Patient", SEED, patientOfSize(SEED, limit + 1))));
        t.add(tooLarge("create: 1 MiB", (s, c) -> s.create(c, "Patient", patientOfSize(null, 1024 * 1024))));
        t.add(tooLarge(
                "create: fewer characters than the limit but more UTF-8 bytes",
                (s, c) -> s.create(c, "Patient", multiByteOversizePatient())));
        // depth
        t.add(content(
                "create: JSON depth " + (maxDepth + 1) + " (limit " + maxDepth + ")",
                (s, c) -> s.create(c, "Basic", deepResource(maxDepth + 1))));
        t.add(content(
                "update: JSON depth " + (maxDepth + 1),
                (s, c) -> s.update(c, "Basic", "deep", deepResource(maxDepth + 1))));
        t.add(content(
                "create: JSON depth 5001 (must not overflow the stack)",
                (s, c) -> s.create(c, "Basic", deepResource(5001))));
        t.add(content(
                "create: nested arrays of depth 200",
                (s, c) -> s.create(
                        c, "Basic", "{\"resourceType\":\"Basic\",\"x\":" + "[".repeat(199) + "]".repeat(199) + "}")));
        return t;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("dev.polystore.tck.BadInputContract#badInputs")
    @DisplayName("Bad input is refused with the right exception and status, and changes nothing")
    default void badInputIsRefused(BadInput input) {
        if (input.needs() != null) {
            requires(input.needs());
        }
        StoredResource seed = store().update(context(), "Patient", SEED, patient(SEED, "Seed"));
        Snapshot before = snapshot(context());

        expectThrows(input.expected(), input.status(), input.name(), () -> input.call()
                .call(store(), context()));

        assertUnchanged(context(), before, input.name());
        assertSameVersion(seed, store().read(context(), "Patient", SEED), input.name() + ": Patient/seed afterwards");
        assertThat(store().exists(context(), "Patient", "new"))
                .as("%s: Patient/new afterwards", input.name())
                .isFalse();
    }

    @Test
    @DisplayName("A resource just under the size limit and one at exactly the depth limit are accepted")
    default void limitsAreInclusive() {
        int limit = FhirStoreTck.LIMITS.maxResourceBytes();
        String big = patientOfSize(null, limit - 1024);
        assertStoredAs(store().create(context(), "Patient", big), big, "create of " + (limit - 1024) + " bytes");
        String deep = deepResource(FhirStoreTck.LIMITS.maxJsonDepth());
        StoredResource stored = store().create(context(), "Basic", deep);
        assertStoredAs(stored, deep, "create at JSON depth " + FhirStoreTck.LIMITS.maxJsonDepth());
        assertStoredAs(store().read(context(), "Basic", stored.id()), deep, "read at the depth limit");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "Robert'); DROP TABLE resources;--",
                "x' OR '1'='1",
                "%",
                "_",
                "\\",
                "\\\\%_",
                "'",
                "''",
                "\"",
                "\"; DROP TABLE resources; --",
                "`id`",
                "$1 ? :name @p0",
                "/* comment */ -- comment",
                "{\"$gt\": \"\"}",
                "$where: 1 == 1",
                "tab\tnewline\ncarriage\rreturn",
                "\u65e5\u672c\u8a9e \ud834\udd1e \ud83d\ude00 \u00e9\u0301",
                "\u2028\u2029\u00a0\ufeff",
                "<script>alert(1)</script>",
                "  leading and trailing  ",
                "\u007f",
                "null"
            })
    @DisplayName("Values with SQL, LIKE, JSON-query and unicode metacharacters are stored and read back exactly")
    default void metacharactersInValuesRoundTrip(String value) {
        ObjectNode p = TckJson.parseObject(patient("meta", "placeholder"));
        ((ObjectNode) p.path("name").path(0)).put("family", value);
        p.putArray("identifier").addObject().put("system", "urn:tck:" + value).put("value", value);
        p.putObject("text")
                .put("status", "generated")
                .put("div", "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + value + "</div>");
        String json = TckJson.write(p);

        StoredResource created = store().update(context(), "Patient", "meta", json);
        assertVersion(created, "Patient", "meta", 1, ChangeKind.CREATE, "PUT with value " + value);
        assertStoredAs(created, json, "PUT with the value");
        assertStoredAs(store().read(context(), "Patient", "meta"), json, "read of the value");
        StoredResource other = store().create(context(), "Patient", json);
        assertStoredAs(store().read(context(), "Patient", other.id()), json, "read of a created copy");
        assertThat(store().readMany(context(), "Patient", List.of("meta", other.id())))
                .as("readMany")
                .hasSize(2);
        assertThat(familyOf(store().read(context(), "Patient", "meta")))
                .as("family read back")
                .isEqualTo(value);
        assertThat(store().countAll(context())).as("countAll").isEqualTo(2);
        assertThat(store().count(otherTenant(), "Patient"))
                .as("count in another tenant")
                .isZero();
    }
}
