package org.tellonce.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a route's Lambda authorizer as HTTP API does: identity headers missing → 401 without
 * calling it; {@code isAuthorized: false} → 403; otherwise its context reaches the function.
 */
final class LocalAuthorizer implements LocalApiServer.RouteAuthorizer {
    private final LambdaInvoker invoker;

    LocalAuthorizer(LambdaInvoker invoker) {
        this.invoker = invoker;
    }

    @Override
    public LocalApiServer.AuthResult authorize(SamTemplate.HttpRoute route, APIGatewayV2HTTPEvent event) {
        SamTemplate.Authorizer authorizer = route.authorizer().orElseThrow();
        List<String> identity = new ArrayList<>();
        for (String header : authorizer.identityHeaders()) {
            String value = event.getHeaders().get(header.toLowerCase(java.util.Locale.ROOT));
            if (value == null || value.isEmpty()) {
                return new LocalApiServer.AuthResult(false, 401, Map.of());
            }
            identity.add(value);
        }
        var context = event.getRequestContext();
        APIGatewayV2CustomAuthorizerEvent request = APIGatewayV2CustomAuthorizerEvent.builder()
                .withVersion("2.0")
                .withType("REQUEST")
                .withRouteArn("arn:aws:execute-api:" + "eu-west-2:000000000000:local/$default/"
                        + context.getHttp().getMethod() + event.getRawPath())
                .withIdentitySource(identity)
                .withRouteKey(event.getRouteKey())
                .withRawPath(event.getRawPath())
                .withRawQueryString(event.getRawQueryString())
                .withCookies(event.getCookies())
                .withHeaders(event.getHeaders())
                .withQueryStringParameters(event.getQueryStringParameters())
                .withPathParameters(event.getPathParameters())
                .withRequestContext(APIGatewayV2CustomAuthorizerEvent.RequestContext.builder()
                        .withAccountId(context.getAccountId())
                        .withApiId(context.getApiId())
                        .withDomainName(context.getDomainName())
                        .withDomainPrefix(context.getDomainPrefix())
                        .withRequestId(context.getRequestId())
                        .withRouteKey(context.getRouteKey())
                        .withStage(context.getStage())
                        .withTime(context.getTime())
                        .withTimeEpoch(context.getTimeEpoch())
                        .withHttp(APIGatewayV2CustomAuthorizerEvent.Http.builder()
                                .withMethod(context.getHttp().getMethod())
                                .withPath(context.getHttp().getPath())
                                .withProtocol(context.getHttp().getProtocol())
                                .withSourceIp(context.getHttp().getSourceIp())
                                .withUserAgent(context.getHttp().getUserAgent())
                                .build())
                        .build())
                .build();
        Object result;
        try {
            result = invoker.invoke(authorizer.functionId(), request);
        } catch (RuntimeException e) {
            // API Gateway answers 500 when the authorizer itself fails.
            return new LocalApiServer.AuthResult(false, 500, Map.of());
        }
        if (!(result instanceof SimpleIAMPolicyResponse response) || !response.getIsAuthorized()) {
            return new LocalApiServer.AuthResult(false, 403, Map.of());
        }
        Map<String, Object> lambdaContext = new LinkedHashMap<>();
        if (response.getContext() != null) {
            lambdaContext.putAll(response.getContext());
        }
        return new LocalApiServer.AuthResult(true, 200, lambdaContext);
    }
}
