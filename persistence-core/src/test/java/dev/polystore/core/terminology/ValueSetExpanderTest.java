package dev.polystore.core.terminology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polystore.api.error.InvalidSearchException;
import dev.polystore.api.error.UnsupportedCapabilityException;
import dev.polystore.api.terminology.Coding;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ValueSet expansion from stored resources (R4 valueset.html 4.9.5, filter-operator, codesystem.html). */
class ValueSetExpanderTest {
    static final String CS = "http://x/cs";

    /** disorder > infection > (pneumonia > viral), uti; disorder > fracture; finding. Severity on two codes. */
    static final String CODE_SYSTEM =
            """
            {"resourceType":"CodeSystem","url":"http://x/cs","version":"2","status":"active","content":"complete",
             "concept":[
              {"code":"disorder","display":"Disorder","concept":[
                {"code":"infection","concept":[
                  {"code":"pneumonia","concept":[{"code":"viral","property":[{"code":"severity","valueCode":"high"}]}]},
                  {"code":"uti"}]},
                {"code":"fracture","property":[{"code":"severity","valueCode":"high"},
                                               {"code":"grade","valueInteger":3}]}]},
              {"code":"finding","display":"Finding"}]}""";

    static String valueSet(String url, String compose) {
        return "{\"resourceType\":\"ValueSet\",\"url\":\"" + url + "\",\"status\":\"active\",\"compose\":" + compose
                + "}";
    }

    static String filter(String property, String op, String value) {
        return "{\"include\":[{\"system\":\"" + CS + "\",\"filter\":[{\"property\":\"" + property + "\",\"op\":\"" + op
                + "\",\"value\":\"" + value + "\"}]}]}";
    }

    private static Set<Coding> expand(MapSource source, String canonical) {
        return new ValueSetExpander(source).expand(canonical).orElseThrow();
    }

    private static Set<Coding> expandFilter(String property, String op, String value) {
        return expand(
                new MapSource().add(CODE_SYSTEM).add(valueSet("http://x/vs", filter(property, op, value))),
                "http://x/vs");
    }

    private static Set<Coding> codes(String... codes) {
        Set<Coding> set = new java.util.LinkedHashSet<>();
        for (String c : codes) {
            set.add(Coding.of(CS, c));
        }
        return set;
    }

    @Test
    void conceptListIsTakenAsWrittenWithoutDescendantsAndWithoutNeedingTheCodeSystem() {
        MapSource source = new MapSource()
                .add(valueSet(
                        "http://x/vs",
                        "{\"include\":[{\"system\":\"" + CS + "\",\"concept\":[{\"code\":"
                                + "\"pneumonia\"},{\"code\":\"not-defined\"}]}]}"));
        assertThat(expand(source, "http://x/vs")).isEqualTo(codes("pneumonia", "not-defined"));
    }

    @Test
    void wholeSystemGivesEveryStoredCodeOrAWildcardWhenTheCodeSystemCannotBeEnumerated() {
        String compose = "{\"include\":[{\"system\":\"" + CS + "\"}]}";
        assertThat(expand(new MapSource().add(CODE_SYSTEM).add(valueSet("http://x/vs", compose)), "http://x/vs"))
                .isEqualTo(codes("disorder", "infection", "pneumonia", "viral", "uti", "fracture", "finding"));
        assertThat(expand(new MapSource().add(valueSet("http://x/vs", compose)), "http://x/vs"))
                .containsExactly(Coding.anyCodeOf(CS));
        String fragment = CODE_SYSTEM.replace("\"complete\"", "\"fragment\"");
        assertThat(expand(new MapSource().add(fragment).add(valueSet("http://x/vs", compose)), "http://x/vs"))
                .containsExactly(Coding.anyCodeOf(CS));
    }

    @Test
    void hierarchyFilters() {
        assertThat(expandFilter("concept", "is-a", "infection"))
                .isEqualTo(codes("infection", "pneumonia", "viral", "uti"));
        assertThat(expandFilter("concept", "descendent-of", "infection")).isEqualTo(codes("pneumonia", "viral", "uti"));
        assertThat(expandFilter("concept", "is-not-a", "infection"))
                .isEqualTo(codes("disorder", "fracture", "finding"));
        assertThat(expandFilter("concept", "generalizes", "pneumonia"))
                .isEqualTo(codes("pneumonia", "infection", "disorder"));
        assertThat(expandFilter("concept", "child-of", "disorder")).isEqualTo(codes("infection", "fracture"));
        assertThat(expandFilter("concept", "is-a", "unknown-code")).isEmpty();
    }

