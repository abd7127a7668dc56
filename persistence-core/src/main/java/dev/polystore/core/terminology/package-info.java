/**
 * Terminology for search: the token modifiers {@code :in}, {@code :not-in}, {@code :above} and {@code :below} are
 * rewritten by {@link dev.polystore.core.terminology.TerminologyRewriter} into plain token criteria before a search
 * reaches the engine. The answers come from a configured {@link dev.polystore.api.terminology.TerminologyService} and,
 * for what it does not know, from {@link dev.polystore.core.terminology.TenantTerminology}, which expands the tenant's
 * own ValueSets ({@code ValueSetExpander}, {@code ValueSetFilters}) over its CodeSystems ({@code CodeSystemHierarchy}).
 */
package dev.polystore.core.terminology;
