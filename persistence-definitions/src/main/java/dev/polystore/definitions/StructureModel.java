package dev.polystore.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The {@link ElementModel} read from {@code elements.json.gz}; immutable once built. */
final class StructureModel implements ElementModel {

    private record TypeInfo(String kind, String base, boolean isAbstract) {}

    private final Map<String, TypeInfo> types;
    /** Own (not inherited) elements per type or backbone path, in definition order. */
    private final Map<String, Map<String, ElementInfo>> elements;
    /** The declared type of each backbone path (BackboneElement or Element), where inherited elements come from. */
    private final Map<String, String> backboneTypes;

    private final Set<String> resourceTypes;

    StructureModel(JsonNode model) {
        Map<String, TypeInfo> typeMap = new HashMap<>();
        model.path("types").properties().forEach(entry -> {
            JsonNode t = entry.getValue();
            typeMap.put(
                    entry.getKey(),
                    new TypeInfo(
                            t.path("kind").asText(),
                            t.hasNonNull("base") ? t.get("base").asText() : null,
                            t.path("abstract").asBoolean(false)));
        });
        Map<String, Map<String, ElementInfo>> elementMap = new HashMap<>();
        Map<String, String> backbones = new HashMap<>();
        model.path("elements").properties().forEach(entry -> {
            String parent = entry.getKey();
            Map<String, ElementInfo> own = new LinkedHashMap<>();
            for (JsonNode e : entry.getValue()) {
                List<String> typeCodes = new ArrayList<>();
                e.path("types").forEach(t -> typeCodes.add(t.asText()));
                ElementInfo info = new ElementInfo(
                        e.get("name").asText(),
                        typeCodes,
                        e.path("choice").asBoolean(false),
                        e.path("repeating").asBoolean(false),
                        e.hasNonNull("childPath") ? e.get("childPath").asText() : null,
                        e.path("summary").asBoolean(false),
                        e.path("mandatory").asBoolean(false));
                own.put(info.name(), info);
                String path = parent + "." + info.name();
                if (path.equals(info.childPath())) {
                    backbones.put(path, typeCodes.get(0));
                }
            }
            elementMap.put(parent, Collections.unmodifiableMap(own));
        });
        Set<String> concrete = new TreeSet<>();
        typeMap.forEach((name, info) -> {
            if ("resource".equals(info.kind()) && !info.isAbstract()) {
                concrete.add(name);
            }
        });
        this.types = Map.copyOf(typeMap);
        this.elements = Map.copyOf(elementMap);
        this.backboneTypes = Map.copyOf(backbones);
        this.resourceTypes = Collections.unmodifiableSet(concrete);
    }

    @Override
    public Optional<ElementInfo> element(String parentPath, String name) {
        String key = name.endsWith("[x]") ? name.substring(0, name.length() - 3) : name;
        for (String path = parentPath; path != null; path = parentOf(path)) {
            Map<String, ElementInfo> own = elements.get(path);
            if (own != null) {
                ElementInfo info = own.get(key);
                if (info != null) {
                    return Optional.of(info);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public List<ElementInfo> children(String parentPath) {
        TypeInfo type = types.get(parentPath);
        if (type != null && "primitive-type".equals(type.kind())) {
            return List.of();
        }
        List<String> chain = new ArrayList<>();
        for (String path = parentPath; path != null; path = parentOf(path)) {
            chain.add(path);
        }
        List<ElementInfo> result = new ArrayList<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            result.addAll(elements.getOrDefault(chain.get(i), Map.of()).values());
        }
        return List.copyOf(result);
    }

    /** Where inherited elements of {@code path} come from: the base type, or the type of a backbone element. */
    private String parentOf(String path) {
        TypeInfo type = types.get(path);
        return type != null ? type.base() : backboneTypes.get(path);
    }

    @Override
    public boolean isResourceType(String typeName) {
        TypeInfo type = types.get(typeName);
        return type != null && "resource".equals(type.kind());
    }

    @Override
    public boolean isPrimitiveType(String typeName) {
        TypeInfo type = types.get(typeName);
        return type != null && "primitive-type".equals(type.kind());
    }

    @Override
    public boolean isType(String typeName) {
        return types.containsKey(typeName);
    }

    @Override
    public Optional<String> baseType(String typeName) {
        TypeInfo type = types.get(typeName);
        return type == null ? Optional.empty() : Optional.ofNullable(type.base());
    }

    @Override
    public Set<String> resourceTypes() {
        return resourceTypes;
    }

    /** {@code typeName} followed by its base types, most specific first. */
    List<String> typeChain(String typeName) {
        List<String> chain = new ArrayList<>();
        for (String t = typeName;
                t != null && types.containsKey(t);
                t = types.get(t).base()) {
            chain.add(t);
        }
        return chain;
    }

    /** Every resource type, abstract ones included. */
    Set<String> allResourceTypes() {
        Set<String> all = new TreeSet<>();
        types.forEach((name, info) -> {
            if ("resource".equals(info.kind())) {
                all.add(name);
            }
        });
        return all;
    }
}