    @Test
    void equalityListAndExistenceFilters() {
        assertThat(expandFilter("concept", "=", "uti")).isEqualTo(codes("uti"));
        assertThat(expandFilter("display", "=", "Finding")).isEqualTo(codes("finding"));
        assertThat(expandFilter("severity", "=", "high")).isEqualTo(codes("viral", "fracture"));
        assertThat(expandFilter("grade", "=", "3")).isEqualTo(codes("fracture"));
        assertThat(expandFilter("concept", "in", "uti, finding,nothing")).isEqualTo(codes("uti", "finding"));
        assertThat(expandFilter("concept", "not-in", "uti,finding"))
                .isEqualTo(codes("disorder", "infection", "pneumonia", "viral", "fracture"));
        assertThat(expandFilter("severity", "exists", "true")).isEqualTo(codes("viral", "fracture"));
        assertThat(expandFilter("severity", "exists", "false"))
                .isEqualTo(codes("disorder", "infection", "pneumonia", "uti", "finding"));
    }

    @Test
    void severalFiltersOfOneIncludeMustAllHold() {
        String compose = "{\"include\":[{\"system\":\"" + CS + "\",\"filter\":["
                + "{\"property\":\"concept\",\"op\":\"is-a\",\"value\":\"disorder\"},"
                + "{\"property\":\"severity\",\"op\":\"=\",\"value\":\"high\"},"
                + "{\"property\":\"concept\",\"op\":\"is-not-a\",\"value\":\"infection\"}]}]}";
        assertThat(expand(new MapSource().add(CODE_SYSTEM).add(valueSet("http://x/vs", compose)), "http://x/vs"))
                .isEqualTo(codes("fracture"));
    }

    @Test
    void filtersThatCannotBeEvaluatedAreRefused() {
        assertThatThrownBy(() -> expandFilter("concept", "regex", "u.*"))
                .isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessageContaining("regex");
        assertThatThrownBy(() -> expandFilter("severity", "is-a", "high"))
                .isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessageContaining("severity is-a");
        MapSource noCodeSystem = new MapSource().add(valueSet("http://x/vs", filter("concept", "is-a", "infection")));
        assertThatThrownBy(() -> expand(noCodeSystem, "http://x/vs"))
                .isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessageContaining(CS);
    }

    @Test
    void excludeRemovesCodesAndWholeSystems() {
        String compose = "{\"include\":[{\"system\":\"" + CS + "\"},{\"system\":\"http://other\",\"concept\":"
                + "[{\"code\":\"o\"}]}],\"exclude\":[{\"system\":\"" + CS + "\",\"filter\":[{\"property\":\"concept\","
                + "\"op\":\"is-a\",\"value\":\"disorder\"}]},{\"system\":\"http://other\"}]}";
        assertThat(expand(new MapSource().add(CODE_SYSTEM).add(valueSet("http://x/vs", compose)), "http://x/vs"))
                .isEqualTo(codes("finding"));
    }

    @Test
    void excludingSingleCodesFromAnUnenumerableSystemIsRefused() {
        String compose = "{\"include\":[{\"system\":\"http://loinc.org\"}],\"exclude\":[{\"system\":"
                + "\"http://loinc.org\",\"concept\":[{\"code\":\"8302-2\"}]}]}";
        assertThatThrownBy(() -> expand(new MapSource().add(valueSet("http://x/vs", compose)), "http://x/vs"))
                .isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessageContaining("http://loinc.org|8302-2");
    }

    @Test
    void importsAreIntersectedWithTheSystemAndWithEachOther() {
        MapSource source = new MapSource()
                .add(CODE_SYSTEM)
                .add(valueSet("http://x/infections", filter("concept", "is-a", "infection")))
                .add(valueSet("http://x/severe", filter("severity", "=", "high")))
                .add(valueSet(
                        "http://x/both",
                        "{\"include\":[{\"valueSet\":[\"http://x/infections\",\"http://x/severe\"]}]}"))
                .add(valueSet(
                        "http://x/system-and-import",
                        "{\"include\":[{\"system\":\"" + CS + "\",\"concept\":[{\"code\":\"uti\"},{\"code\":"
                                + "\"finding\"}],\"valueSet\":[\"http://x/infections\"]}]}"))
                .add(
                        valueSet(
                                "http://x/union",
                                "{\"include\":[{\"valueSet\":[\"http://x/severe\"]},{\"valueSet\":[\"http://x/infections\"]}]}"));
        assertThat(expand(source, "http://x/both")).isEqualTo(codes("viral"));
        assertThat(expand(source, "http://x/system-and-import")).isEqualTo(codes("uti"));
        assertThat(expand(source, "http://x/union"))
                .isEqualTo(codes("viral", "fracture", "infection", "pneumonia", "uti"));
    }

