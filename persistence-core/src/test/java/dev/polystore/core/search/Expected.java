package dev.polystore.core.search;

import dev.polystore.api.search.SearchQuery;
import dev.polystore.api.search.TotalMode;
import java.util.ArrayList;
import java.util.List;

/** A builder of an expected {@link ResolvedSearch}, defaults as for a query with no control parameters. */
final class Expected {
    final String url;
    private final SearchQuery query;
    private List<String> types;
    private Criterion.Compartment compartment;
    private final List<Criterion> criteria = new ArrayList<>();
    private final List<ResolvedSearch.Include> includes = new ArrayList<>();
    private final List<ResolvedSearch.Include> revincludes = new ArrayList<>();
    private final List<ResolvedSearch.SortKey> sort = new ArrayList<>();
    private Integer count;
    private TotalMode total = TotalMode.NONE;
    private ResolvedSearch.SummaryMode summary;
    private final List<String> elements = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();
    private String selfUrl;

    private Expected(String url) {
        this.url = url;
        this.query = SearchQuery.parse(url);
        this.types = query.resourceType() == null ? List.of() : List.of(query.resourceType());
        this.selfUrl = query.toUrl();
    }

    static Expected of(String url) {
        return new Expected(url);
    }

    Expected types(String... types) {
        this.types = List.of(types);
        return this;
    }

    Expected compartment(Criterion.Compartment compartment) {
        this.compartment = compartment;
        return this;
    }

    Expected criteria(Criterion... criteria) {
        this.criteria.addAll(List.of(criteria));
        return this;
    }

    Expected include(ResolvedSearch.Include include) {
        includes.add(include);
        return this;
    }

    Expected revinclude(ResolvedSearch.Include include) {
        revincludes.add(include);
        return this;
    }

    Expected sort(ResolvedSearch.SortKey key) {
        sort.add(key);
        return this;
    }

    Expected count(int count) {
        this.count = count;
        return this;
    }

    Expected total(TotalMode total) {
        this.total = total;
        return this;
    }

    Expected summary(ResolvedSearch.SummaryMode summary) {
        this.summary = summary;
        return this;
    }

    Expected elements(String... elements) {
        this.elements.addAll(List.of(elements));
        return this;
    }

    Expected ignored(String... ignored) {
        this.ignored.addAll(List.of(ignored));
        return this;
    }

    Expected selfUrl(String selfUrl) {
        this.selfUrl = selfUrl;
        return this;
    }

    SearchQuery query() {
        return query;
    }

    ResolvedSearch build() {
        return new ResolvedSearch(
                query.resourceType(),
                types,
                compartment,
                criteria,
                includes,
                revincludes,
                sort,
                count,
                total,
                summary,
                elements,
                ignored,
                selfUrl);
    }

    @Override
    public String toString() {
        return url;
    }
}
