package dev.polystore.core.index;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystore.api.FhirVersion;
import dev.polystore.api.search.SearchParamType;
import dev.polystore.core.fhirpath.EvaluationContext;
import dev.polystore.core.fhirpath.FhirPathEngine;
import dev.polystore.core.fhirpath.FhirPathException;
import dev.polystore.core.fhirpath.FhirPathExpression;
import dev.polystore.core.fhirpath.FhirPathValue;
import dev.polystore.definitions.FhirDefinitions;
import dev.polystore.definitions.SearchParameterDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Extracts the search index entries of a resource: a pure function from one resource (a Jackson tree, which it does not
 * modify) to the entries of every search parameter that applies to its type, as the FHIR search specification (R4
 * search.html 3.1.1.4.x) says each search type matches. Shared by every storage backend.
 *
 * <p>Built once per FHIR release (and per set of custom parameters, see {@link SearchParameterSource#withAdditional});
 * each type's expressions are compiled once, on the first resource of that type. Thread-safe.
 *
 * <p>Parameters without an expression ({@code _text}, {@code _content}, {@code _query}, ...), parameters of type
 * special ({@code near}, {@code _list}, ...) and the resource-level {@code _in}, {@code _list}, {@code _has},
 * {@code _query}, {@code _filter} and {@code _type} give no entries: the search executor handles them. {@code _text}
 * and {@code _content} get the {@link FullTextEntry full-text entries} of {@link FullTextExtractor}. Expressions are
 * evaluated with non-strict paths (an element the model does not define on a type yields nothing). A parameter whose
 * expression fails to compile or throws on a resource gives an {@link IndexWarning} and no entries; the other
 * parameters are not affected. Identical entries of one parameter are kept once.
 *
 * @since 0.1
 */
public final class ResourceIndexer {

    /** The most composite entries one parameter gives for one resource; the rest are skipped with a warning. */
    static final int MAX_COMBINATIONS = 1000;

    private final FhirPathEngine engine;
    private final SearchParameterSource source;
    private final ValueExtractor extractor;
    private final Map<String, List<CompiledParameter>> compiled = new ConcurrentHashMap<>();

    /** A composite's component; {@code type} is null when the component's parameter is unknown (inferred per value). */
    private record CompiledComponent(
            String code, SearchParamType type, String expressionText, FhirPathExpression expression) {}

    private record CompiledParameter(
            SearchParameterDefinition definition,
            FhirPathExpression expression,
            List<CompiledComponent> components,
            String compileError) {}

    /** An indexer for {@code version} with its official search parameters. */
    /**
     * The codes of the parameters whose values change when a version is stamped ({@code meta.lastUpdated}); {@code
     * meta.versionId} has no search parameter, and the id is set before indexing.
     */
    public static final Set<String> STAMP_DEPENDENT = Set.of("_lastUpdated");

    public static ResourceIndexer forVersion(FhirVersion version) {
        return new ResourceIndexer(version, SearchParameterSource.of(FhirDefinitions.of(version)));
    }

    /** An indexer for {@code version} whose parameters come from {@code source}. */
    public ResourceIndexer(FhirVersion version, SearchParameterSource source) {
        Objects.requireNonNull(version, "version");
        this.source = Objects.requireNonNull(source, "source");
        this.engine = FhirPathEngine.forVersion(version);
        this.extractor = new ValueExtractor(FhirDefinitions.of(version).elements());
    }

    public FhirVersion version() {
        return engine.version();
    }

    /**
     * The index entries of {@code resource}, a resource of type {@code resourceType} (not checked against its
     * {@code resourceType} element), with warnings for parameters that could not be fully indexed. Entries come in
     * parameter code order, followed by the {@link FullTextEntry full-text entries} ({@link FullTextExtractor}). A type
     * without parameters (unknown to the source) gives no entries.
     */
    public IndexResult index(String resourceType, JsonNode resource) {
        return index(resourceType, resource, null);
    }

    /**
     * {@link #index(String, JsonNode)} restricted to the parameters whose code {@code include} accepts (all when it is
     * null): writers index the parts of a resource that do not depend on its version stamp ahead of time, on several
     * cores, and the rest ({@link #STAMP_DEPENDENT}) when they stamp it.
     */
    public IndexResult index(String resourceType, JsonNode resource, Predicate<String> include) {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resource, "resource");
        List<CompiledParameter> params = compiled.get(resourceType);
        if (params == null) {
            if (source.searchParametersFor(resourceType).isEmpty()) {
                // not cached, so that unknown type names cannot grow the cache
                return new IndexResult(List.of(), List.of());
            }
            params = compiled.computeIfAbsent(resourceType, this::compile);
        }
        EvaluationContext context = EvaluationContext.builder()
                .strictPaths(false)
                .resource(resource)
                .build();
        List<IndexEntry> entries = new ArrayList<>();
        List<IndexWarning> warnings = new ArrayList<>();
        for (CompiledParameter param : params) {
            SearchParameterDefinition def = param.definition();
            if (include != null && !include.test(def.code())) {
                continue;
            }
            if (param.compileError() != null) {
                warnings.add(new IndexWarning(
                        def.code(), def.expression(), IndexWarning.Kind.COMPILE_FAILED, param.compileError()));
                continue;
            }
            Collector collector = new Collector(warnings);
            try {
                List<FhirPathValue> values = engine.evaluate(param.expression(), resource, context);
                if (def.type() == SearchParamType.COMPOSITE) {
                    composite(def, param.components(), values, resource, context, collector);
                } else {
                    for (FhirPathValue value : values) {
                        extractor.extract(def.type(), def.code(), value, resource, collector);
                    }
                }
            } catch (RuntimeException e) {
                warnings.add(new IndexWarning(
                        def.code(), def.expression(), IndexWarning.Kind.EVALUATION_FAILED, String.valueOf(e)));
                continue;
            }
            entries.addAll(collector.entries);
        }
        if (include == null) {
            entries.addAll(FullTextExtractor.entries(resource));
        } else if (include.test(FullTextEntry.NARRATIVE) || include.test(FullTextEntry.CONTENT)) {
            for (FullTextEntry e : FullTextExtractor.entries(resource)) {
                if (include.test(e.code())) {
                    entries.add(e);
                }
            }
        }
        return new IndexResult(entries, warnings);
    }

    /** The entries of {@code resource}, its type read from {@code resourceType}. */
    public IndexResult index(JsonNode resource) {
        JsonNode type = resource.get("resourceType");
        if (type == null || !type.isTextual()) {
            throw new IllegalArgumentException("the resource has no resourceType");
        }
        return index(type.textValue(), resource);
    }

    private void composite(
            SearchParameterDefinition def,
            List<CompiledComponent> components,
            List<FhirPathValue> items,
            JsonNode resource,
            EvaluationContext context,
            Collector collector) {
        for (FhirPathValue item : items) {
            List<List<IndexEntry>> perComponent = new ArrayList<>(components.size());
            for (CompiledComponent component : components) {
                Collector parts = new Collector(collector.warnings, def.code(), component.expressionText());
                List<FhirPathValue> values;
                try {
                    values = engine.evaluate(component.expression(), item, context);
                } catch (RuntimeException e) {
                    collector.warnings.add(new IndexWarning(
                            def.code(),
                            component.expressionText(),
                            IndexWarning.Kind.EVALUATION_FAILED,
                            String.valueOf(e)));
                    values = List.of();
                }
                for (FhirPathValue value : values) {
                    SearchParamType type =
                            component.type() != null ? component.type() : ValueExtractor.inferType(value);
                    if (type == null) {
                        parts.unsupported(
                                component.code(),
                                "a " + value.qualifiedTypeName() + " value has no search type (the component's"
                                        + " parameter is not defined)");
                    } else {
                        extractor.extract(type, component.code(), value, resource, parts);
                    }
                }
                if (parts.entries.isEmpty()) {
                    perComponent = null;
                    break;
                }
                perComponent.add(matchableFirst(parts.entries));
            }
            if (perComponent != null) {
                combine(def.code(), perComponent, 0, new ArrayList<>(), collector);
            }
        }
    }

    /** A token entry with neither system nor code: a CodeableConcept.text alone. */
    private static boolean isTextOnly(TokenEntry t) {
        return t.system() == null && t.value() == null;
    }

    /**
     * A component's entries for combining. A token entry with neither system nor code (a CodeableConcept.text alone)
     * can never match a composite component: composites take no modifiers, so {@code :text} does not apply, and a token
     * matches by system and code. Such entries are left out when the component has others, which spares the
     * combinations (and index rows) that only they would make; they stay when they are all the component has, so the
     * composite still counts as present for {@code :missing}.
     */
    private static List<IndexEntry> matchableFirst(Set<IndexEntry> entries) {
        List<IndexEntry> matchable = new ArrayList<>(entries.size());
        for (IndexEntry e : entries) {
            if (!(e instanceof TokenEntry t && isTextOnly(t))) {
                matchable.add(e);
            }
        }
        return matchable.isEmpty() ? new ArrayList<>(entries) : matchable;
    }

    private static void combine(
            String code, List<List<IndexEntry>> parts, int index, List<IndexEntry> chosen, Collector collector) {
        if (index == parts.size()) {
            if (collector.combinations++ < MAX_COMBINATIONS) {
                collector.entry(new CompositeEntry(code, chosen));
            } else if (collector.combinations == MAX_COMBINATIONS + 1) {
                collector.warnings.add(new IndexWarning(
                        code,
                        null,
                        IndexWarning.Kind.TOO_MANY_COMBINATIONS,
                        "more than " + MAX_COMBINATIONS + " combinations; the rest are not indexed"));
            }
            return;
        }
        for (IndexEntry e : parts.get(index)) {
            chosen.add(e);
            combine(code, parts, index + 1, chosen, collector);
            chosen.remove(chosen.size() - 1);
        }
    }

    private List<CompiledParameter> compile(String resourceType) {
        List<CompiledParameter> result = new ArrayList<>();
        for (SearchParameterDefinition def : source.searchParametersFor(resourceType)) {
            if (def.expression() == null
                    || def.expression().isBlank()
                    || def.type() == SearchParamType.SPECIAL
                    || isExecutorHandled(def)) {
                continue;
            }
            try {
                FhirPathExpression expression = engine.compile(def.expression());
                List<CompiledComponent> components = List.of();
                if (def.type() == SearchParamType.COMPOSITE) {
                    components = compileComponents(def);
                }
                result.add(new CompiledParameter(def, expression, components, null));
            } catch (FhirPathException | IllegalArgumentException e) {
                result.add(new CompiledParameter(def, null, List.of(), e.getMessage()));
            }
        }
        return List.copyOf(result);
    }

    /**
     * Resource-level parameters that the executor implements itself although a definition gives them an expression and
     * a type (R5 {@code _in}: {@code Resource.id} typed reference, meaning membership in a Group, List or CareTeam).
     */
    private static boolean isExecutorHandled(SearchParameterDefinition def) {
        return EXECUTOR_HANDLED.contains(def.code())
                && (def.base().contains("Resource") || def.base().contains("DomainResource"));
    }

    private static final Set<String> EXECUTOR_HANDLED =
            Set.of("_in", "_list", "_has", "_query", "_filter", "_type", "_text", "_content");

    private List<CompiledComponent> compileComponents(SearchParameterDefinition def) {
        if (def.components().isEmpty()) {
            throw new IllegalArgumentException("composite parameter " + def.url() + " has no components");
        }
        List<CompiledComponent> components = new ArrayList<>();
        for (SearchParameterDefinition.Component c : def.components()) {
            Optional<SearchParameterDefinition> target = source.byUrl(c.definitionUrl());
            FhirPathExpression expression = engine.compile(c.expression());
            if (target.isEmpty()) {
                // R5 names components that it does not define (Observation-value-string, Encounter-period): the type
                // then follows from each value's FHIR type, the code from the url's tail.
                components.add(new CompiledComponent(codeFromUrl(c.definitionUrl()), null, c.expression(), expression));
                continue;
            }
            SearchParamType type = target.get().type();
            if (type == SearchParamType.COMPOSITE || type == SearchParamType.SPECIAL) {
                throw new IllegalArgumentException("component " + c.definitionUrl() + " has type " + type.code());
            }
            components.add(new CompiledComponent(target.get().code(), type, c.expression(), expression));
        }
        return List.copyOf(components);
    }

    /** {@code http://hl7.org/fhir/SearchParameter/Observation-value-string} → {@code value-string}. */
    private static String codeFromUrl(String url) {
        String tail = url.substring(url.lastIndexOf('/') + 1);
        int dash = tail.indexOf('-');
        return dash > 0 && Character.isUpperCase(tail.charAt(0)) ? tail.substring(dash + 1) : tail;
    }

    /** Collects one parameter's entries (deduplicated, in first-seen order) and its warnings. */
    private static final class Collector implements ValueExtractor.Sink {
        final Set<IndexEntry> entries = new LinkedHashSet<>();
        final List<IndexWarning> warnings;
        int combinations;

        /** For a composite component: the composite's code and the component expression, reported in warnings. */
        final String owner;

        final String ownerExpression;

        Collector(List<IndexWarning> warnings) {
            this(warnings, null, null);
        }

        Collector(List<IndexWarning> warnings, String owner, String ownerExpression) {
            this.warnings = warnings;
            this.owner = owner;
            this.ownerExpression = ownerExpression;
        }

        @Override
        public void entry(IndexEntry entry) {
            entries.add(entry);
        }

        @Override
        public void invalid(String code, String message) {
            warnings.add(
                    owner == null
                            ? new IndexWarning(code, null, IndexWarning.Kind.INVALID_VALUE, message)
                            : new IndexWarning(
                                    owner,
                                    ownerExpression,
                                    IndexWarning.Kind.INVALID_VALUE,
                                    "component " + code + ": " + message));
        }

        @Override
        public void unsupported(String code, String message) {
            IndexWarning w = owner == null
                    ? new IndexWarning(code, null, IndexWarning.Kind.UNSUPPORTED_VALUE, message)
                    : new IndexWarning(
                            owner,
                            ownerExpression,
                            IndexWarning.Kind.UNSUPPORTED_VALUE,
                            "component " + code + ": " + message);
            if (!warnings.contains(w)) {
                warnings.add(w);
            }
        }
    }
}
