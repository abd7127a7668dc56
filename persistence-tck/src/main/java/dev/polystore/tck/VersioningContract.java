package dev.polystore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystore.api.ChangeKind;
import dev.polystore.api.StoredResource;
import dev.polystore.api.capability.Capability;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.ResourceGoneException;
import dev.polystore.api.error.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Versioning (capability {@code VREAD}): {@code vread} returns any version exactly as written, including versions before
 * a delete; {@code versions()} lists every version newest first, tombstones included; ETags are {@code W/"n"}.
 *
 * @since 0.1
 */
@Tag("versioning")
public interface VersioningContract extends TckSupport {

    /** Writes Patient/v as: 1 create, 2 update, 3 update, 4 delete, 5 recreate; returns the five versions. */
    private List<StoredResource> writeFiveVersions() {
        List<StoredResource> written = new ArrayList<>();
        written.add(store().update(context(), "Patient", "v", patient("v", "one")));
        written.add(store().update(context(), "Patient", "v", patient("v", "two")));
        written.add(store().update(context(), "Patient", "v", patient("v", "three")));
        written.add(store().delete(context(), "Patient", "v"));
        written.add(store().update(context(), "Patient", "v", patient("v", "five")));
        return written;
    }

    @Test
    @DisplayName("vread returns every version exactly as it was written, also versions before a delete")
    default void vreadReturnsEachVersion() {
        requires(Capability.VREAD);
        List<StoredResource> written = writeFiveVersions();
        for (StoredResource w : written) {
            if (w.deleted()) {
                continue;
            }
            StoredResource read = store().vread(context(), "Patient", "v", w.versionId());
            assertSameVersion(w, read, "vread of version " + w.versionId());
            assertStoredAs(read, patient("v", familyOf(w)), "vread of version " + w.versionId());
        }
        assertThat(familyOf(store().vread(context(), "Patient", "v", 2)))
                .as("family in version 2")
                .isEqualTo("two");
    }

    @Test
    @DisplayName("vread of a version written before a delete works while the resource is deleted")
    default void vreadBeforeDelete() {
        requires(Capability.VREAD);
        StoredResource v1 = store().update(context(), "Observation", "o", observation("first", null));
        StoredResource v2 = store().update(context(), "Observation", "o", observation("second", null));
        store().delete(context(), "Observation", "o");

        assertSameVersion(v1, store().vread(context(), "Observation", "o", 1), "vread 1 of a deleted resource");
        assertSameVersion(v2, store().vread(context(), "Observation", "o", 2), "vread 2 of a deleted resource");
    }

    @Test
    @DisplayName("vread of a tombstone version is a ResourceGoneException (410)")
    default void vreadOfTombstone() {
        requires(Capability.VREAD);
        writeFiveVersions();
        expectThrows(
                ResourceGoneException.class, 410, "vread of version 4 (the delete) of Patient/v", () -> store().vread(
                                context(), "Patient", "v", 4));
    }

    @Test
    @DisplayName(
            "vread of a version beyond the last, or of a resource that never existed, is a ResourceNotFoundException (404)")
    default void vreadBeyondLast() {
        requires(Capability.VREAD);
        writeFiveVersions();
        expectThrows(
                ResourceNotFoundException.class, 404, "vread of version 6 of a 5-version resource", () -> store().vread(
                                context(), "Patient", "v", 6));
        expectThrows(ResourceNotFoundException.class, 404, "vread of version 1000", () -> store().vread(
                        context(), "Patient", "v", 1000));
        expectThrows(
                ResourceNotFoundException.class,
                404,
                "vread of version 1 of a resource that never existed",
                () -> store().vread(context(), "Patient", "never", 1));
        expectThrows(
                ResourceNotFoundException.class,
                404,
                "vread of Observation/v (only Patient/v exists)",
                () -> store().vread(context(), "Observation", "v", 1));
    }

    @Test
    @DisplayName("versions() lists every version newest first, tombstones included, with increasing lastUpdated")
    default void versionsNewestFirst() {
        requires(Capability.VREAD);
        List<StoredResource> written = writeFiveVersions();
        List<StoredResource> versions = store().versions(context(), "Patient", "v");

        assertThat(refs(versions))
                .as("versions() of Patient/v")
                .containsExactly(
                        "Patient/v/_history/5",
                        "Patient/v/_history/4",
                        "Patient/v/_history/3",
                        "Patient/v/_history/2",
                        "Patient/v/_history/1");
        ChangeKind[] kinds = {
            ChangeKind.CREATE, ChangeKind.DELETE, ChangeKind.UPDATE, ChangeKind.UPDATE, ChangeKind.CREATE
        };
        for (int i = 0; i < versions.size(); i++) {
            assertVersion(versions.get(i), "Patient", "v", 5 - i, kinds[i], "versions()[" + i + "]");
            assertSameVersion(written.get(4 - i), versions.get(i), "versions()[" + i + "]");
            if (i > 0) {
                assertThat(versions.get(i).lastUpdated())
                        .as("lastUpdated of %s must be before that of %s", versions.get(i), versions.get(i - 1))
                        .isBefore(versions.get(i - 1).lastUpdated());
            }
        }
    }

    @Test
    @DisplayName("versions() of a resource that never existed is a ResourceNotFoundException")
    default void versionsOfMissing() {
        requires(Capability.VREAD);
        expectThrows(
                ResourceNotFoundException.class,
                404,
                "versions() of a resource that never existed",
                () -> store().versions(context(), "Patient", "never"));
    }

    @Test
    @DisplayName("Stored versions carry the weak ETag W/\"n\", and parseETag reads W/\"3\", \"3\" and 3")
    default void etags() {
        List<StoredResource> written = new ArrayList<>();
        written.add(store().update(context(), "Patient", "e", patient("e", "1")));
        written.add(store().update(context(), "Patient", "e", patient("e", "2")));
        written.add(store().delete(context(), "Patient", "e"));
        for (StoredResource w : written) {
            assertThat(w.etag()).as("etag() of %s", w).isEqualTo("W/\"" + w.versionId() + "\"");
            assertThat(StoredResource.parseETag(w.etag()))
                    .as("parseETag(etag()) of %s", w)
                    .isEqualTo(w.versionId());
        }
        assertThat(StoredResource.parseETag("W/\"3\"")).as("parseETag(W/\"3\")").isEqualTo(3);
        assertThat(StoredResource.parseETag("\"3\"")).as("parseETag(\"3\")").isEqualTo(3);
        assertThat(StoredResource.parseETag("3")).as("parseETag(3)").isEqualTo(3);
        assertThat(StoredResource.parseETag("W/\"12345678901\""))
                .as("parseETag of a large version")
                .isEqualTo(12345678901L);
    }

    @ParameterizedTest(name = "[{index}] parseETag(''{0}'')")
    @NullSource
    @ValueSource(
            strings = {
                "",
                " ",
                "W/",
                "W/\"\"",
                "\"\"",
                "abc",
                "W/\"abc\"",
                "0",
                "W/\"0\"",
                "-1",
                "+3",
                "1.5",
                "W/\"3",
                "3\"",
                "W/'3'",
                "w/\"3\"",
                "\"3\"x",
                "99999999999999999999"
            })
    @DisplayName(
            "parseETag rejects anything but a positive version as W/\"n\", \"n\" or n with InvalidRequestException")
    default void parseEtagRejectsGarbage(String etag) {
        expectThrows(
                InvalidRequestException.class,
                400,
                "parseETag(" + (etag == null ? "null" : "'" + etag + "'") + ")",
                () -> StoredResource.parseETag(etag));
    }
}
