package org.tellonce.adapters.aws;

import org.tellonce.wiring.Components;
import org.tellonce.config.Env;
import org.tellonce.config.EnvNames;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The SDK clients the functions share: built once per container, primed without writing. */
public class AwsClientsTest {
    @AfterEach
    void reset() {
        Env.clear(EnvNames.DYNAMODB_ENDPOINT);
        Env.clear(EnvNames.SSM_ENDPOINT);
        Env.clear(EnvNames.TABLE_NAME);
        Components.reset();
    }

    @Test
    void eachClientIsBuiltOncePerContainerAndAgainAfterAReset() {
        Env.override(Map.of(EnvNames.DYNAMODB_ENDPOINT, "http://127.0.0.1:1", EnvNames.SSM_ENDPOINT,
                "http://127.0.0.1:1"));
        DynamoDbClient dynamoDb = AwsClients.dynamoDb();
        SsmClient ssm = AwsClients.ssm();

        assertThat(AwsClients.dynamoDb()).isSameAs(dynamoDb);
        assertThat(AwsClients.ssm()).isSameAs(ssm);
        Components.reset();
        assertThat(AwsClients.dynamoDb()).isNotSameAs(dynamoDb);
        assertThat(AwsClients.ssm()).isNotSameAs(ssm);
    }

    @Test
    void primingReadsOneKeyThatNeverExistsAndAsksSsmNothing() {
        try (ScriptedAws dynamo = new ScriptedAws("{}"); ScriptedAws ssm = new ScriptedAws("{}")) {
            Env.override(Map.of(EnvNames.DYNAMODB_ENDPOINT, dynamo.endpoint(), EnvNames.SSM_ENDPOINT, ssm.endpoint(),
                    EnvNames.TABLE_NAME, "tellonce-priming"));

            AwsClients.prime(AwsClients.dynamoDb());

            assertThat(dynamo.seen()).singleElement().satisfies(request -> {
                assertThat(request.target()).isEqualTo("DynamoDB_20120810.GetItem");
                assertThat(request.body()).contains("\"TableName\":\"tellonce-priming\"").contains("PRIME");
            });
            assertThat(ssm.seen()).isEmpty();
        }
    }
}
