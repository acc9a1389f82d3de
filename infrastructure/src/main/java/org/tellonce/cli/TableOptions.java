package org.tellonce.cli;

import java.net.URI;
import java.util.Optional;
import org.tellonce.adapters.aws.AwsClients;
import org.tellonce.local.LocalStack;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * {@code --endpoint --table|--stack --region}: the same admin command against the local stack (table
 * {@code tellonce}) or AWS, where CloudFormation names the table per stack and {@code --stack} finds it.
 */
public final class TableOptions {
    @Option(names = "--endpoint", description = "DynamoDB endpoint, e.g. http://localhost:8000 for 'tellonce local' "
            + "(default: the AWS endpoint of --region); with --stack, CloudFormation is asked there too")
    String endpoint;

    @Option(names = "--table", description = "Table name (default: " + LocalStack.TABLE + ", the local stack's)")
    String table;

    @Option(names = "--stack", paramLabel = "NAME", description = "The table of this deployed stack (its "
            + StackTable.OUTPUT + " output), instead of --table")
    String stack;

    @Option(names = "--region", description = "AWS region (default: AWS_REGION, else eu-west-2)")
    String region;

    private String resolved;

    /** The table: --table, else the one --stack names, else the local stack's. */
    public String table() {
        if (resolved == null) {
            if (stack != null && table != null) {
                throw new IllegalArgumentException("Give --table or --stack, not both");
            }
            if (stack == null) {
                resolved = table != null ? table : LocalStack.TABLE;
            } else {
                try (CloudFormationClient cloudFormation = configure(CloudFormationClient.builder()).build()) {
                    resolved = StackTable.of(cloudFormation, stack);
                }
            }
        }
        return resolved;
    }

    public DynamoDbClient client() {
        return configure(DynamoDbClient.builder()).build();
    }

    /** SSM, where the deployed stack keeps its secrets: same region, endpoint and credentials. */
    public SsmClient ssm() {
        return configure(SsmClient.builder()).build();
    }

    private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(B builder) {
        Region r = Region.of(region != null ? region : Optional.ofNullable(System.getenv("AWS_REGION"))
                .filter(v -> !v.isBlank()).orElse("eu-west-2"));
        builder.region(r).credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create());
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }

    private AwsCredentialsProvider credentials() {
        return isLocal() ? AwsClients.localCredentials() : DefaultCredentialsProvider.builder().build();
    }

    /**
     * The command works against the local stack (an endpoint on this machine): loopback webhook URLs are
     * allowed there, as the local stack's functions allow them; never against AWS.
     */
    public boolean isLocal() {
        if (endpoint == null) {
            return false;
        }
        String host = URI.create(endpoint).getHost();
        return "localhost".equals(host) || "127.0.0.1".equals(host);
    }
}
