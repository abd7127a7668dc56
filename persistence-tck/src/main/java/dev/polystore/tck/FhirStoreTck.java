package dev.polystore.tck;

import dev.polystore.api.FhirStore;
import dev.polystore.api.StorageLimits;
import dev.polystore.api.tenant.TenantContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The Polystore conformance kit: every test of every contract, against one store. A backend passes the TCK by
 * extending this class in its own test sources and returning a new store from {@link #createStore()} (the builder
 * calls below are illustrative):
 *
 * <pre>{@code
 * class SqliteFhirStoreTckTest extends FhirStoreTck {
 *
 *     @TempDir
 *     static Path dir;
 *
 *     @Override
 *     protected FhirStore createStore() {
 *         return SqliteBackend.builder()
 *                 .file(dir.resolve("tck.db"))
 *                 .fhirVersion(FhirVersion.R4)
 *                 .limits(FhirStoreTck.LIMITS)
 *                 .build();
 *     }
 * }
 * }</pre>
 *
 * <p><b>The store must be built for FHIR R4 and with {@link #LIMITS}</b> (256 KiB per resource, JSON depth 32): the
 * limit tests and the spec-example round trip depend on exactly these values.
 *
 * <p>{@link #createStore()} is called once per test class ({@code @BeforeAll}); the store is closed after the last
 * test ({@code @AfterAll}). The store may be empty or hold data of earlier runs: every test, and every invocation of a
 * parameterised test, works in a fresh tenant of its own ({@link #context()}, ids like {@code tck-1a-x7k2q9}: a
 * counter and a random token per run), so tests never see each other's data. The store must therefore accept any
 * number of tenants at run time.
 *
 * <p>What is checked, grouped by contract (each a JUnit test interface with a {@code @Tag}, for filtering):
 * <ul>
 *   <li>{@link CrudContract} ({@code crud}): create, read, update, delete, exists, readMany, count, and the metadata
 *       the store sets;
 *   <li>{@link OptimisticLockingContract} ({@code optimistic-locking}): If-Match updates, deletes and patches;
 *   <li>{@link PatchContract} ({@code patch}): JSON Patch (RFC 6902);
 *   <li>{@link VersioningContract} ({@code versioning}): vread, version lists, ETags;
 *   <li>{@link HistoryContract} ({@code history}): instance, type and system history, {@code _since}, {@code _at},
 *       paging;
 *   <li>{@link ConcurrencyContract} ({@code concurrency}): atomic If-Match, version numbering and tenants under 16
 *       threads;
 *   <li>{@link TenantIsolationContract} ({@code tenancy}): tenants of many id shapes, read-only and per-type grants,
 *       child tenants;
 *   <li>{@link TransactionContract} ({@code transactions}): explicit transactions;
 *   <li>{@link BundleContract} ({@code bundles}): batch and transaction Bundles (FHIR R4 http.html);
 *   <li>{@link ConditionalContract} ({@code conditional}): conditional create, update, patch and delete, conditional
 *       references and search entries in Bundles;
 *   <li>{@link BulkWriteContract} ({@code bulk}): the bulk write path;
 *   <li>{@link BadInputContract} ({@code bad-input}): every kind of bad input is refused with the right exception and
 *       changes nothing; SQL and query metacharacters in values are stored exactly;
 *   <li>{@link CustomSearchParameterContract} ({@code custom-search-parameters}): SearchParameter resources per
 *       tenant, validation, tenancy and reindex with progress;
 *   <li>{@link SpecExampleRoundTripContract} ({@code spec-examples}): every FHIR R4 specification example is stored
 *       and read back exactly;
 *   <li>{@link SearchContract} ({@code search}): search, driven by case files;
 *   <li>{@link SearchResultShapeContract} ({@code search}): {@code _summary} and {@code _elements} views of results.
 * </ul>
 *
 * <p>Optional features are gated on the store's declared {@link dev.polystore.api.capability.Capabilities}: a test of
 * a feature the store does not declare is <em>skipped</em> with the reason, never passed. CRUD is required of every
 * store.
 *
 * @since 0.1
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FhirStoreTck
        implements CrudContract,
                OptimisticLockingContract,
                PatchContract,
                VersioningContract,
                HistoryContract,
                ConcurrencyContract,
                TenantIsolationContract,
                TransactionContract,
                BundleContract,
                ConditionalContract,
                BulkWriteContract,
                BadInputContract,
                SpecExampleRoundTripContract,
                SearchContract,
                SearchResultShapeContract,
                CustomSearchParameterContract {

    /** The limits the store under test must be built with: 256 KiB per resource, JSON nesting depth 32. */
    public static final StorageLimits LIMITS = new StorageLimits(256 * 1024, 32);

    private FhirStore store;
    private TenantContext context;

    /** Creates the store under test: FHIR R4, built with {@link #LIMITS}. Called once per test class. */
    protected abstract FhirStore createStore();

    @BeforeAll
    protected final void openStore() {
        FhirStore created = createStore();
        if (created == null) {
            throw new IllegalStateException(getClass().getName() + ".createStore() returned null");
        }
        this.store = created;
    }

    @AfterAll
    protected final void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @BeforeEach
    protected final void useFreshTenant() {
        context = TenantContext.of(TckTenants.fresh("tck"));
    }

    @Override
    public final FhirStore store() {
        if (store == null) {
            throw new IllegalStateException("The store is not open (createStore() failed or was not called)");
        }
        return store;
    }

    @Override
    public final TenantContext context() {
        if (context == null) {
            throw new IllegalStateException("No test is running");
        }
        return context;
    }
}
