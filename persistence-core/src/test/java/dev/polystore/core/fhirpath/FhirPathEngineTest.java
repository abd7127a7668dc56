package dev.polystore.core.fhirpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.polystore.api.FhirVersion;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Focused tests of what search indexing relies on. */
class FhirPathEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final FhirPathEngine R4 = FhirPathEngine.forVersion(FhirVersion.R4);

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final JsonNode OBSERVATION = json(
            """
            {'resourceType':'Observation','id':'o1','status':'final',
             'code':{'coding':[{'system':'http://loinc.org','code':'29463-7'}]},
             'subject':{'reference':'Patient/123'},
             'performer':[{'reference':'Practitioner/9'},{'reference':'#org1'},
                          {'reference':'http://example.org/fhir/Patient/456/_history/2'}],
             'contained':[{'resourceType':'Organization','id':'org1','name':'Acme'}],
             'effectivePeriod':{'start':'2020-01-01','end':'2020-02-01T10:00:00Z'},
             'valueQuantity':{'value':72.50,'unit':'kg','system':'http://unitsofmeasure.org','code':'kg'},
             'component':[{'code':{'text':'a'},'valueQuantity':{'value':1,'code':'mm[Hg]'}},
                          {'code':{'text':'b'},'valueString':'x'}]}
            """);

    private static final JsonNode PATIENT = json(
            """
            {'resourceType':'Patient','id':'p1','active':true,
             'birthDate':'1974-12-25',
             '_birthDate':{'extension':[{'url':'http://hl7.org/fhir/StructureDefinition/patient-birthTime',
                                         'valueDateTime':'1974-12-25T14:35:45-05:00'}]},
             'name':[{'family':'Chalmers','given':['Peter','James']},{'family':'Windsor','given':['Jim']}],
             'extension':[{'url':'http://example.org/race','valueCoding':{'code':'2106-3'}},
                          {'url':'http://example.org/nick','valueString':'PJ'}],
             'deceasedDateTime':'2020-03',
             'managingOrganization':{'reference':'Organization/1'}}
            """);

    private static List<FhirPathValue> eval(String expression, JsonNode resource) {
        return R4.evaluate(R4.compile(expression), resource);
    }

    private static List<String> strings(List<FhirPathValue> values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(String.valueOf(v)));
        return out;
    }

    @Test
    void choiceTypesAreFoundAndTyped() {
        List<FhirPathValue> value = eval("Observation.value", OBSERVATION);
        assertThat(value).hasSize(1);
        assertThat(value.get(0).typeName()).isEqualTo("Quantity");
        assertThat(value.get(0).asQuantity()).isEqualTo(new FhirPathQuantity(new BigDecimal("72.50"), "kg", false));

        assertThat(eval("Observation.value.as(Quantity)", OBSERVATION)).hasSize(1);
        assertThat(strings(eval("(Observation.value as Quantity).value", OBSERVATION)))
                .containsExactly("72.50");
        assertThat(eval("Observation.value.as(CodeableConcept)", OBSERVATION)).isEmpty();
        assertThat(eval("Observation.value is Quantity", OBSERVATION).get(0).asBoolean())
                .isTrue();
        assertThat(eval("Observation.effective.ofType(Period)", OBSERVATION)).hasSize(1);
        assertThat(eval("Observation.effective.ofType(dateTime)", OBSERVATION)).isEmpty();
        // inside a backbone element
        assertThat(strings(eval("Observation.component.value.ofType(Quantity).code", OBSERVATION)))
                .containsExactly("mm[Hg]");
        assertThat(strings(eval("Observation.component.value.ofType(string)", OBSERVATION)))
                .containsExactly("x");
        // as() needs a single item (the R4 composite components apply it per component)
        assertThatThrownBy(() -> eval("Observation.component.value.as(string)", OBSERVATION))
                .isInstanceOf(FhirPathException.class);
        // R4 Observation-code-value-date writes the System name: value.as(DateTime)
        JsonNode withDate = json("{'resourceType':'Observation','status':'final','code':{'text':'c'},"
                + "'effectiveDateTime':'2020-05-01','component':[{'code':{'text':'d'},'valueDateTime':'2021'}]}");
        assertThat(strings(eval("Observation.effective.as(DateTime)", withDate)))
                .containsExactly("2020-05-01");
        assertThat(strings(eval("Observation.component.value.ofType(DateTime)", withDate)))
                .containsExactly("2021");
    }

    @Test
    void r4StyleAsFunctionOnChoices() {
        JsonNode condition = json("{'resourceType':'Condition','id':'c','onsetDateTime':'2019-05-01T10:00:00Z',"
                + "'subject':{'reference':'Patient/1'}}");
        List<FhirPathValue> onset = eval("Condition.onset.as(dateTime)", condition);
        assertThat(onset).hasSize(1);
        assertThat(onset.get(0).typeName()).isEqualTo("dateTime");
        FhirPathTemporal t = onset.get(0).asTemporal();
        assertThat(t.kind()).isEqualTo(FhirPathTemporal.Kind.DATE_TIME);
        assertThat(t.precision()).isEqualTo(FhirPathTemporal.Precision.SECOND);
        assertThat(t.offset()).isEqualTo(ZoneOffset.UTC);
        assertThat(eval("Condition.onset.as(Age)", condition)).isEmpty();
        assertThat(eval("Condition.onset.as(Period)", condition)).isEmpty();
    }

    @Test
    void resolveIsTypedWithoutADatabase() {
        assertThat(eval("Observation.subject.where(resolve() is Patient)", OBSERVATION))
                .hasSize(1);
        assertThat(eval("Observation.subject.where(resolve() is Group)", OBSERVATION))
                .isEmpty();
        List<FhirPathValue> performers = eval("Observation.performer.resolve()", OBSERVATION);
        assertThat(performers)
                .extracting(FhirPathValue::typeName)
                .containsExactly("Practitioner", "Organization", "Patient");
        // the contained resource comes with its content
        assertThat(strings(eval("Observation.performer.resolve().ofType(Organization).name", OBSERVATION)))
                .containsExactly("Acme");
        assertThat(strings(eval("Observation.performer.where(resolve() is Patient).reference", OBSERVATION)))
                .containsExactly("http://example.org/fhir/Patient/456/_history/2");
        assertThat(strings(eval("Observation.performer.resolve().ofType(Patient).id", OBSERVATION)))
                .containsExactly("456");
    }

    @Test
    void resolveInsideABundleAndWithACustomResolver() {
        JsonNode bundle = json(
                """
                {'resourceType':'Bundle','type':'collection','entry':[
                  {'fullUrl':'urn:uuid:1','resource':{'resourceType':'Patient','id':'a','gender':'female'}},
                  {'fullUrl':'urn:uuid:2','resource':{'resourceType':'Observation','id':'b','status':'final',
                   'code':{'text':'x'},'subject':{'reference':'urn:uuid:1'}}}]}
                """);
        assertThat(strings(eval("Bundle.entry.resource.ofType(Observation).subject.resolve().gender", bundle)))
                .containsExactly("female");
        JsonNode other = json("{'resourceType':'Patient','id':'123','gender':'male'}");
        EvaluationContext ctx = EvaluationContext.builder()
                .resolver((ref, root) -> ref.equals("Patient/123") ? other : null)
                .build();
        assertThat(strings(R4.evaluate(R4.compile("Observation.subject.resolve().gender"), OBSERVATION, ctx)))
                .containsExactly("male");
    }

    @Test
    void extensionsOnResourcesAndPrimitives() {
        assertThat(strings(eval("Patient.extension('http://example.org/nick').value", PATIENT)))
                .containsExactly("PJ");
        assertThat(strings(eval("Patient.extension('http://example.org/race').value.code", PATIENT)))
                .containsExactly("2106-3");
        assertThat(eval("Patient.extension('http://example.org/none')", PATIENT))
                .isEmpty();
        List<FhirPathValue> birthTime = eval(
                "Patient.birthDate.extension('http://hl7.org/fhir/StructureDefinition/patient-birthTime').value",
                PATIENT);
        assertThat(birthTime).hasSize(1);
        assertThat(birthTime.get(0).typeName()).isEqualTo("dateTime");
        assertThat(birthTime.get(0).asTemporal().offset()).isEqualTo(ZoneOffset.ofHours(-5));
        // the primitive keeps its value
        assertThat(eval("Patient.birthDate.hasValue()", PATIENT).get(0).asBoolean())
                .isTrue();
    }

    @Test
    void primitivesWithOnlyExtensionsExistWithoutValue() {
        JsonNode p = json("{'resourceType':'Patient','name':[{'given':['A',null],"
                + "'_given':[null,{'extension':[{'url':'u','valueString':'v'}]}]}]}");
        assertThat(eval("Patient.name.given", p)).hasSize(2);
        assertThat(eval("Patient.name.given[1].hasValue()", p).get(0).asBoolean())
                .isFalse();
        assertThat(strings(eval("Patient.name.given[1].extension('u').value", p)))
                .containsExactly("v");
    }

    @Test
    void unionsAreDistinctCombineIsNot() {
        assertThat(strings(eval("Patient.name.given | Patient.name.family", PATIENT)))
                .containsExactly("Peter", "James", "Jim", "Chalmers", "Windsor");
        assertThat(eval("Patient.name.given | Patient.name.given", PATIENT)).hasSize(3);
        assertThat(eval("Patient.name.given.combine(Patient.name.given)", PATIENT))
                .hasSize(6);
        // a union over types as in shared search parameters: other branches contribute nothing
        assertThat(strings(eval("Practitioner.name.family | Patient.name.family | Group.name", PATIENT)))
                .containsExactly("Chalmers", "Windsor");
    }

    @Test
    void datePrecisionRules() {
        assertThat(eval("@2012 = @2012-01", PATIENT)).isEmpty();
        assertThat(eval("@2012-01 ~ @2012", PATIENT).get(0).asBoolean()).isFalse();
        assertThat(eval("@2012 < @2013-01", PATIENT).get(0).asBoolean()).isTrue();
        assertThat(eval("Patient.birthDate = @1974-12-25", PATIENT).get(0).asBoolean())
                .isTrue();
        assertThat(eval("Patient.birthDate > @1974-12", PATIENT)).isEmpty();
        assertThat(eval("Patient.birthDate < @1975", PATIENT).get(0).asBoolean())
                .isTrue();
        assertThat(eval("@2012-04-15T15:00:00Z = @2012-04-15T10:00:00-05:00", PATIENT)
                        .get(0)
                        .asBoolean())
                .isTrue();
        assertThat(eval("@2012-04-15T15:00:00.000Z = @2012-04-15T15:00:00Z", PATIENT)
                        .get(0)
                        .asBoolean())
                .isTrue();
        FhirPathTemporal deceased = eval("Patient.deceased", PATIENT).get(0).asTemporal();
        assertThat(deceased.precision()).isEqualTo(FhirPathTemporal.Precision.MONTH);
        assertThat(deceased.lowBoundary(ZoneOffset.UTC).toString()).isEqualTo("2020-03-01T00:00Z");
        assertThat(deceased.highBoundary(ZoneOffset.UTC).toString()).isEqualTo("2020-03-31T23:59:59.999Z");
        assertThat(strings(eval("Patient.birthDate + 1 month", PATIENT))).containsExactly("1975-01-25");
    }

    @Test
    void quantitiesCompareAcrossUnits() {
        assertThat(eval("4 'g' = 4000 'mg'", PATIENT).get(0).asBoolean()).isTrue();
        assertThat(eval("Observation.value > 70 'kg'", OBSERVATION).get(0).asBoolean())
                .isTrue();
        assertThat(eval("Observation.value < 1 'g'", OBSERVATION).get(0).asBoolean())
                .isFalse();
        assertThat(eval("Observation.value = 1 'm'", OBSERVATION)).isEmpty();
    }

    @Test
    void booleanLogicIsThreeValued() {
        assertThat(eval("{} and false", PATIENT).get(0).asBoolean()).isFalse();
        assertThat(eval("{} and true", PATIENT)).isEmpty();
        assertThat(eval("{} or true", PATIENT).get(0).asBoolean()).isTrue();
        assertThat(eval("false implies {}", PATIENT).get(0).asBoolean()).isTrue();
        assertThat(eval("Patient.active and Patient.gender.exists().not()", PATIENT)
                        .get(0)
                        .asBoolean())
                .isTrue();
    }

    @Test
    void variablesAndConstants() {
        EvaluationContext ctx = EvaluationContext.builder().variable("min", 2).build();
        assertThat(R4.evaluate(R4.compile("Patient.name.given.count() > %min"), PATIENT, ctx)
                        .get(0)
                        .asBoolean())
                .isTrue();
        assertThat(strings(eval("%ucum", PATIENT))).containsExactly("http://unitsofmeasure.org");
        assertThat(strings(eval("%vs-administrative-gender", PATIENT)))
                .containsExactly("http://hl7.org/fhir/ValueSet/administrative-gender");
        assertThat(strings(eval("%resource.id", PATIENT))).containsExactly("p1");
        assertThat(strings(eval("Patient.name.where(given contains 'Jim').family", PATIENT)))
                .containsExactly("Windsor");
        assertThatThrownBy(() -> eval("%nope", PATIENT)).isInstanceOf(FhirPathException.class);
    }

    @Test
    void resourceVariablesAreTyped() {
        EvaluationContext ctx =
                EvaluationContext.builder().variable("obs", OBSERVATION).build();
        assertThat(strings(R4.evaluate(R4.compile("%obs.value.code"), PATIENT, ctx)))
                .containsExactly("kg");
    }

    @Test
    void pathologicalInputFailsCleanly() {
        String deep = "(".repeat(5000) + "1" + ")".repeat(5000);
        assertThatThrownBy(() -> R4.compile(deep))
                .isInstanceOf(FhirPathException.class)
                .hasMessageContaining("nested");
        assertThatThrownBy(() -> R4.compile("-".repeat(5000) + "1")).isInstanceOf(FhirPathException.class);
        assertThatThrownBy(() -> eval("Patient.name.single()", PATIENT))
                .isInstanceOf(FhirPathException.class)
                .hasMessageContaining("Patient.name.single()");
    }

    @Test
    void fixedClockDrivesNowAndToday() {
        Clock clock = Clock.fixed(Instant.parse("2024-02-29T23:30:00Z"), ZoneOffset.UTC);
        EvaluationContext ctx = EvaluationContext.builder().clock(clock).build();
        assertThat(strings(R4.evaluate(R4.compile("today()"), PATIENT, ctx))).containsExactly("2024-02-29");
        assertThat(strings(R4.evaluate(R4.compile("now()"), PATIENT, ctx))).containsExactly("2024-02-29T23:30:00.000Z");
    }

    @Test
    void syntaxErrorsCarryTheirPosition() {
        assertThatThrownBy(() -> R4.compile("Patient.name.where(given = 'x'"))
                .isInstanceOf(FhirPathException.class)
                .satisfies(e -> assertThat(((FhirPathException) e).position()).isEqualTo(30));
        assertThatThrownBy(() -> R4.compile("Patient..name"))
                .isInstanceOf(FhirPathException.class)
                .satisfies(e -> assertThat(((FhirPathException) e).position()).isEqualTo(8));
        assertThatThrownBy(() -> R4.compile("Patient.name.frobnicate()"))
                .isInstanceOf(FhirPathException.class)
                .hasMessageContaining("frobnicate");
        assertThatThrownBy(() -> R4.compile("'unterminated")).isInstanceOf(FhirPathException.class);
    }

    @Test
    void unknownElementsOnKnownTypesAreErrors() {
        assertThatThrownBy(() -> eval("Patient.name.given1", PATIENT))
                .isInstanceOf(FhirPathException.class)
                .hasMessageContaining("given1");
        assertThatThrownBy(() -> eval("Observation.valueQuantity", OBSERVATION)).isInstanceOf(FhirPathException.class);
        // absent data is not an error
        assertThat(eval("Patient.photo.url", PATIENT)).isEmpty();
        // nor is a name missing on a resource whose type is only known at run time
        assertThat(eval("Observation.performer.resolve().name", OBSERVATION))
                .extracting(Object::toString)
                .containsExactly("Acme");
        assertThat(eval("Observation.performer.resolve().birthDate", OBSERVATION))
                .isEmpty();
    }

    @Test
    void typeSpecifiersAndBacktickIdentifiers() {
        assertThat(eval("Patient.is(FHIR.Patient)", PATIENT).get(0).asBoolean()).isTrue();
        assertThat(eval("Patient.is(DomainResource)", PATIENT).get(0).asBoolean())
                .isTrue();
        assertThat(eval("Patient.active.is(System.Boolean)", PATIENT).get(0).asBoolean())
                .isFalse();
        assertThat(eval("Patient.active.is(FHIR.boolean)", PATIENT).get(0).asBoolean())
                .isTrue();
        assertThat(eval("1.is(System.Integer)", PATIENT).get(0).asBoolean()).isTrue();
        assertThat(strings(eval("Patient.`name`.`family`.first()", PATIENT))).containsExactly("Chalmers");
        assertThat(strings(eval("Patient.name.given.select($this + $index.toString())", PATIENT)))
                .containsExactly("Peter0", "James1", "Jim2");
        assertThat(strings(eval("Patient.name.given.aggregate($total + $this.length(), 0)", PATIENT)))
                .containsExactly("13");
    }

    @Test
    void valueAccessors() {
        FhirPathValue birthDate = eval("Patient.birthDate", PATIENT).get(0);
        assertThat(birthDate.typeName()).isEqualTo("date");
        assertThat(birthDate.isSystem()).isFalse();
        assertThat(birthDate.qualifiedTypeName()).isEqualTo("FHIR.date");
        assertThat(birthDate.systemTypeName()).isEqualTo("Date");
        assertThat(birthDate.node().asText()).isEqualTo("1974-12-25");
        assertThat(birthDate.extensionNode()).isNotNull();
        assertThat(birthDate.asTemporal().precision()).isEqualTo(FhirPathTemporal.Precision.DAY);
        FhirPathValue one = eval("1 + 2", PATIENT).get(0);
        assertThat(one.qualifiedTypeName()).isEqualTo("System.Integer");
        assertThat(one.systemValue()).isEqualTo(3);
        assertThat(eval("1.5 * 2", PATIENT).get(0).asDecimal()).isEqualByComparingTo("3.0");
        FhirPathValue name = eval("Patient.name.first()", PATIENT).get(0);
        assertThat(name.typeName()).isEqualTo("HumanName");
        assertThat(name.systemValue()).isNull();
        assertThat(name.node().path("family").asText()).isEqualTo("Chalmers");
    }

    @Test
    void compositeComponentsEvaluateOnTypedItems() {
        FhirPathExpression composite = R4.compile("Observation.component");
        FhirPathExpression code = R4.compile("code.text");
        FhirPathExpression value = R4.compile("value.as(Quantity)");
        EvaluationContext ctx =
                EvaluationContext.builder().resource(OBSERVATION).build();
        List<String> found = new ArrayList<>();
        for (FhirPathValue item : R4.evaluate(composite, OBSERVATION)) {
            List<FhirPathValue> q = R4.evaluate(value, item, ctx);
            found.add(R4.evaluate(code, item, ctx).get(0) + "="
                    + (q.isEmpty() ? "-" : q.get(0).asQuantity()));
        }
        assertThat(found).containsExactly("a=1 'mm[Hg]'", "b=-");
    }

    @Test
    void compiledExpressionsAreSharedAcrossThreads() throws Exception {
        FhirPathExpression e = R4.compile("Patient.name.where(given.exists()).given.select($this.upper())");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                futures.add(pool.submit(() -> strings(R4.evaluate(e, PATIENT))));
            }
            for (Future<List<String>> f : futures) {
                assertThat(f.get()).containsExactly("PETER", "JAMES", "JIM");
            }
        } finally {
            pool.shutdown();
        }
        assertThat(FhirPathEngine.forVersion(FhirVersion.R4)).isSameAs(R4);
    }

    @Test
    void terminologyFunctionsAreUnsupportedStubs() {
        assertThatThrownBy(() ->
                        eval("Patient.gender.memberOf('http://hl7.org/fhir/ValueSet/administrative-gender')", PATIENT))
                .isInstanceOf(FhirPathException.class)
                .hasMessageContaining("not supported");
        assertThatThrownBy(() -> eval("Patient.conformsTo('http://example.org/StructureDefinition/x')", PATIENT))
                .isInstanceOf(FhirPathException.class);
        assertThat(eval("Patient.conformsTo('http://hl7.org/fhir/StructureDefinition/Patient')", PATIENT)
                        .get(0)
                        .asBoolean())
                .isTrue();
    }

    @Test
    void searchParameterIdioms() {
        assertThat(eval("Patient.deceased.exists() and Patient.deceased != false", PATIENT)
                        .get(0)
                        .asBoolean())
                .isTrue();
        JsonNode bundle = json("{'resourceType':'Bundle','type':'document','entry':[{'resource':"
                + "{'resourceType':'Composition','id':'c','status':'final','type':{'text':'t'},'title':'x'}}]}");
        assertThat(eval("Bundle.entry[0].resource", bundle))
                .extracting(FhirPathValue::typeName)
                .containsExactly("Composition");
        assertThat(strings(eval("Bundle.entry[0].resource.as(Composition).title", bundle)))
                .containsExactly("x");
        assertThat(strings(eval("Observation.code.coding.where(system = %loinc).code", OBSERVATION)))
                .containsExactly("29463-7");
        assertThat(eval("Observation.effective.ofType(Period).end", OBSERVATION)
                        .get(0)
                        .asTemporal()
                        .offset())
                .isEqualTo(ZoneOffset.UTC);
        assertThat(strings(eval("Resource.id", OBSERVATION))).containsExactly("o1");
        assertThat(strings(eval("DomainResource.contained.ofType(Organization).name", OBSERVATION)))
                .containsExactly("Acme");
    }

    @Test
    void stringAndMathFunctions() {
        assertThat(strings(eval("'a,b,c'.split(',').join('|')", PATIENT))).containsExactly("a|b|c");
        assertThat(strings(eval("'Hello'.substring(1, 3).upper()", PATIENT))).containsExactly("ELL");
        assertThat(strings(eval("'abc'.replaceMatches('b', 'x')", PATIENT))).containsExactly("axc");
        assertThat(eval("'abc'.matches('^a.c$')", PATIENT).get(0).asBoolean()).isTrue();
        assertThat(strings(eval("(10 / 4)", PATIENT))).containsExactly("2.5");
        assertThat(strings(eval("10 div 4", PATIENT))).containsExactly("2");
        assertThat(strings(eval("2.5.round()", PATIENT))).containsExactly("3");
        assertThat(strings(eval("16.sqrt()", PATIENT))).containsExactly("4");
        assertThat(eval("1 / 0", PATIENT)).isEmpty();
        assertThat(strings(eval("iif(Patient.active, 'yes', 'no')", PATIENT))).containsExactly("yes");
    }
}
