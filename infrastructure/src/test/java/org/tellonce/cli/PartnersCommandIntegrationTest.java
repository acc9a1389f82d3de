package org.tellonce.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.TestStack;

/** {@code tellonce partners ...} against the local stack (SPEC §7, §8): keys shown once, kept only as hashes. */
class PartnersCommandIntegrationTest {
    private static LocalStack stack;
    private static Http http;
    private static Admin admin;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        http = new Http(stack.baseUrl());
        admin = new Admin(stack);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void addPrintsARandomKeyOfAtLeast32BytesOnce() {
        Admin.Result added = admin.partners("add", "--id", "key-length", "--name", "Key Length Trust", "--topics", "*");
        Admin.Result other = admin.partners("add", "--id", "key-length-2", "--name", "Other Trust");

        assertThat(added.exitCode()).isZero();
        String key = added.lastLine();
        assertThat(key).matches("tok_[A-Za-z0-9_-]{43,}");
        assertThat(Base64.getUrlDecoder().decode(key.substring(4))).hasSizeGreaterThanOrEqualTo(32);
        assertThat(added.out().split(key, -1)).as("the key is printed exactly once").hasSize(2);
        assertThat(other.lastLine()).isNotEqualTo(key).matches("tok_[A-Za-z0-9_-]{43,}");
        assertThat(new PartnerClient(http, key).page(1, null).status()).isEqualTo(200);
    }

    @Test
    void theKeyIsStoredOnlyAsItsSha256() {
        String key = admin.addPartner("hash-only", "Hash Only Group", "health,housing", "LE1");

        List<String> everything = new RawTable(stack).allStrings();

        assertThat(everything).noneMatch(s -> s.contains(key) || s.contains(key.substring(4)));
        assertThat(everything).anyMatch(s -> s.contains(sha256Hex(key)));
    }

    @Test
    void anUnknownTopicOrAMalformedAreaIsRefusedWithExit2AndNothingIsAdded() {
        Admin.Result misspelt = admin.partners("add", "--id", "misspelt", "--name", "Misspelt", "--topics", "helth");
        Admin.Result address = admin.partners("add", "--id", "address", "--name", "Address", "--areas", "12 High St");
        Admin.Result script = admin.partners("add", "--id", "script", "--name", "Script", "--areas", "<b>");

        assertThat(misspelt.exitCode()).isEqualTo(2);
        assertThat(misspelt.err()).contains("unknown topic helth", "health");
        assertThat(address.exitCode()).isEqualTo(2);
        assertThat(address.err()).contains("--areas");
        assertThat(script.exitCode()).isEqualTo(2);
        assertThat(admin.partners("list").out()).doesNotContain("misspelt", "Address", "Script");
    }

    @Test
    void updateChangesWhatIsGivenAndKeepsTheKey() {
        String key = admin.addPartner("updating", "Updating Trust", "health", "LE1");

        Admin.Result updated = admin.partners("update", "--id", "updating", "--topics", "housing,health", "--areas", "LE2 5,Market Harborough");
        Admin.Result unknownTopic = admin.partners("update", "--id", "updating", "--topics", "helth");
        Admin.Result noSuchPartner = admin.partners("update", "--id", "nobody-here", "--name", "Nobody");

        assertThat(updated.exitCode()).as(updated.err()).isZero();
        assertThat(updated.out()).contains("Updating Trust", "housing,health", "LE2 5,Market Harborough");
        assertThat(unknownTopic.exitCode()).isEqualTo(2);
        assertThat(noSuchPartner.exitCode()).isEqualTo(2);
        assertThat(admin.partners("list").out()).contains("housing,health").doesNotContain("helth");
        assertThat(new PartnerClient(http, key).page(1, null).status()).as("the key still works").isEqualTo(200);
    }

    @Test
    void listShowsThePartnersButNeverAKey() {
        String key = admin.addPartner("listed", "Listed Voluntary Group", "health,social-care", "LE2,LE3");

        Admin.Result list = admin.partners("list");

        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("listed", "Listed Voluntary Group", "health,social-care", "LE2,LE3")
                .doesNotContain(key, key.substring(4), sha256Hex(key), "tok_");
    }

    @Test
    void rotateKeyStopsTheOldKeyAtOnce() {
        String old = admin.addPartner("rotating", "Rotating Council", "*", "");
        assertThat(new PartnerClient(http, old).page(1, null).status()).isEqualTo(200);

        Admin.Result rotated = admin.partners("rotate-key", "--id", "rotating");

        assertThat(rotated.exitCode()).isZero();
        String fresh = rotated.lastLine();
        assertThat(fresh).matches("tok_[A-Za-z0-9_-]{43,}").isNotEqualTo(old);
        assertThat(new PartnerClient(http, old).page(1, null).status()).isEqualTo(401);
        assertThat(new PartnerClient(http, fresh).page(1, null).status()).isEqualTo(200);
        assertThat(new RawTable(stack).allStrings()).noneMatch(s -> s.contains(sha256Hex(old)));
    }

    @Test
    void addingAPartnerWithAnExistingIdFailsAndChangesNothing() {
        String key = admin.addPartner("taken", "The First Taken", "*", "");

        Admin.Result again = admin.partners("add", "--id", "taken", "--name", "The Second Taken");

        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("taken");
        assertThat(again.out()).doesNotContain("tok_");
        assertThat(new PartnerClient(http, key).page(1, null).status()).isEqualTo(200);
        assertThat(admin.partners("list").out()).contains("The First Taken").doesNotContain("The Second Taken");
    }

    @Test
    void disableClosesTheFeedAndEnableOpensItAgain() {
        PartnerClient partner = new PartnerClient(http, admin.addPartner("closing", "Closing Charity", "*", ""));

        assertThat(admin.partners("disable", "--id", "closing").exitCode()).isZero();
        assertThat(partner.page(1, null).status()).isEqualTo(403);
        assertThat(admin.partners("enable", "--id", "closing").exitCode()).isZero();
        assertThat(partner.page(1, null).status()).isEqualTo(200);
    }

    @Test
    void anUnknownPartnerOrBadInputIsANonZeroExit() {
        assertThat(admin.partners("rotate-key", "--id", "nobody").exitCode()).isNotZero();
        assertThat(admin.partners("disable", "--id", "nobody").exitCode()).isNotZero();
        assertThat(admin.partners("add", "--id", "Not Valid!", "--name", "x").exitCode()).isNotZero();
        assertThat(admin.partners("add", "--name", "No Id").exitCode()).isNotZero();
    }

    private static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
