/**
 * The Polystore conformance kit (TCK): JUnit 5 tests of the {@link dev.polystore.api.FhirStore} contract that every
 * backend runs by extending {@link dev.polystore.tck.FhirStoreTck}.
 *
 * <p>Each contract is a test interface ({@link dev.polystore.tck.CrudContract}, {@link
 * dev.polystore.tck.HistoryContract}, ...) tagged for filtering; tests of optional features are skipped, with the
 * reason, when the store does not declare the capability.
 *
 * <p>Beside it, search suites a backend with the search index runs by one subclass each: {@link
 * dev.polystore.tck.SearchDifferentialSuite} (generated queries against the reference matcher), {@link
 * dev.polystore.tck.DateOracleSuite}, {@link dev.polystore.tck.FullTextSuite}, {@link
 * dev.polystore.tck.TerminologySuite}, {@link dev.polystore.tck.CustomSearchParameterSuite} and {@link
 * dev.polystore.tck.FocusedSearchSuite}.
 */
package dev.polystore.tck;