    @Test
    void wildcardsIntersectWithSpecificCodes() {
        Set<Coding> any = Set.of(Coding.anyCodeOf(CS));
        assertThat(ValueSetExpander.intersect(any, codes("a", "b"))).isEqualTo(codes("a", "b"));
        assertThat(ValueSetExpander.intersect(codes("a"), any)).isEqualTo(codes("a"));
        assertThat(ValueSetExpander.intersect(any, any)).isEqualTo(any);
        assertThat(ValueSetExpander.intersect(any, Set.of(Coding.of("http://other", "a"))))
                .isEmpty();
    }

    @Test
    void unknownImportsAndImportCyclesAreInvalid() {
        MapSource unknown =
                new MapSource().add(valueSet("http://x/a", "{\"include\":[{\"valueSet\":[\"http://x/missing\"]}]}"));
        assertThatThrownBy(() -> expand(unknown, "http://x/a"))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("http://x/missing");
        MapSource cycle = new MapSource()
                .add(valueSet("http://x/a", "{\"include\":[{\"valueSet\":[\"http://x/b\"]}]}"))
                .add(valueSet("http://x/b", "{\"include\":[{\"valueSet\":[\"http://x/a\"]}]}"));
        assertThatThrownBy(() -> expand(cycle, "http://x/a"))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("http://x/a -> http://x/b -> http://x/a");
    }

    @Test
    void unknownValueSetIsEmptyOptional() {
        assertThat(new ValueSetExpander(new MapSource()).expand("http://x/none"))
                .isEmpty();
    }

    @Test
    void versionsPickTheValueSetAndTheIncludedCodeSystem() {
        String v1 =
                CODE_SYSTEM.replace("\"version\":\"2\"", "\"version\":\"1\"").replace("\"uti\"", "\"cystitis\"");
        MapSource source = new MapSource()
                .add(v1)
                .add(CODE_SYSTEM)
                .add(valueSet("http://x/vs", filter("concept", "descendent-of", "infection"))
                        .replace("\"url\"", "\"version\":\"a\",\"url\""))
                .add(valueSet(
                                "http://x/vs",
                                "{\"include\":[{\"system\":\"" + CS + "\",\"version\":\"1\",\"filter\":[{\"property\":"
                                        + "\"concept\",\"op\":\"descendent-of\",\"value\":\"infection\"}]}]}")
                        .replace("\"url\"", "\"version\":\"b\",\"url\""));
        assertThat(expand(source, "http://x/vs|a")).isEqualTo(codes("pneumonia", "viral", "uti"));
        assertThat(expand(source, "http://x/vs|b")).isEqualTo(codes("pneumonia", "viral", "cystitis"));
        assertThat(expand(source, "http://x/vs")).isEqualTo(codes("pneumonia", "viral", "cystitis"));
        assertThat(new ValueSetExpander(source).expand("http://x/vs|c")).isEmpty();
    }

    @Test
    void storedExpansionIsUsedWithoutComposeLeavingAbstractEntriesOut() {
        MapSource source = new MapSource()
                .add(
                        """
                {"resourceType":"ValueSet","url":"http://x/vs","status":"active","expansion":{
                  "timestamp":"2024-01-01","contains":[
                   {"system":"http://x/cs","code":"group","abstract":true,"contains":[
                     {"system":"http://x/cs","code":"a"},{"system":"http://x/cs","code":"b"}]},
                   {"code":"no-system"}]}}""");
        assertThat(expand(source, "http://x/vs")).isEqualTo(codes("a", "b"));
    }

    @Test
    void expansionsPastTheLimitAreRefused() {
        StringBuilder concepts = new StringBuilder();
        for (int i = 0; i <= ValueSetExpander.MAX_CODES; i++) {
            concepts.append(i == 0 ? "" : ",").append("{\"code\":\"c").append(i).append("\"}");
        }
        MapSource source = new MapSource()
                .add("{\"resourceType\":\"CodeSystem\",\"url\":\"" + CS + "\",\"status\":\"active\",\"content\":"
                        + "\"complete\",\"concept\":[" + concepts + "]}")
                .add(valueSet("http://x/vs", "{\"include\":[{\"system\":\"" + CS + "\"}]}"));
        assertThatThrownBy(() -> expand(source, "http://x/vs"))
                .isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessageContaining("20000");
    }
}
