package dev.polystore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystore.api.error.ForbiddenException;
import dev.polystore.api.error.InvalidRequestException;
import dev.polystore.api.error.InvalidResourceException;
import dev.polystore.api.error.ResourceGoneException;
import dev.polystore.api.error.VersionConflictException;
import dev.polystore.api.tenant.Operation;
import dev.polystore.api.tenant.TenantContext;
import dev.polystore.api.tenant.TenantId;
import dev.polystore.api.tenant.TenantPermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "acme", "a.b-c_d", "acme/clinic-7", "a/b/c", "0123456789"})
    void validTenantIds(String id) {
        assertThat(TenantId.of(id).value()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a//b", "/a", "a/", ".hidden", "a/.b", "é", "a;drop", "a\nb", "a\\b", "a:b"})
    void invalidTenantIds(String id) {
        assertThatThrownBy(() -> TenantId.of(id)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void tenantIdLengthLimit() {
        assertThat(TenantId.of("x".repeat(64)).value()).hasSize(64);
        assertThatThrownBy(() -> TenantId.of("x".repeat(65)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("65");
    }

    @Test
    void tenantHierarchy() {
        TenantId child = TenantId.of("acme/clinic");
        assertThat(child.parent()).contains(TenantId.of("acme"));
        assertThat(TenantId.of("acme").parent()).isEmpty();
        assertThat(child.isDescendantOf(TenantId.of("acme"))).isTrue();
        assertThat(TenantId.of("acme-other").isDescendantOf(TenantId.of("acme")))
                .isFalse();
        assertThat(TenantId.of("acme").isDescendantOf(TenantId.of("acme"))).isFalse();
    }

    @Test
    void permissionsPerOperationAndType() {
        TenantPermissions p = TenantPermissions.builder()
                .grant(Operation.READ)
                .grant(Operation.CREATE, "Observation")
                .build();
        assertThat(p.allows(Operation.READ, "Patient")).isTrue();
        assertThat(p.allows(Operation.CREATE, "Observation")).isTrue();
        assertThat(p.allows(Operation.CREATE, "Patient")).isFalse();
        assertThat(p.allows(Operation.DELETE, "Observation")).isFalse();
        assertThat(TenantPermissions.readOnly().allows(Operation.UPDATE, "Patient"))
                .isFalse();
        assertThat(TenantPermissions.readOnly().allows(Operation.HISTORY, "Patient"))
                .isTrue();
        TenantContext ctx = TenantContext.of(TenantId.of("t"), p);
        assertThatThrownBy(() -> ctx.check(Operation.CREATE, "Patient"))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("CREATE Patient");
    }

    @Test
    void childTenantsNeedAnExplicitGrant() {
        TenantId parent = TenantId.of("acme");
        TenantId child = TenantId.of("acme/clinic");
        assertThatThrownBy(() -> TenantContext.of(parent).forChild(child)).isInstanceOf(ForbiddenException.class);
        TenantContext granted = TenantContext.of(
                parent,
                TenantPermissions.builder().grantAll().allowChildTenant(child).build());
        TenantContext childCtx = granted.forChild(child);
        assertThat(childCtx.tenant()).isEqualTo(child);
        assertThat(childCtx.principal()).isEqualTo(parent);
        assertThatThrownBy(() -> granted.forChild(TenantId.of("acme/other"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> granted.forChild(TenantId.of("other/clinic"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> new TenantContext(child, parent, TenantPermissions.fullAccess()))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void etags() {
        assertThat(StoredResource.etag(3)).isEqualTo("W/\"3\"");
        assertThat(StoredResource.parseETag("W/\"3\"")).isEqualTo(3);
        assertThat(StoredResource.parseETag("\"12\"")).isEqualTo(12);
        assertThat(StoredResource.parseETag("7")).isEqualTo(7);
        for (String bad : new String[] {"W/\"\"", "abc", "0", "-1", "W/3x", "\"+3\"", "*"}) {
            assertThatThrownBy(() -> StoredResource.parseETag(bad)).as(bad).isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void storedResourceInvariants() {
        TenantId t = TenantId.of("t");
        Instant now = Instant.now();
        StoredResource r = new StoredResource(t, "Patient", "p1", 2, now, FhirVersion.R4, ChangeKind.UPDATE, "{}");
        assertThat(r.versionedReference()).isEqualTo("Patient/p1/_history/2");
        assertThat(r.etag()).isEqualTo("W/\"2\"");
        assertThatThrownBy(
                        () -> new StoredResource(t, "Patient", "p1", 2, now, FhirVersion.R4, ChangeKind.DELETE, "{}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> new StoredResource(t, "Patient", "p1", 0, now, FhirVersion.R4, ChangeKind.CREATE, "{}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exceptionsCarryStatusAndRenderOperationOutcome() {
        VersionConflictException conflict = VersionConflictException.ifMatchFailed("Patient/1", 2, 3);
        assertThat(conflict.httpStatus()).isEqualTo(412);
        assertThat(conflict.currentVersion()).isEqualTo(3);
        assertThat(VersionConflictException.concurrentModification("Patient/1", "x")
                        .httpStatus())
                .isEqualTo(409);
        assertThat(new ResourceGoneException("gone").httpStatus()).isEqualTo(410);
        assertThat(InvalidResourceException.tooLarge(10, 5).httpStatus()).isEqualTo(413);
        assertThat(InvalidResourceException.unprocessable("x").httpStatus()).isEqualTo(422);

        conflict.at("Bundle.entry[3]");
        ObjectNode outcome = conflict.toOperationOutcome();
        assertThat(outcome.get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.at("/issue/0/code").asText()).isEqualTo("conflict");
        assertThat(outcome.at("/issue/0/severity").asText()).isEqualTo("error");
        assertThat(outcome.at("/issue/0/expression/0").asText()).isEqualTo("Bundle.entry[3]");
        assertThat(outcome.at("/issue/0/diagnostics").asText())
                .contains("Patient/1")
                .contains("Bundle.entry[3]");
    }
}
