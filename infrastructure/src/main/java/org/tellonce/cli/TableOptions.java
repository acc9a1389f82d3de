package org.tellonce.cli;

import java.net.URI;
import org.tellonce.adapters.aws.AwsClients;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code --endpoint --table --region}: the same admin command against the local stack or AWS. */
public final class TableOptions {
    @Option(names = "--endpoint", description = "DynamoDB endpoint, e.g. http://localhost:8000 for 'tellonce local' "
            + "(default: the AWS endpoint of --region)")
    String endpoint;

    @Option(names = "--table", defaultValue = "tellonce", description = "Table name (default: ${DEFAULT-VALUE})")
    String table;

    @Option(names = "--region", description = "AWS region (default: AWS_REGION, else eu-west-2)")
    String region;

    public String table() {
        return table;
    }

    public DynamoDbClient client() {
        Region r = Region.of(region != null ? region : java.util.Optional.ofNullable(System.getenv("AWS_REGION")).filter(v -> !v.isBlank()).orElse("eu-west-2"));
        var builder = DynamoDbClient.builder().region(r).httpClient(UrlConnectionHttpClient.create());
        if (endpoint != null) {
            URI uri = URI.create(endpoint);
            builder.endpointOverride(uri);
            boolean local = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
            builder.credentialsProvider(local ? AwsClients.localCredentials() : DefaultCredentialsProvider.builder().build());
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }
}
