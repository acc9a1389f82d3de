package org.tellonce.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.TestStack;

/** {@code tellonce staff add|list|disable} against the local stack (SPEC §8, §11). */
class StaffCommandIntegrationTest {
    private static LocalStack stack;
    private static Admin admin;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        admin = new Admin(stack);
        admin.addPartner("staff-trust", "Staff Trust", "*", "");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void addedStaffAreListedWithTheirRoleAndPartner() {
        String reader = unique("reader");
        String moderator = unique("moderator");
        admin.addStaff(reader.toUpperCase(), "Rhian Reader", "reader", "--partner", "staff-trust");
        admin.addStaff(moderator, "Marek Moderator", "moderator");

        List<String> lines = admin.staff("list").lines();

        assertThat(lines).anySatisfy(l -> assertThat(l).contains(reader, "reader", "staff-trust", "yes", "Rhian Reader"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(moderator, "moderator", "yes", "Marek Moderator"));
    }

    @Test
    void disabledStaffStayListedAsDisabled() {
        String email = unique("leaving");
        admin.addStaff(email, "Leah Leaving", "partnership-admin");

        Admin.Result disabled = admin.staff("disable", "--email", email);

        assertThat(disabled.exitCode()).as(disabled.toString()).isZero();
        assertThat(admin.staff("list").lines()).anySatisfy(l -> assertThat(l).contains(email, "no"));
    }

    @Test
    void mistakesExitWith2AndSayWhatToFix() {
        String email = unique("mistake");
        assertRefused(admin.staff("add", "--email", email, "--name", "N", "--role", "boss"), "Unknown role");
        assertRefused(admin.staff("add", "--email", email, "--name", "N", "--role", "responder"), "--partner");
        assertRefused(admin.staff("add", "--email", email, "--name", "N", "--role", "safeguarding",
                "--partner", "staff-trust"), "partnership-wide");
        assertRefused(admin.staff("add", "--email", email, "--name", "N", "--role", "reader",
                "--partner", "no-such-partner"), "Unknown partner");
        assertRefused(admin.staff("add", "--email", "not-an-address", "--name", "N", "--role", "moderator"),
                "not an e-mail address");
        assertRefused(admin.staff("disable", "--email", unique("nobody")), "No staff member");
        assertThat(admin.staff("list").out()).doesNotContain(email);
    }

    @Test
    void theEmailNameAndPhoneAreNeverStoredInClear() {
        String email = unique("sealed");
        admin.addStaff(email, "Seren Sealed", "responder", "--partner", "staff-trust", "--phone", "+447700900123");

        List<String> everything = new RawTable(stack).allStrings();

        assertThat(everything).noneMatch(s -> s.contains(email) || s.contains("Seren Sealed")
                || s.contains("+447700900123"));
    }

    @Test
    void everyCommandTakesTheTableAndRegionOptions() {
        Admin.Result listed = admin.staff("list", "--table", stack.table(), "--region", "eu-west-2");
        Admin.Result elsewhere = admin.staff("list", "--table", "no-such-table", "--region", "eu-west-2");

        assertThat(listed.exitCode()).isZero();
        assertThat(elsewhere.exitCode()).isEqualTo(3);
    }

    private static void assertRefused(Admin.Result result, String message) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(message);
    }

    private static String unique(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }
}
