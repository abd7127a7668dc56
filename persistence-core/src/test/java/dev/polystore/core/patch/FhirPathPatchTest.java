package dev.polystore.core.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.core.fhirpath.FhirPathEngine;
import java.io.UncheckedIOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FhirPathPatchTest {

    private static final FhirPathEngine ENGINE = FhirPathEngine.forVersion(FhirVersion.R4);
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------ builders

    static ObjectNode part(String name, String valueKey, Object value) {
        ObjectNode p = MAPPER.createObjectNode().put("name", name);
        if (value instanceof JsonNode n) {
            p.set(valueKey, n);
        } else if (value instanceof Integer i) {
            p.put(valueKey, i);
        } else if (value instanceof Boolean b) {
            p.put(valueKey, b);
        } else {
            p.put(valueKey, (String) value);
        }
        return p;
    }

    /** A part whose value is given as parts. */
    static ObjectNode parts(String name, ObjectNode... subParts) {
        ObjectNode p = MAPPER.createObjectNode().put("name", name);
        ArrayNode a = p.putArray("part");
        for (ObjectNode s : subParts) {
            a.add(s);
        }
        return p;
    }

    static ObjectNode op(String type, String path, ObjectNode... more) {
        ObjectNode o = MAPPER.createObjectNode().put("name", "operation");
        ArrayNode a = o.putArray("part");
        if (type != null) {
            a.add(part("type", "valueCode", type));
        }
        if (path != null) {
            a.add(part("path", "valueString", path));
        }
        for (ObjectNode m : more) {
            a.add(m);
        }
        return o;
    }

    static ObjectNode name(String n) {
        return part("name", "valueString", n);
    }

    static ObjectNode index(int i) {
        return part("index", "valueInteger", i);
    }

    static ObjectNode value(String key, Object v) {
        return part("value", key, v);
    }

    static ObjectNode params(ObjectNode... ops) {
        ObjectNode p = MAPPER.createObjectNode().put("resourceType", "Parameters");
        ArrayNode a = p.putArray("parameter");
        for (ObjectNode o : ops) {
            a.add(o);
        }
        return p;
    }

    static JsonNode apply(JsonNode resource, ObjectNode... ops) {
        return FhirPathPatch.parse(params(ops), ENGINE).apply(resource);
    }

    static InvalidResourceException unprocessable(JsonNode resource, ObjectNode... ops) {
        FhirPathPatch patch = FhirPathPatch.parse(params(ops), ENGINE);
        JsonNode before = resource.deepCopy();
        InvalidResourceException e = catchThrowableOfType(InvalidResourceException.class, () -> patch.apply(resource));
        assertThat(e).as("expected a 422").isNotNull();
        assertThat(e.httpStatus()).isEqualTo(422);
        assertThat(resource).as("input unchanged after a failure").isEqualTo(before);
        return e;
    }

    static final String TWO_IDENTIFIERS =
            """
            {"resourceType":"Patient","identifier":[
              {"system":"http://example.org","value":"value 1"},
              {"system":"http://example.org","value":"value 2"}]}""";

    static final String THREE_IDENTIFIERS =
            """
            {"resourceType":"Patient","identifier":[
              {"value":"a"},{"value":"b"},{"value":"c"}]}""";

    // ------------------------------------------------------------ the examples of the R4 page

    @Nested
    class SpecExamples {

        @Test
        void addAnElement() {
            JsonNode patch = json(
                    """
                    {"resourceType":"Parameters","parameter":[{"name":"operation","part":[
                      {"name":"type","valueCode":"add"},
                      {"name":"path","valueString":"Patient"},
                      {"name":"name","valueString":"birthDate"},
                      {"name":"value","valueDate":"1930-01-01"}]}]}""");
            JsonNode out = FhirPathPatch.parse(patch, ENGINE).apply(json("{\"resourceType\":\"Patient\"}"));
            assertThat(out).isEqualTo(json("{\"resourceType\":\"Patient\",\"birthDate\":\"1930-01-01\"}"));
        }

        @Test
        void addAnAnonymousTypeGivenAsParts() {
            JsonNode patch = json(
                    """
                    {"resourceType":"Parameters","parameter":[{"name":"operation","part":[
                      {"name":"type","valueCode":"add"},
                      {"name":"path","valueString":"Patient"},
                      {"name":"name","valueString":"contact"},
                      {"name":"value","part":[{"name":"name","valueHumanName":{"text":"a name"}}]}]}]}""");
            JsonNode out = FhirPathPatch.parse(patch, ENGINE).apply(json("{\"resourceType\":\"Patient\"}"));
            assertThat(out)
                    .isEqualTo(json("{\"resourceType\":\"Patient\",\"contact\":[{\"name\":{\"text\":\"a name\"}}]}"));
        }

        @Test
        void insertIntoAListAtAnIndex() {
            JsonNode out = apply(
                    json(TWO_IDENTIFIERS),
                    op(
                            "insert",
                            "Patient.identifier",
                            index(1),
                            value(
                                    "valueIdentifier",
                                    json("{\"system\":\"http://example.org\",\"value\":\"value 3\"}"))));
            assertThat(out)
                    .isEqualTo(
                            json(
                                    """
                            {"resourceType":"Patient","identifier":[
                              {"system":"http://example.org","value":"value 1"},
                              {"system":"http://example.org","value":"value 3"},
                              {"system":"http://example.org","value":"value 2"}]}"""));
        }

        @Test
        void deleteAnElement() {
            JsonNode out = apply(
                    json("{\"resourceType\":\"Patient\",\"birthDate\":\"1920-01-01\",\"active\":true}"),
                    op("delete", "Patient.birthDate"));
            assertThat(out).isEqualTo(json("{\"resourceType\":\"Patient\",\"active\":true}"));
        }

        @Test
        void replaceAnElement() {
            JsonNode out = apply(
                    json("{\"resourceType\":\"Patient\",\"birthDate\":\"1920-01-01\"}"),
                    op("replace", "Patient.birthDate", value("valueDate", "1930-01-01")));
            assertThat(out).isEqualTo(json("{\"resourceType\":\"Patient\",\"birthDate\":\"1930-01-01\"}"));
        }

        @Test
        void moveWithinAList() {
            JsonNode out = apply(
                    json(THREE_IDENTIFIERS),
                    op(
                            "move",
                            "Patient.identifier",
                            part("source", "valueInteger", 0),
                            part("destination", "valueInteger", 2)));
            assertThat(out)
                    .isEqualTo(
                            json(
                                    "{\"resourceType\":\"Patient\",\"identifier\":[{\"value\":\"b\"},{\"value\":\"c\"},{\"value\":\"a\"}]}"));
        }
    }

    // ------------------------------------------------------------ add

    @Nested
    class Add {

        @Test
        void complexValueGivenAsParts() {
            JsonNode out = apply(
                    json("{\"resourceType\":\"Patient\",\"active\":true}"),
                    op(
                            "add",
                            "Patient",
                            name("identifier"),
                            parts(
                                    "value",
                                    part("system", "valueUri", "http://example.org/mrn"),
                                    part("value", "valueString", "12345"))));
            assertThat(out)
                    .isEqualTo(
                            json(
                                    """
                            {"resourceType":"Patient","active":true,
                             "identifier":[{"system":"http://example.org/mrn","value":"12345"}]}"""));
        }

        @Test
        void appendsToAnExistingList() {
            JsonNode out = apply(
                    json(TWO_IDENTIFIERS),
                    op("add", "Patient", name("identifier"), value("valueIdentifier", json("{\"value\":\"v\"}"))));
            assertThat(out.get("identifier")).hasSize(3);
            assertThat(out.get("identifier").get(2)).isEqualTo(json("{\"value\":\"v\"}"));
        }

        @Test
        void nestedPartsFollowTheModel() {
            // Patient.contact is a backbone element: telecom repeats, gender does not
            JsonNode out = apply(
                    json("{\"resourceType\":\"Patient\"}"),
                    op(
                            "add",
                            "Patient",
                            name("contact"),
                            parts(
                                    "value",
                                    part("gender", "valueCode", "female"),
                                    part(
                                            "telecom",
                                            "valueContactPoint",
                                            json("{\"system\":\"phone\",\"value\":\"1\"}")),
                                    part(
                                            "telecom",
                                            "valueContactPoint",
                                            json("{\"system\":\"email\",\"value\":\"e\"}")),
                                    parts("address", part("city", "valueString", "Paris")))));
            assertThat(out)
                    .isEqualTo(
                            json(
                                    """
                            {"resourceType":"Patient","contact":[{"gender":"female",
                              "telecom":[{"system":"phone","value":"1"},{"system":"email","value":"e"}],
                              "address":{"city":"Paris"}}]}"""));
        }

        @Test
        void toANestedElement() {
            JsonNode out = apply(
                    json("{\"resourceType\":\"Patient\",\"contact\":[{\"gender\":\"male\"}]}"),
                    op("add", "Patient.contact[0]", name("name"), value("valueHumanName", json("{\"text\":\"n\"}"))));
            assertThat(out)
                    .isEqualTo(
                            json(
                                    "{\"resourceType\":\"Patient\",\"contact\":[{\"gender\":\"male\",\"name\":{\"text\":\"n\"}}]}"));
        }

        @Test
        void choiceElementTakesTheNameOfTheValueType() {
            JsonNode out = apply(
                    json("{\"resourceType\":\"Patient\"}"),
                    op("add", "Patient", name("deceased"), value("valueBoolean", true)));
            assertThat(out).isEqualTo(json("{\"resourceType\":\"Patient\",\"deceasedBoolean\":true}"));
        }

        @Test
        void extensionToAPrimitiveGoesToItsUnderscoreSibling() {
            JsonNode out = apply(
                    json("{\"resourceType\":\"Patient\",\"birthDate\":\"1970-03-30\"}"),
                    op(
                            "add",
                            "Patient.birthDate",
                            name("extension"),
                            parts(
                                    "value",
                                    part(
                                            "url",
                                            "valueUri",
                                            "http://hl7.org/fhir/StructureDefinition/patient-birthTime"),
                                    part("value", "valueDateTime", "1970-03-30T14:35:45-05:00"))));
            assertThat(out)
                    .isEqualTo(
                            json(
                                    """
                            {"resourceType":"Patient","birthDate":"1970-03-30","_birthDate":{"extension":[
                              {"url":"http://hl7.org/fhir/StructureDefinition/patient-birthTime",
                               "valueDateTime":"1970-03-30T14:35:45-05:00"}]}}"""));
        }

        @Test
        void extensionToAnItemOfAPrimitiveListKeepsTheListsAligned() {
            JsonNode out = apply(
                    json("{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"a\",\"b\",\"c\"]}]}"),
                    op(
                            "add",
                            "Patient.name[0].given[1]",
                            name("extension"),
                            parts("value", part("url", "valueUri", "http://x"), part("value", "valueString", "y"))));
            assertThat(out.get("name").get(0))
                    .isEqualTo(
                            json(
                                    """
                            {"given":["a","b","c"],
                             "_given":[null,{"extension":[{"url":"http://x","valueString":"y"}]},null]}"""));
        }

        @Test
        void existingNonRepeatingElementIsAnError() {
            InvalidResourceException e = unprocessable(
                    json("{\"resourceType\":\"Patient\",\"birthDate\":\"1920-01-01\"}"),
                    op("add", "Patient", name("birthDate"), value("valueDate", "1930-01-01")));
            assertThat(e.getMessage())
                    .contains("operation 0 (add at 'Patient')")
                    .contains("already has a value");
        }

        @Test
        void unknownElementIsAnError() {
            assertThat(unprocessable(
                                    json("{\"resourceType\":\"Patient\"}"),
                                    op("add", "Patient", name("birthdate"), value("valueDate", "1930-01-01")))
                            .getMessage())
                    .contains("'birthdate' is not an element of Patient");
        }

        @Test
        void valueOfTheWrongTypeIsAnError() {
            assertThat(unprocessable(
                                    json("{\"resourceType\":\"Patient\"}"),
                                    op("add", "Patient", name("birthDate"), value("valueBoolean", true)))
                            .getMessage())
                    .contains("'birthDate' cannot be a boolean");
            assertThat(unprocessable(
                                    json("{\"resourceType\":\"Patient\"}"),
                                    op("add", "Patient", name("deceased"), value("valueString", "yes")))
                            .getMessage())
                    .contains("'deceased' cannot be a string");
            assertThat(unprocessable(
                                    json("{\"resourceType\":\"Patient\"}"),
                                    op(
                                            "add",
                                            "Patient",
                                            name("contact"),
                                            parts("value", part("nickname", "valueString", "x"))))
                            .getMessage())
                    .contains("'nickname' is not an element of Patient.contact");
        }

        @Test
        void pathMatchingNothingIsAnError() {
            // the official test case "Operation on missing element"
            InvalidResourceException e = unprocessable(
                    json("{\"resourceType\":\"Patient\",\"identifier\":[{\"use\":\"official\",\"value\":\"123\"}]}"),
                    op(
                            "add",
                            "Patient.identifier.where(use = 'official').period",
                            name("end"),
                            value("valueDateTime", "2021-12-01")));
            assertThat(e.getMessage()).contains("matches no element");
        }

        @Test
        void pathMatchingSeveralElementsIsAnError() {
            assertThat(unprocessable(
                                    json(TWO_IDENTIFIERS),
                                    op("add", "Patient.identifier", name("use"), value("valueCode", "usual")))
                            .getMessage())
                    .contains("matches 2 elements");
        }

        @Test
        void intoAContainedResourceThroughResolve() {
            JsonNode out = apply(
                    json(
                            """
                            {"resourceType":"Patient","contained":[{"resourceType":"Organization","id":"o1"}],
                             "managingOrganization":{"reference":"#o1"}}"""),
                    op("add", "Patient.managingOrganization.resolve()", name("name"), value("valueString", "Acme")));
            assertThat(out.get("contained").get(0))
                    .isEqualTo(json("{\"resourceType\":\"Organization\",\"id\":\"o1\",\"name\":\"Acme\"}"));
        }

        @Test
        void aResourceIntoContained() {
            ObjectNode resource = MAPPER.createObjectNode().put("name", "value");
            resource.set("resource", json("{\"resourceType\":\"Organization\",\"id\":\"o1\"}"));
            JsonNode out =
                    apply(json("{\"resourceType\":\"Patient\"}"), op("add", "Patient", name("contained"), resource));
            assertThat(out)
                    .isEqualTo(
                            json(
                                    "{\"resourceType\":\"Patient\",\"contained\":[{\"resourceType\":\"Organization\",\"id\":\"o1\"}]}"));
            assertThat(unprocessable(
                                    json("{\"resourceType\":\"Patient\"}"),
                                    op("add", "Patient", name("managingOrganization"), resource))
                            .getMessage())
                    .contains("'managingOrganization' cannot be a Organization");
        }

        @Test
        void otherReleasesUseTheirOwnModel() {
            FhirPathPatch patch = FhirPathPatch.parse(
                    params(op("add", "Patient", name("contact"), parts("value", part("gender", "valueCode", "other")))),
                    FhirPathEngine.forVersion(FhirVersion.R5));
            assertThat(patch.apply(json("{\"resourceType\":\"Patient\"}")))
                    .isEqualTo(json("{\"resourceType\":\"Patient\",\"contact\":[{\"gender\":\"other\"}]}"));
        }

        @Test
        void intoAnotherResourceIsAnError() {
            assertThat(unprocessable(
                                    json(
                                            "{\"resourceType\":\"Patient\",\"managingOrganization\":{\"reference\":\"Organization/1\"}}"),
                                    op(
                                            "add",
                                            "Patient.managingOrganization.resolve()",
                                            name("name"),
                                            value("valueString", "Acme")))
                            .getMessage())
                    .contains("outside the resource");
        }
    }

    // ------------------------------------------------------------ insert

    @Nested
    class Insert {

        @Test
        void atTheEnd() {
            JsonNode out = apply(
                    json(TWO_IDENTIFIERS),
                    op("insert", "Patient.identifier", index(2), value("valueIdentifier", json("{\"value\":\"v3\"}"))));
            assertThat(out)
                    .isEqualTo(
                            json(
                                    """
                            {"resourceType":"Patient","identifier":[
                              {"system":"http://example.org","value":"value 1"},
                              {"system":"http://example.org","value":"value 2"},
                              {"value":"v3"}]}"""));
        }

        @Test
        void atTheStart() {
            JsonNode out = apply(
                    json(THREE_IDENTIFIERS),
                    op("insert", "Patient.identifier", index(0), value("valueIdentifier", json("{\"value\":\"z\"}"))));
            assertThat(out.get("identifier"))
                    .isEqualTo(json("[{\"value\":\"z\"},{\"value\":\"a\"},{\"value\":\"b\"},{\"value\":\"c\"}]"));
        }

        @Test
        void startsAnAbsentList() {
            JsonNode out = apply(
                    json("{\"resourceType\":\"Patient\",\"active\":true}"),
                    op("insert", "Patient.identifier", index(0), value("valueIdentifier", json("{\"value\":\"z\"}"))));
            assertThat(out)
                    .isEqualTo(
                            json("{\"resourceType\":\"Patient\",\"active\":true,\"identifier\":[{\"value\":\"z\"}]}"));
        }

        @Test
        void anonymousTypeGivenAsParts() {
            JsonNode out = apply(
                    json("{\"resourceType\":\"Patient\",\"contact\":[{\"gender\":\"male\"}]}"),
                    op("insert", "Patient.contact", index(0), parts("value", part("gender", "valueCode", "female"))));
            assertThat(out.get("contact")).isEqualTo(json("[{\"gender\":\"female\"},{\"gender\":\"male\"}]"));
        }

        @Test
        void indexBeyondTheEndIsAnError() {
            InvalidResourceException e = unprocessable(
                    json(TWO_IDENTIFIERS),
                    op("insert", "Patient.identifier", index(3), value("valueIdentifier", json("{\"value\":\"v\"}"))));
            assertThat(e.getMessage())
                    .contains("operation 0 (insert at 'Patient.identifier')")
                    .contains("index 3 is out of range: the list has 2 elements");
        }

        @Test
        void notAListIsAnError() {
            assertThat(unprocessable(
                                    json("{\"resourceType\":\"Patient\",\"birthDate\":\"1920-01-01\"}"),
                                    op("insert", "Patient.birthDate", index(0), value("valueDate", "1930-01-01")))
                            .getMessage())
                    .contains("does not designate a list");
        }

        @Test
        void itemsOfSeveralListsIsAnError() {
            assertThat(unprocessable(
                                    json(
                                            "{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"a\"]},{\"given\":[\"b\"]}]}"),
                                    op("insert", "Patient.name.given", index(0), value("valueString", "c")))
                            .getMessage())
                    .contains("more than one list");
        }

        @Test
        void intoAPrimitiveListKeepsTheExtensionsAligned() {
            JsonNode out = apply(
                    json(
                            """
                            {"resourceType":"Patient","name":[{"given":["a","b"],
                              "_given":[null,{"extension":[{"url":"http://x","valueString":"y"}]}]}]}"""),
                    op("insert", "Patient.name[0].given", index(1), value("valueString", "new")));
            assertThat(out.get("name").get(0))
                    .isEqualTo(
                            json(
                                    """
                            {"given":["a","new","b"],
                             "_given":[null,null,{"extension":[{"url":"http://x","valueString":"y"}]}]}"""));
        }
    }

    // ------------------------------------------------------------ delete

    @Nested
    class Delete {

        @Test
        void pathMatchingNothingIsANoOp() {
            JsonNode in = json("{\"resourceType\":\"Patient\",\"active\":true}");
            JsonNode out =
                    apply(in, op("delete", "Patient.birthDate"), op("delete", "Patient.name.where(use = 'old')"));
            assertThat(out).isEqualTo(in).isNotSameAs(in);
        }

        @Test
        void pathMatchingSeveralElementsIsAnError() {
            assertThat(unprocessable(json(TWO_IDENTIFIERS), op("delete", "Patient.identifier"))
                            .getMessage())
                    .contains("operation 0 (delete at 'Patient.identifier')")
                    .contains("matches 2 elements");
        }

        @Test
        void anItemOfAList() {
            JsonNode out = apply(json(THREE_IDENTIFIERS), op("delete", "Patient.identifier[1]"));
            assertThat(out.get("identifier")).isEqualTo(json("[{\"value\":\"a\"},{\"value\":\"c\"}]"));
        }

        @Test
        void theLastItemOfAListRemovesTheList() {
            JsonNode out = apply(
                    json("{\"resourceType\":\"Patient\",\"identifier\":[{\"value\":\"a\"}],\"active\":true}"),
                    op("delete", "Patient.identifier.where(value = 'a')"));
            assertThat(out).isEqualTo(json("{\"resourceType\":\"Patient\",\"active\":true}"));
        }

        @Test
        void elementsLeftEmptyAreRemoved() {
            // the official test case "Delete Nested Primitive #2"
            JsonNode out = apply(
                    json(
                            "{\"resourceType\":\"Patient\",\"contact\":[{\"name\":{\"text\":\"a name\"},\"gender\":\"male\"}]}"),
                    op("delete", "Patient.contact[0].name.text"));
            assertThat(out).isEqualTo(json("{\"resourceType\":\"Patient\",\"contact\":[{\"gender\":\"male\"}]}"));
        }

        @Test
        void aPrimitiveTakesItsExtensionsAlong() {
            JsonNode out = apply(
                    json(
                            """
                            {"resourceType":"Patient","birthDate":"1970-03-30",
                             "_birthDate":{"extension":[{"url":"http://x","valueString":"y"}]},"active":true}"""),
                    op("delete", "Patient.birthDate"));
            assertThat(out).isEqualTo(json("{\"resourceType\":\"Patient\",\"active\":true}"));
        }

        @Test
        void theOnlyExtensionOfAPrimitiveRemovesItsUnderscoreSibling() {
            JsonNode out = apply(
                    json(
                            """
                            {"resourceType":"Patient","birthDate":"1970-03-30",
                             "_birthDate":{"extension":[{"url":"http://x","valueString":"y"}]}}"""),
                    op("delete", "Patient.birthDate.extension('http://x')"));
            assertThat(out).isEqualTo(json("{\"resourceType\":\"Patient\",\"birthDate\":\"1970-03-30\"}"));
        }

        @Test
        void anItemOfAPrimitiveListKeepsTheExtensionsAligned() {
            JsonNode out = apply(
                    json(
                            """
                            {"resourceType":"Patient","name":[{"given":["a","b","c"],
                              "_given":[{"id":"x"},null,{"id":"z"}]}]}"""),
                    op("delete", "Patient.name[0].given[0]"));
            assertThat(out.get("name").get(0))
                    .isEqualTo(json("{\"given\":[\"b\",\"c\"],\"_given\":[null,{\"id\":\"z\"}]}"));
            JsonNode out2 = apply(
                    json(
                            """
                            {"resourceType":"Patient","name":[{"given":["a","b","c"],
                              "_given":[{"id":"x"},null,{"id":"z"}]}]}"""),
                    op("delete", "Patient.name[0].given[0]"),
                    op("delete", "Patient.name[0].given[1]"));
            assertThat(out2.get("name").get(0)).isEqualTo(json("{\"given\":[\"b\"]}"));
        }
    }

    // ------------------------------------------------------------ replace

    @Nested
    class Replace {

        @Test
        void aComplexElement() {
            JsonNode out = apply(
                    json("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Old\"},{\"family\":\"Other\"}]}"),
                    op(
                            "replace",
                            "Patient.name[0]",
                            value("valueHumanName", json("{\"family\":\"New\",\"given\":[\"A\"]}"))));
            assertThat(out.get("name"))
                    .isEqualTo(json("[{\"family\":\"New\",\"given\":[\"A\"]},{\"family\":\"Other\"}]"));
        }

        @Test
        void aNestedPrimitive() {
            JsonNode out = apply(
                    json(
                            "{\"resourceType\":\"Patient\",\"contact\":[{\"name\":{\"text\":\"a name\"},\"gender\":\"male\"}]}"),
                    op("replace", "Patient.contact[0].gender", value("valueCode", "female")));
            assertThat(out)
                    .isEqualTo(
                            json(
                                    "{\"resourceType\":\"Patient\",\"contact\":[{\"name\":{\"text\":\"a name\"},\"gender\":\"female\"}]}"));
        }

        @Test
        void pathMatchingTwoElementsIsAnError() {
            InvalidResourceException e = unprocessable(
                    json("{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"a\",\"b\"]}]}"),
                    op("replace", "Patient.name.given", value("valueString", "c")));
            assertThat(e.getMessage())
                    .isEqualTo("FHIRPath Patch operation 0 (replace at 'Patient.name.given'): the path matches 2"
                            + " elements; it must match exactly one");
        }

        @Test
        void pathMatchingNothingIsAnError() {
            assertThat(unprocessable(
                                    json("{\"resourceType\":\"Patient\"}"),
                                    op("replace", "Patient.birthDate", value("valueDate", "1930-01-01")))
                            .getMessage())
                    .contains("matches no element");
        }

        @Test
        void aChoiceElementWithAnotherType() {
            JsonNode out = apply(
                    json("{\"resourceType\":\"Patient\",\"deceasedBoolean\":false,\"active\":true}"),
                    op("replace", "Patient.deceased", value("valueDateTime", "2020-01-01")));
            assertThat(out)
                    .isEqualTo(
                            json("{\"resourceType\":\"Patient\",\"deceasedDateTime\":\"2020-01-01\",\"active\":true}"));
            assertThat(out.propertyStream().map(e -> e.getKey()).toList())
                    .containsExactly("resourceType", "deceasedDateTime", "active");
        }

        @Test
        void aPrimitiveIsReplacedWithItsExtensionsUnlessTheValueBringsSome() {
            String in =
                    """
                    {"resourceType":"Patient","birthDate":"1970-03-30",
                     "_birthDate":{"extension":[{"url":"http://x","valueString":"old"}]}}""";
            assertThat(apply(json(in), op("replace", "Patient.birthDate", value("valueDate", "1971-01-01"))))
                    .isEqualTo(json("{\"resourceType\":\"Patient\",\"birthDate\":\"1971-01-01\"}"));
            ObjectNode withExt = value("valueDate", "1971-01-01");
            withExt.set("_valueDate", json("{\"extension\":[{\"url\":\"http://x\",\"valueString\":\"new\"}]}"));
            assertThat(apply(json(in), op("replace", "Patient.birthDate", withExt)))
                    .isEqualTo(
                            json(
                                    """
                            {"resourceType":"Patient","birthDate":"1971-01-01",
                             "_birthDate":{"extension":[{"url":"http://x","valueString":"new"}]}}"""));
        }

        @Test
        void valueOfTheWrongTypeIsAnError() {
            assertThat(unprocessable(
                                    json("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"x\"}]}"),
                                    op("replace", "Patient.name[0]", value("valueAddress", json("{\"city\":\"x\"}"))))
                            .getMessage())
                    .contains("cannot be a Address");
        }

        @Test
        void aComputedValueIsAnError() {
            assertThat(unprocessable(
                                    json("{\"resourceType\":\"Patient\",\"birthDate\":\"1920-01-01\"}"),
                                    op("replace", "Patient.birthDate.toString()", value("valueDate", "1930-01-01")))
                            .getMessage())
                    .contains("computed value");
        }
    }

    // ------------------------------------------------------------ move

    @Nested
    class Move {

        static ObjectNode move(String path, int source, int destination) {
            return op(
                    "move",
                    path,
                    part("source", "valueInteger", source),
                    part("destination", "valueInteger", destination));
        }

        @Test
        void backwards() {
            JsonNode out = apply(json(THREE_IDENTIFIERS), move("Patient.identifier", 2, 0));
            assertThat(out.get("identifier"))
                    .isEqualTo(json("[{\"value\":\"c\"},{\"value\":\"a\"},{\"value\":\"b\"}]"));
        }

        @Test
        void toTheSamePlaceChangesNothing() {
            JsonNode in = json(THREE_IDENTIFIERS);
            assertThat(apply(in, move("Patient.identifier", 1, 1))).isEqualTo(in);
        }

        @Test
        void aPrimitiveListMovesItsExtensionsAlong() {
            JsonNode out = apply(
                    json(
                            "{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"a\",\"b\",\"c\"],\"_given\":[{\"id\":\"x\"},null,null]}]}"),
                    move("Patient.name[0].given", 0, 2));
            assertThat(out.get("name").get(0))
                    .isEqualTo(json("{\"given\":[\"b\",\"c\",\"a\"],\"_given\":[null,null,{\"id\":\"x\"}]}"));
        }

        @Test
        void outOfRangeIsAnError() {
            assertThat(unprocessable(json(THREE_IDENTIFIERS), move("Patient.identifier", 0, 3))
                            .getMessage())
                    .contains("operation 0 (move at 'Patient.identifier')")
                    .contains("destination 3 is out of range: the list has 3 elements");
            assertThat(unprocessable(json(THREE_IDENTIFIERS), move("Patient.identifier", 5, 0))
                            .getMessage())
                    .contains("source 5 is out of range");
        }
    }

    // ------------------------------------------------------------ the patch as a whole

    @Nested
    class Whole {

        @Test
        void operationsApplyInOrder() {
            JsonNode out = apply(
                    json("{\"resourceType\":\"Patient\"}"),
                    op("add", "Patient", name("birthDate"), value("valueDate", "1930-01-01")),
                    op("replace", "Patient.birthDate", value("valueDate", "1931-01-01")),
                    op("add", "Patient", name("identifier"), value("valueIdentifier", json("{\"value\":\"a\"}"))),
                    op("insert", "Patient.identifier", index(0), value("valueIdentifier", json("{\"value\":\"b\"}"))));
            assertThat(out)
                    .isEqualTo(
                            json(
                                    """
                            {"resourceType":"Patient","birthDate":"1931-01-01",
                             "identifier":[{"value":"b"},{"value":"a"}]}"""));
        }

        @Test
        void theInputIsNeverChanged() {
            JsonNode in = json(
                    """
                    {"resourceType":"Patient","birthDate":"1920-01-01","name":[{"given":["a","b"]}]}""");
            JsonNode before = in.deepCopy();
            JsonNode out = apply(
                    in,
                    op("delete", "Patient.birthDate"),
                    op("replace", "Patient.name[0].given[0]", value("valueString", "z")));
            assertThat(out).isNotEqualTo(before);
            assertThat(in).isEqualTo(before);

            // the first operation succeeds on the copy, the second fails: nothing leaks out
            InvalidResourceException e = unprocessable(
                    in,
                    op("delete", "Patient.birthDate"),
                    op("replace", "Patient.name.given", value("valueString", "z")));
            assertThat(e.getMessage()).startsWith("FHIRPath Patch operation 1 (replace at 'Patient.name.given')");
            assertThat(in).isEqualTo(before);
        }

        @Test
        void aPatchIsReusable() {
            FhirPathPatch patch = FhirPathPatch.parse(
                    params(op(
                            "add", "Patient", name("identifier"), value("valueIdentifier", json("{\"value\":\"a\"}")))),
                    ENGINE);
            JsonNode once = patch.apply(json("{\"resourceType\":\"Patient\"}"));
            JsonNode twice = patch.apply(once);
            ((ObjectNode) once.get("identifier").get(0)).put("value", "changed");
            assertThat(twice.get("identifier")).isEqualTo(json("[{\"value\":\"a\"},{\"value\":\"a\"}]"));
            assertThat(patch.apply(json("{\"resourceType\":\"Patient\"}")).get("identifier"))
                    .isEqualTo(json("[{\"value\":\"a\"}]"));
            assertThat(patch.size()).isEqualTo(1);
        }

        @Test
        void anEmptyParametersChangesNothing() {
            JsonNode in = json("{\"resourceType\":\"Patient\",\"active\":true}");
            assertThat(FhirPathPatch.parse(json("{\"resourceType\":\"Parameters\"}"), ENGINE)
                            .apply(in))
                    .isEqualTo(in);
        }

        @Test
        void anUnknownElementInThePathIsAnError() {
            assertThat(unprocessable(json("{\"resourceType\":\"Patient\"}"), op("delete", "Patient.birthdate"))
                            .getMessage())
                    .contains("operation 0 (delete at 'Patient.birthdate')")
                    .contains("'birthdate' is not an element of Patient");
        }
    }

    // ------------------------------------------------------------ malformed patches

    static Stream<Arguments> malformed() {
        ObjectNode ok = op("delete", "Patient.birthDate");
        ObjectNode twoValues = value("valueString", "a");
        twoValues.put("valueCode", "b");
        ObjectNode notOperation = op("delete", "Patient.birthDate");
        notOperation.put("name", "op");
        ObjectNode noParts = MAPPER.createObjectNode().put("name", "operation");
        return Stream.of(
                Arguments.of("missing type", params(ok, op(null, "Patient.birthDate")), "part 'type' is missing"),
                Arguments.of(
                        "unknown type",
                        params(ok, op("remove", "Patient.birthDate")),
                        "unknown operation type 'remove'"),
                Arguments.of(
                        "type not a code",
                        params(ok, op(null, "Patient", part("type", "valueString", "delete"))),
                        "part 'type' must have a valueCode"),
                Arguments.of(
                        "add without name",
                        params(ok, op("add", "Patient", value("valueDate", "1930-01-01"))),
                        "an add operation needs part 'name'"),
                Arguments.of(
                        "add without value",
                        params(ok, op("add", "Patient", name("birthDate"))),
                        "an add operation needs part 'value'"),
                Arguments.of(
                        "insert without index",
                        params(ok, op("insert", "Patient.identifier", value("valueIdentifier", json("{}")))),
                        "an insert operation needs part 'index'"),
                Arguments.of(
                        "move without destination",
                        params(ok, op("move", "Patient.identifier", part("source", "valueInteger", 0))),
                        "a move operation needs part 'destination'"),
                Arguments.of(
                        "value of an unknown type",
                        params(ok, op("replace", "Patient.birthDate", value("valueDay", "1930-01-01"))),
                        "unknown type 'valueDay'"),
                Arguments.of(
                        "value of a resource type",
                        params(ok, op("replace", "Patient.birthDate", value("valuePatient", json("{}")))),
                        "unknown type 'valuePatient'"),
                Arguments.of(
                        "value of the wrong JSON shape",
                        params(ok, op("replace", "Patient.active", value("valueBoolean", "yes"))),
                        "valueBoolean must be true or false"),
                Arguments.of(
                        "value with two values",
                        params(ok, op("replace", "Patient.active", twoValues)),
                        "has more than one value"),
                Arguments.of(
                        "value without a value",
                        params(
                                ok,
                                op(
                                        "replace",
                                        "Patient.active",
                                        MAPPER.createObjectNode().put("name", "value"))),
                        "has no value"),
                Arguments.of(
                        "nested part without a value",
                        params(
                                ok,
                                op(
                                        "add",
                                        "Patient",
                                        name("contact"),
                                        parts("value", MAPPER.createObjectNode().put("name", "gender")))),
                        "part 'gender' of part 'value' has no value"),
                Arguments.of("missing path", params(ok, op("delete", null)), "needs part 'path'"),
                Arguments.of(
                        "path with a syntax error",
                        params(ok, op("delete", "Patient.name.where(")),
                        "is not a valid FHIRPath expression"),
                Arguments.of(
                        "part not for this type",
                        params(ok, op("replace", "Patient.birthDate", value("valueDate", "1930-01-01"), index(0))),
                        "part 'index' does not apply to a replace operation"),
                Arguments.of(
                        "negative index",
                        params(ok, op("insert", "Patient.identifier", index(-1), value("valueIdentifier", json("{}")))),
                        "part 'index' must not be negative"),
                Arguments.of(
                        "repeated part",
                        params(ok, op("delete", "Patient.birthDate", part("path", "valueString", "Patient.gender"))),
                        "part 'path' is given more than once"),
                Arguments.of(
                        "unknown part",
                        params(ok, op("delete", "Patient.birthDate", part("target", "valueString", "x"))),
                        "unknown part 'target'"),
                Arguments.of("parameter not named operation", params(ok, notOperation), "it must be 'operation'"),
                Arguments.of("operation without parts", params(ok, noParts), "the operation has no parts"),
                Arguments.of(
                        "name not an element name",
                        params(ok, op("add", "Patient", name("contact.name"), value("valueString", "x"))),
                        "part 'name' must be an element name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedPatchIs400NamingTheOperation(String label, ObjectNode patch, String problem) {
        assertThatThrownBy(() -> FhirPathPatch.parse(patch, ENGINE))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("FHIRPath Patch operation 1: ")
                .hasMessageContaining(problem)
                .satisfies(e ->
                        assertThat(((InvalidRequestException) e).httpStatus()).isEqualTo(400));
    }

    @Test
    void notAParametersResourceIs400() {
        for (JsonNode notParameters :
                new JsonNode[] {json("{\"resourceType\":\"Patient\"}"), json("[]"), json("{\"parameter\":[]}"), null}) {
            assertThatThrownBy(() -> FhirPathPatch.parse(notParameters, ENGINE))
                    .isExactlyInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("must be a Parameters resource")
                    .satisfies(e -> assertThat(((InvalidRequestException) e).httpStatus())
                            .isEqualTo(400));
        }
        assertThatThrownBy(
                        () -> FhirPathPatch.parse(json("{\"resourceType\":\"Parameters\",\"parameter\":{}}"), ENGINE))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("must be an array");
    }
}
