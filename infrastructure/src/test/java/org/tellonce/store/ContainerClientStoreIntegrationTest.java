package org.tellonce.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.adapters.aws.AwsClients;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.config.Config;
import org.tellonce.config.EnvNames;
import org.tellonce.core.StoreUnavailableException;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerAdmin;
import org.tellonce.local.LocalStack;
import org.tellonce.local.MotoServer;
import org.tellonce.local.SamTemplate;
import org.tellonce.local.TableDefinition;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.wiring.Wiring;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * TellOnce's stores on the container's own DynamoDB client (the AWS SDK client a function's wiring
 * builds from its configuration) against moto, with the table from template.yaml.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContainerClientStoreIntegrationTest {
    private static final String TABLE = "tellonce-container-client";
    private static MotoServer dynamo;
    private static Wiring wiring;

    @BeforeAll
    static void start() {
        dynamo = org.tellonce.testing.Moto.start();
        wiring = new Wiring(Config.from(Map.of(EnvNames.DYNAMODB_ENDPOINT, dynamo.endpoint(), EnvNames.TABLE_NAME,
                TABLE, EnvNames.TOPICS, "health", EnvNames.RESIDENT_KEY_SECRET, "a".repeat(32))));
        TableDefinition.ensure(wiring.dynamoDb(), SamTemplate.load(ProjectFiles.template()), TABLE);
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    @Test
    void aPartnerAddedThroughTheContainersClientSignsInWithItsCurrentKeyOnly() {
        PartnerAdmin admin = wiring.partnerAdmin();

        PartnerAdmin.Issued issued = admin.add("sdk-client-partner", "SDK client partner", List.of("health"),
                List.of());
        PartnerAdmin.Issued rotated = admin.rotateKey("sdk-client-partner");

        assertThat(admin.authenticate(rotated.apiKey())).map(Partner::id).contains("sdk-client-partner");
        assertThat(admin.authenticate(issued.apiKey())).as("the key before rotation").isEmpty();
        assertThat(admin.authenticate(PartnerAdmin.newApiKey())).as("a key never issued").isEmpty();
        assertThatThrownBy(() -> admin.add("sdk-client-partner", "Someone else", List.of("health"), List.of()))
                .as("the id's conditional put").hasMessageContaining("exists already");
    }

    @Test
    void aStoreWhoseTableCannotBeReachedIsUnavailableWithinThreeSecondsAfterThreeAttempts() {
        String nowhere = "http://127.0.0.1:" + LocalStack.freePort();
        long started = System.nanoTime();
        try (var client = AwsClients.newDynamoDb(nowhere)) {
            DynamoPartnerStore store = new DynamoPartnerStore(client, TABLE);

            assertThatThrownBy(() -> store.find("anyone"))
                    .isInstanceOf(StoreUnavailableException.class)
                    .cause().isInstanceOfSatisfying(SdkClientException.class,
                            e -> assertThat(e.numAttempts()).isEqualTo(3));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
}
