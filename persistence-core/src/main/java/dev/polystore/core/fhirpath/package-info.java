/**
 * A FHIRPath engine (FHIRPath N1 with the FHIR additions) over Jackson trees.
 *
 * <pre>{@code
 * FhirPathEngine engine = FhirPathEngine.forVersion(FhirVersion.R4);
 * FhirPathExpression e = engine.compile("Observation.subject.where(resolve() is Patient)"); // once
 * List<FhirPathValue> values = engine.evaluate(e, observationJson);                        // per resource
 * }</pre>
 *
 * <p>Navigation is typed by the release's element model ({@code dev.polystore.definitions}): choice elements are
 * found under their JSON names ({@code Observation.value} reads {@code valueQuantity}, typed Quantity), primitive
 * extensions ({@code _birthDate}) are merged into their primitive, resources inside {@code contained},
 * {@code Bundle.entry.resource} and {@code resolve()} are typed by their {@code resourceType}. Naming an element that
 * no item's type defines is an error (a wrong path), while absent data just yields an empty collection.
 *
 * <p>{@code resolve()} works without a database: contained ({@code #id}) references and Bundle entries (by fullUrl)
 * resolve to their content, other references ({@code Patient/1}, absolute URLs, {@code _history} versions) to an
 * empty placeholder of the referenced type; an {@link dev.polystore.core.fhirpath.ReferenceResolver} in the
 * {@link dev.polystore.core.fhirpath.EvaluationContext} can resolve them first.
 *
 * <p>Parse resources with {@code DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS} enabled and
 * {@code JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES} disabled, so that decimals keep their precision
 * ({@code 72.50} stays 72.50).
 *
 * <p>Not supported (they raise {@link dev.polystore.core.fhirpath.FhirPathException}): {@code memberOf},
 * {@code subsumes}, {@code subsumedBy}, {@code htmlChecks}, {@code elementDefinition}, {@code slice},
 * {@code checkModifiers}, {@code conformsTo} beyond core StructureDefinitions, {@code %terminologies}; UCUM is limited
 * to common units of time, mass, length and volume.
 */
package dev.polystore.core.fhirpath;
