package org.tellonce.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tellonce.config.Config;
import org.tellonce.config.EnvNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The SDK clients of a function: built once per configuration, primed without writing. */
public class AwsClientsTest {
    private static Config config(Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(EnvNames.TOPICS, "housing",
                EnvNames.RESIDENT_KEY_SECRET_PARAMETER, "/tellonce/secret"));
        env.putAll(more);
        return Config.from(env);
    }

    @Test
    void eachClientIsBuiltOnceAndAnotherConfigurationGetsItsOwn() {
        Config config = config(Map.of(EnvNames.DYNAMODB_ENDPOINT, "http://127.0.0.1:1", EnvNames.SSM_ENDPOINT,
                "http://127.0.0.1:1"));
        AwsClients clients = new AwsClients(config, List.of());
        DynamoDbClient dynamoDb = clients.dynamoDb();
        SsmClient ssm = clients.ssm();

        assertThat(clients.dynamoDb()).isSameAs(dynamoDb);
        assertThat(clients.ssm()).isSameAs(ssm);
        AwsClients other = new AwsClients(config, List.of());
        assertThat(other.dynamoDb()).isNotSameAs(dynamoDb);
        assertThat(other.ssm()).isNotSameAs(ssm);
    }

    @Test
    void primingReadsOneKeyThatNeverExistsAndAsksSsmNothing() {
        try (ScriptedAws dynamo = new ScriptedAws("{}"); ScriptedAws ssm = new ScriptedAws("{}")) {
            AwsClients clients = new AwsClients(config(Map.of(EnvNames.DYNAMODB_ENDPOINT, dynamo.endpoint(),
                    EnvNames.SSM_ENDPOINT, ssm.endpoint(), EnvNames.TABLE_NAME, "tellonce-priming")), List.of());

            clients.prime(clients.dynamoDb());

            assertThat(dynamo.seen()).singleElement().satisfies(request -> {
                assertThat(request.target()).isEqualTo("DynamoDB_20120810.GetItem");
                assertThat(request.body()).contains("\"TableName\":\"tellonce-priming\"").contains("PRIME");
            });
            assertThat(ssm.seen()).isEmpty();
        }
    }

    @Test
    void interceptorsGivenToOneConfigurationSeeOnlyItsRequests() {
        try (ScriptedAws dynamo = new ScriptedAws("{}")) {
            Config config = config(Map.of(EnvNames.DYNAMODB_ENDPOINT, dynamo.endpoint()));
            List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            AwsClients counted = new AwsClients(config, List.of(
                    new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                        @Override
                        public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution
                                                            context,
                                                    software.amazon.awssdk.core.interceptor.ExecutionAttributes
                                                            attributes) {
                            seen.add(context.request().getClass().getSimpleName());
                        }
                    }));
            AwsClients plain = new AwsClients(config, List.of());

            plain.prime(plain.dynamoDb());
            assertThat(seen).isEmpty();
            counted.prime(counted.dynamoDb());
            assertThat(seen).containsExactly("GetItemRequest");
        }
    }
}
