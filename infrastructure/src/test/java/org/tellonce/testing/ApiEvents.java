package org.tellonce.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Payload 2.0 events for calling an HTTP handler directly, as API Gateway would. */
public final class ApiEvents {
    private ApiEvents() {
    }

    /** @param headers name, value, name, value, ... (lower-case names, as API Gateway gives them) */
    public static APIGatewayV2HTTPEvent request(String method, String path, String body, String... headers) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(method + " " + path)
                .withRawPath(path)
                .withRawQueryString("")
                .withHeaders(map)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).build())
                        .build())
                .build();
    }
}
