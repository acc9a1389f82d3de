package org.tellonce.residents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Partners;
import org.tellonce.testing.Residents;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.TestPhones;
import org.tellonce.testing.TestStack;

/** {@code GET /stories/{reference}/consent-receipt}: an ISO/IEC TS 27560-shaped record of every consent given. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsentReceiptIntegrationTest {
    private static LocalStack stack;
    private static StackClient client;
    private static Residents residents;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        client = new StackClient(stack.baseUrl());
        residents = new Residents(stack);
        Partners.add(stack, "receipt-council", List.of("*"), List.of());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theReceiptRecordsEveryConsentWithHowItWasGivenAndWhoReceivesIt() {
        Response posted = client.postJson(StoryJson.aStory().contact("receipt-" + UUID.randomUUID() + "@example.org")
                .consent("anonymous", "receipt-council").json());
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        JsonNode told = posted.json();
        String path = "/stories/" + told.path("reference").asText();
        String bearer = "Bearer " + told.path("manageToken").asText();
        assertThat(client.send("PUT", path + "/consent", "application/json",
                "{\"share\":\"identified\",\"partners\":[\"receipt-council\"]}", "Authorization", bearer).status())
                .isEqualTo(200);

        Response receipt = client.get(path + "/consent-receipt", "Authorization", bearer);
        assertThat(receipt.status()).as(receipt.toString()).isEqualTo(200);
        JsonNode shared = receipt.json();

        assertThat(shared.path("@context").path("dpv").asText()).isEqualTo("https://w3id.org/dpv#");
        assertThat(shared.path("receiptId").asText()).startsWith("urn:uuid:");
        assertThat(shared.path("controller").path("name").asText()).isNotEmpty();
        assertThat(shared.path("identityLevel").asText()).isEqualTo("identified");
        assertThat(shared.path("method").asText()).isEqualTo("story-token");
        assertThat(shared.path("recipients").findValuesAsText("id")).containsExactly("receipt-council");
        assertThat(shared.path("purposes").findValuesAsText("legalBasis")).containsOnly("dpv:Consent").hasSize(2);
        assertThat(shares(shared)).containsExactly("anonymous", "identified");
        assertThat(shared.path("history").get(0).path("partners").get(0).asText()).isEqualTo("receipt-council");
        assertThat(shared.path("withdraw").path("sms").asText()).isEqualTo("WITHDRAW");

        client.send("PUT", path + "/consent", "application/json", "{\"share\":\"private\"}", "Authorization", bearer);
        JsonNode withdrawn = client.get(path + "/consent-receipt", "Authorization", bearer).json();
        assertThat(withdrawn.path("identityLevel").asText()).isEqualTo("private");
        assertThat(withdrawn.path("recipients")).isEmpty();
        assertThat(withdrawn.path("purposes")).hasSize(1);
        assertThat(shares(withdrawn)).containsExactly("anonymous", "identified", "private");
        assertThat(withdrawn.path("receiptId").asText()).as("a new record for a new state")
                .isNotEqualTo(shared.path("receiptId").asText());
        assertThat(withdrawn.path("givenAt").asText()).isGreaterThan(shared.path("givenAt").asText());
    }

    @Test
    void anSmsAnswerIsRecordedAsGivenBySmsAndOnlyTheStorysOwnerReadsTheReceipt() {
        String phone = TestPhones.next();
        String reference = residents.textsStory(phone, "The crossing by the school has no lollipop person any more.");
        residents.texts(phone, "ANON");
        residents.texts(phone, "SKIP");
        residents.texts(phone, "SKIP");
        JsonNode other = client.postJson(StoryJson.aStory().json()).json();

        Response stranger = client.get("/stories/" + reference + "/consent-receipt",
                "Authorization", "Bearer " + other.path("manageToken").asText());
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(client.get("/stories/" + reference + "/consent-receipt").status()).isEqualTo(404);

        String token = residents.signIn(phone);
        JsonNode receipt = client.get("/stories/" + reference + "/consent-receipt", "Authorization", "Bearer " + token)
                .json();
        assertThat(receipt.path("method").asText()).isEqualTo("sms");
        assertThat(receipt.path("identityLevel").asText()).isEqualTo("anonymous");
        assertThat(shares(receipt)).containsExactly("private", "anonymous");
    }

    private static List<String> shares(JsonNode receipt) {
        List<String> out = new ArrayList<>();
        receipt.path("history").forEach(h -> out.add(h.path("share").asText()));
        return out;
    }

}
