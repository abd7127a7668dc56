/**
 * Search index extraction: {@link dev.polystore.core.index.ResourceIndexer} turns one resource into the
 * {@link dev.polystore.core.index.IndexEntry index entries} of every search parameter that applies to its type, one
 * record type per FHIR search type, in the form that type matches against (R4 search.html 3.1.1.4.x; R5 where the store
 * is R5). Pure and shared by every storage backend; the backends store the entries and the search executor compares
 * query values with them.
 *
 * <p>Choices where the specification leaves room, in one place:
 *
 * <ul>
 *   <li>Strings: {@link dev.polystore.core.index.StringNormalizer} folds case, accents and whitespace; the exact form is
 *       kept for {@code :exact}. HumanName and Address give one entry per part.
 *   <li>Tokens from {@code code} elements have a null system (the JSON has none); ContactPoint tokens have a null system
 *       and the value as code; Identifier type codings are carried for {@code :of-type}.
 *   <li>Dates are half-open instant ranges; values without a zone are UTC; a Period's missing side is unbounded; a
 *       Timing is its outer limits (events and boundsPeriod).
 *   <li>Numbers and quantities carry their implicit-precision range; a Range is one entry covering low..high;
 *       SampledData gives nothing; UCUM quantities also carry their canonical form
 *       ({@link dev.polystore.core.index.UcumCanonicalizer}).
 *   <li>References parse {@code Type/id[/_history/v]}, absolute URLs, {@code #contained}, URNs, canonicals
 *       {@code url|version} and {@code Reference.identifier}.
 * </ul>
 *
 * @since 0.1
 */
package dev.polystore.core.index;
