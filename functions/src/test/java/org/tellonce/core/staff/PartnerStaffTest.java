package org.tellonce.core.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.core.partner.InMemoryPartnerStore;
import org.tellonce.core.resident.ResidentKeys;

/** A partner admin manages their own partner's staff, and nobody else (SPEC section 11). */
class PartnerStaffTest {
    private static final String ADMIN = "ada@healthwatch.example";
    private final InMemoryStaff staff = new InMemoryStaff();
    private final ResidentKeys keys = new ResidentKeys("a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8));
    private final StaffAdmin admin = new StaffAdmin(staff, new InMemoryPartnerStore(), keys);
    private final StaffAdmin.PartnerStaff team = admin.forPartner("healthwatch", keys.staffKey(ADMIN));

    @Test
    void anAdminAddsAReaderAndAResponderToTheirOwnPartner() {
        assertThat(team.add(" Bea@Healthwatch.example ", " Bea ", "reader")).isInstanceOf(StaffAdmin.Done.class);
        assertThat(team.add("cy@healthwatch.example", "Cy", "Responder")).isInstanceOf(StaffAdmin.Done.class);

        assertThat(team.list()).extracting(StaffMember::email, StaffMember::role, StaffMember::partnerId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("bea@healthwatch.example", Role.READER, Optional.of("healthwatch")),
                        org.assertj.core.groups.Tuple.tuple("cy@healthwatch.example", Role.RESPONDER, Optional.of("healthwatch")));
    }

    @Test
    void partnershipRolesAndBadInputAreRefusedFieldByField() {
        StaffAdmin.Change change = team.add("not an address", "", "moderator");

        assertThat(change).isEqualTo(new StaffAdmin.Refused(Map.of("email", "email", "name", "name", "role", "role"),
                false));
        assertThat(team.add("bea@healthwatch.example", "Bea", "partnership-admin"))
                .isEqualTo(new StaffAdmin.Refused(Map.of("role", "role"), false));
        assertThat(staff.all()).isEmpty();
    }

    @Test
    void anotherPartnersMemberIsNeitherTakenNorDisabledNorShown() {
        staff.put(keys.staffKey("dee@council.example"), new StaffMember("dee@council.example", "Dee", Role.RESPONDER,
                Optional.of("council"), Optional.empty(), true));
        staff.put(keys.staffKey("mo@partnership.example"), new StaffMember("mo@partnership.example", "Mo",
                Role.MODERATOR, Optional.empty(), Optional.empty(), true));

        assertThat(team.add("dee@council.example", "Dee", "reader")).isEqualTo(new StaffAdmin.Refused(
                Map.of("email", "taken"), true));
        assertThat(team.add("mo@partnership.example", "Mo", "reader")).isEqualTo(new StaffAdmin.Refused(
                Map.of("email", "taken"), true));
        assertThat(team.disable("dee@council.example")).isEqualTo(new StaffAdmin.Refused(
                Map.of("email", "unknown"), false));
        assertThat(team.list()).isEmpty();
        assertThat(staff.find(keys.staffKey("dee@council.example")).orElseThrow().member().enabled()).isTrue();
    }

    @Test
    void aNewRoleAndDisablingBothMoveTheGenerationSoSessionsEnd() {
        team.add("bea@healthwatch.example", "Bea", "reader");
        long first = staff.find(keys.staffKey("bea@healthwatch.example")).orElseThrow().generation();

        team.add("bea@healthwatch.example", "Bea", "responder");
        long second = staff.find(keys.staffKey("bea@healthwatch.example")).orElseThrow().generation();
        assertThat(team.disable("bea@healthwatch.example")).isInstanceOf(StaffAdmin.Done.class);
        StaffStore.Stored disabled = staff.find(keys.staffKey("bea@healthwatch.example")).orElseThrow();

        assertThat(second).isGreaterThan(first);
        assertThat(disabled.generation()).isGreaterThan(second);
        assertThat(disabled.member().enabled()).isFalse();
    }

    @Test
    void anAdminCannotDisableThemselvesNorChangeTheirOwnRole() {
        staff.put(keys.staffKey(ADMIN), new StaffMember(ADMIN, "Ada", Role.PARTNER_ADMIN, Optional.of("healthwatch"),
                Optional.empty(), true));

        assertThat(team.disable(ADMIN)).isEqualTo(new StaffAdmin.Refused(Map.of("email", "selfDisable"), false));
        assertThat(team.add(ADMIN, "Ada", "reader")).isEqualTo(new StaffAdmin.Refused(Map.of("email", "self"), false));
        assertThat(staff.find(keys.staffKey(ADMIN)).orElseThrow().member().role()).isEqualTo(Role.PARTNER_ADMIN);
    }
}
