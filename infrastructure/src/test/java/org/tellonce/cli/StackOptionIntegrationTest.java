package org.tellonce.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.adapters.aws.AwsClients;
import org.tellonce.local.MotoServer;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Moto;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * {@code --stack NAME}: in AWS CloudFormation names the table per stack, and the admin commands find
 * it from the stack's TableName output. Here the stack is created in moto's CloudFormation.
 */
class StackOptionIntegrationTest {
    private static final String STACK = "tellonce-staging";
    /** A stack with a table named by CloudFormation and template.yaml's TableName output. */
    private static final String TEMPLATE = """
            Resources:
              StoriesTable:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions:
                    - {AttributeName: PK, AttributeType: S}
                    - {AttributeName: SK, AttributeType: S}
                  KeySchema:
                    - {AttributeName: PK, KeyType: HASH}
                    - {AttributeName: SK, KeyType: RANGE}
            Outputs:
              TableName:
                Value: !Ref StoriesTable
            """;

    private static MotoServer moto;
    private static String tableName;

    @BeforeAll
    static void start() {
        moto = Moto.start();
        try (CloudFormationClient cloudFormation = CloudFormationClient.builder()
                .endpointOverride(URI.create(moto.endpoint())).region(Region.EU_WEST_2)
                .credentialsProvider(AwsClients.localCredentials()).httpClient(UrlConnectionHttpClient.create())
                .build()) {
            cloudFormation.createStack(b -> b.stackName(STACK).templateBody(TEMPLATE));
            tableName = StackTable.of(cloudFormation, STACK);
        }
    }

    @AfterAll
    static void stop() {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void stackFindsTheTableCloudFormationNamedAndTheCommandsUseIt() {
        assertThat(tableName).as("named per stack, not fixed").isNotEqualTo("tellonce").contains(STACK);

        Admin.Result added = admin("partners", "add", "--id", "staging-trust", "--name", "Staging Trust",
                "--stack", STACK);
        assertThat(added.exitCode()).as(added.toString()).isZero();

        Admin.Result listed = admin("partners", "list", "--table", tableName);
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.out()).contains("staging-trust");
    }

    @Test
    void anUnknownStackOrBothTableAndStackAreRefusedWithExit2() {
        Admin.Result unknown = admin("partners", "list", "--stack", "no-such-stack");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("No CloudFormation stack no-such-stack");

        Admin.Result both = admin("partners", "list", "--stack", STACK, "--table", tableName);
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--table or --stack");
    }

    private static Admin.Result admin(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--endpoint";
        all[args.length + 1] = moto.endpoint();
        all[args.length + 2] = "--region";
        all[args.length + 3] = "eu-west-2";
        return Admin.run(all);
    }
}
