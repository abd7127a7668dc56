/**
 * Resolution and validation of FHIR search queries, shared by every backend.
 *
 * <pre>{@code
 * SearchQueryResolver resolver = new SearchQueryResolver(SearchParameterRegistry.of(FhirVersion.R4));
 * ResolvedSearch search = resolver.resolve(SearchQuery.parse("Observation?subject:Patient.name=peter&date=ge2020"));
 * }</pre>
 *
 * <p>A {@link dev.polystore.core.search.SearchQueryResolver} checks a caller's {@link
 * dev.polystore.api.search.SearchQuery} against a {@link dev.polystore.core.search.SearchParameterRegistry} (the
 * official SearchParameters and CompartmentDefinitions of the store's FHIR release) and produces a {@link
 * dev.polystore.core.search.ResolvedSearch}: the ANDed {@link dev.polystore.core.search.Criterion criteria} with
 * their ORed, typed {@link dev.polystore.core.search.SearchValue values} (dates and numbers with their precision
 * ranges), the includes, sort keys, paging and result parameters, and the normalized self URL. Backends translate
 * that model; they never parse query strings. Every invalid query is an {@link
 * dev.polystore.api.error.InvalidSearchException} naming the parameter and value; valid features this library does
 * not offer ({@code _query}, {@code _contained}) are an {@link dev.polystore.api.error.UnsupportedCapabilityException}.
 *
 * <p>What is left to execution: the tolerance of {@code ap}, terminology for {@code :above :below :in :not-in} on
 * tokens, the meaning of {@code _filter} (kept raw), {@code _text} / {@code _content} matching.
 */
package dev.polystore.core.search;
