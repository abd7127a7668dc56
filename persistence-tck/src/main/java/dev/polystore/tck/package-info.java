/**
 * The Polystore conformance kit (TCK): JUnit 5 tests of the {@link dev.polystore.api.FhirStore} contract that every
 * backend runs by extending {@link dev.polystore.tck.FhirStoreTck}.
 *
 * <p>Each contract is a test interface ({@link dev.polystore.tck.CrudContract}, {@link
 * dev.polystore.tck.HistoryContract}, ...) tagged for filtering; tests of optional features are skipped, with the
 * reason, when the store does not declare the capability.
 */
package dev.polystore.tck;
