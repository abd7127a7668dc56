/**
 * The reference search matcher: {@link dev.polystore.core.search.match.IndexMatcher} decides whether the index entries
 * of one resource satisfy one resolved criterion, with the semantics of R4 search.html. Every backend's native query
 * is checked against it, and it post-filters where an engine lacks a feature.
 *
 * <h2>Decisions</h2>
 *
 * <ul>
 *   <li><b>Three-valued answer.</b> {@link dev.polystore.core.search.match.MatchResult#UNDECIDABLE} for what the entries
 *       of one resource cannot decide: chains, {@code _has}, compartments, {@code _text}/{@code _content},
 *       {@code _filter}, {@code _list}; token {@code :above :below :in :not-in :code-text :text-advanced}; string
 *       {@code :text}; reference {@code :above :below}; parameters of type special. Undecidable propagates through OR,
 *       AND and {@code :not} with Kleene logic.
 *   <li><b>Values ORed, entries existential.</b> A resource matches when one of its entries matches one of the values
 *       (R4 3.1.1.5.2 "a comma separated list of values ... match any of the values"); the prefixes, including
 *       {@code ne}, are applied per entry. A resource without entries never matches a value criterion, except token
 *       {@code :not}.
 *   <li><b>Token {@code :not}</b> matches when no entry matches any of the values, so resources without the element
 *       match (search-modifier-code: "returns resources that do not contain a match").
 *   <li><b>Token system.</b> Code and system are compared case-sensitively. An entry without a system (a {@code code}
 *       element, whose system is implied by its binding and absent from the JSON) matches {@code code} and
 *       {@code |code} but not {@code system|code} nor {@code system|}: the conservative choice, since the binding's
 *       system is not recorded in the entry.
 *   <li><b>Token {@code :text}</b>: normalized starts-with on Coding.display and CodeableConcept.text (R4 "the search
 *       parameter is processed as a string that searches text associated with the code/value"); Identifier.type.text
 *       is not indexed and so never matches.
 *   <li><b>Dates</b> use the R4 range table: eq contains, gt/lt overlap above/below, ge/le = gt/lt or eq, sa/eb lie
 *       wholly after/before, ne = not eq. No row of HAPI's date conformance table disagrees with it.
 *   <li><b>{@code ap}</b>: dates: the search range widened on each side by 10% of the gap between its start and now
 *       overlaps the target; numbers and quantities: the target lies in (or, for a range, overlaps) [v − 10%|v|, v +
 *       10%|v|] widened to at least the precision range (R4: "the recommended value for the approximation is 10% of the
 *       stated value (or for a date, 10% of the gap between now and the date)").
 *   <li><b>Numbers</b>: a value entry is a point (its own precision is not used); a Range entry, or a Quantity with a
 *       comparator, is a range [low, high) with open sides, compared with the range rules as for dates, gt/lt/ge/le
 *       against the exact search value.
 *   <li><b>Quantities</b>: with a UCUM system and a search unit that converts to the entry's canonical unit, canonical
 *       values are compared ({@code gt60|http://unitsofmeasure.org|kg} matches {@code 61000 g}); otherwise system and
 *       code must be equal; {@code value||code} matches Quantity.code or Quantity.unit.
 *   <li><b>References</b>: versions are ignored; an absolute URL below one of the configured server bases is the same
 *       as the relative {@code Type/id}; other absolute URLs match only the same URL; {@code #id} references to
 *       contained resources never match; a canonical {@code url|version} needs that version, {@code url} alone matches
 *       any version.
 *   <li><b>URIs</b>: exact, case-sensitive; {@code :below}/{@code :above} by path-segment prefix, and only for URLs (a
 *       {@code urn:} value matches only itself).
 *   <li><b>Composites</b>: all components must match the same combination entry.
 * </ul>
 */
package dev.polystore.core.search.match;
