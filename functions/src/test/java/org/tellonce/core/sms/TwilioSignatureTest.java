package org.tellonce.core.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.tellonce.handlers.sms.TwilioWebhook;
import org.tellonce.handlers.sms.TwilioWebhookHandler;
import org.tellonce.http.HttpRequest;

/**
 * Twilio's X-Twilio-Signature: HMAC-SHA1 keyed with the auth token over the full URL followed by
 * every POST parameter name and value, sorted by name, then base64.
 *
 * <p>The expected signatures below were not computed with this code but with openssl, over the
 * exact string shown next to each: {@code printf '%s' 'DATA' | openssl dgst -sha1 -hmac TOKEN -binary | base64}.
 */
public class TwilioSignatureTest {
    private static final String TOKEN = "local-twilio-token";
    private static final String URL = "https://example.test/sms/twilio";

    /** From, To, Body, MessageSid as Twilio posts them (deliberately not in sorted order). */
    private static Map<String, List<String>> message() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("MessageSid", List.of("SM0000000000000000000000000000000a"));
        p.put("From", List.of("+447700900123"));
        p.put("To", List.of("+447700900555"));
        p.put("Body", List.of("Hello there"));
        return p;
    }

    // DATA = https://example.test/sms/twilioBodyHello thereFrom+447700900123MessageSidSM0000000000000000000000000000000aTo+447700900555
    private static final String SIGNED_WITH_LOCAL_TOKEN = "iNPCh21gbehqb147FCSGLXFe/Ns=";

    @Test
    void twiliosOwnDocumentedExampleSignsAsTwilioSaysItDoes() {
        // Twilio's documented example (auth token 12345); openssl over
        // https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+14158675310Digits1234From+14158675310To+18005551212
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("CallSid", List.of("CA1234567890ABCDE"));
        p.put("Caller", List.of("+14158675310"));
        p.put("Digits", List.of("1234"));
        p.put("From", List.of("+14158675310"));
        p.put("To", List.of("+18005551212"));

        assertThat(new TwilioSignature("12345").sign("https://mycompany.com/myapp.php?foo=1&bar=2", p))
                .isEqualTo("GvWf1cFY/Q7PnoempGyD5oXAezc=");
    }

    @Test
    void aMessageSignedWithOurTokenIsValid() {
        TwilioSignature signature = new TwilioSignature(TOKEN);

        assertThat(signature.sign(URL, message())).isEqualTo(SIGNED_WITH_LOCAL_TOKEN);
        assertThat(signature.valid(URL, message(), SIGNED_WITH_LOCAL_TOKEN)).isTrue();
    }

    @Test
    void aSignatureMadeWithAnotherTokenIsRejected() {
        // DATA as above, openssl ... -hmac not-the-token
        String signedWithAnotherToken = "CCn3eXELzjfK9lf+jp9jRgiLRPc=";

        assertThat(new TwilioSignature("not-the-token").sign(URL, message())).isEqualTo(signedWithAnotherToken);
        assertThat(new TwilioSignature(TOKEN).valid(URL, message(), signedWithAnotherToken)).isFalse();
    }

    @Test
    void theOrderInWhichParametersArrivePlaysNoPart() {
        Map<String, List<String>> reversed = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(message().keySet());
        java.util.Collections.reverse(names);
        names.forEach(n -> reversed.put(n, message().get(n)));
        Map<String, List<String>> hashed = new HashMap<>(message());

        TwilioSignature signature = new TwilioSignature(TOKEN);
        assertThat(signature.sign(URL, reversed)).isEqualTo(SIGNED_WITH_LOCAL_TOKEN);
        assertThat(signature.valid(URL, hashed, SIGNED_WITH_LOCAL_TOKEN)).isTrue();
    }

    @Test
    void anExtraParameterChangesTheSignatureSoAnAddedFieldIsCaught() {
        Map<String, List<String>> withExtra = new LinkedHashMap<>(message());
        withExtra.put("NumMedia", List.of("0"));
        // DATA = https://example.test/sms/twilioBodyHello thereFrom+447700900123MessageSidSM0000000000000000000000000000000aNumMedia0To+447700900555
        String signedWithExtra = "lpRaErwcJbvG3ZSH155b+6dmaLg=";

        TwilioSignature signature = new TwilioSignature(TOKEN);
        assertThat(signature.sign(URL, withExtra)).isEqualTo(signedWithExtra);
        assertThat(signature.valid(URL, withExtra, SIGNED_WITH_LOCAL_TOKEN)).isFalse();
        assertThat(signature.valid(URL, message(), signedWithExtra)).isFalse();
    }

    @Test
    void aChangedValueIsCaught() {
        Map<String, List<String>> changed = new LinkedHashMap<>(message());
        changed.put("From", List.of("+447700900999"));

        assertThat(new TwilioSignature(TOKEN).valid(URL, changed, SIGNED_WITH_LOCAL_TOKEN)).isFalse();
    }

    @Test
    void theUrlWithItsPortAndQueryStringIsPartOfWhatIsSigned() {
        String url = "https://example.test:8443/sms/twilio?account=leicester&v=2";
        // DATA = https://example.test:8443/sms/twilio?account=leicester&v=2BodyHello thereFrom+447700900123MessageSidSM0000000000000000000000000000000aTo+447700900555
        String signedWithPortAndQuery = "c2ZdhNzSHU5bQFrDHFfTzNOxeZo=";

        TwilioSignature signature = new TwilioSignature(TOKEN);
        assertThat(signature.sign(url, message())).isEqualTo(signedWithPortAndQuery);
        assertThat(signature.valid(url, message(), signedWithPortAndQuery)).isTrue();
        assertThat(signature.valid("https://example.test/sms/twilio?account=leicester&v=2", message(),
                signedWithPortAndQuery)).as("without the port").isFalse();
        assertThat(signature.valid("https://example.test:8443/sms/twilio", message(), signedWithPortAndQuery))
                .as("without the query").isFalse();
    }

    @Test
    void aMissingOrEmptySignatureIsNeverValid() {
        TwilioSignature signature = new TwilioSignature(TOKEN);

        assertThat(signature.valid(URL, message(), null)).isFalse();
        assertThat(signature.valid(URL, message(), "")).isFalse();
        assertThat(signature.valid(URL, message(), "   ")).isFalse();
    }

    /**
     * events/TwilioWebhookFunction.json: its X-Twilio-Signature was made with openssl (token
     * local-twilio-token) over the URL rebuilt as {@code ${x-forwarded-proto}://${host}${rawPath}}
     * followed by the sample's decoded parameters sorted by name.
     */
    @Test
    void theSampleEventIsSignedWithTheLocalToken() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        String sid = "SM5a1f0c9e2b7d4e8f9a0b1c2d3e4f5a6b";
        String[] fields = {"ToCountry", "GB", "ToState", "", "SmsMessageSid", sid, "NumMedia", "0", "ToCity", "",
            "FromZip", "", "SmsSid", sid, "FromState", "", "SmsStatus", "received", "FromCity", "",
            "Body", "The lift in our block has been broken for three weeks and my neighbour cannot get out.",
            "FromCountry", "GB", "To", "+447700900555", "ToZip", "", "NumSegments", "1", "MessageSid", sid,
            "AccountSid", "AC0123456789abcdef0123456789abcdef", "From", "+447700900123", "ApiVersion", "2010-04-01"};
        for (int i = 0; i < fields.length; i += 2) {
            p.put(fields[i], List.of(fields[i + 1]));
        }

        assertThat(new TwilioSignature(TOKEN).sign(
                "https://abcd1234ef.execute-api.eu-west-2.amazonaws.com/sms/twilio", p))
                .isEqualTo("UDKfHZUXi2gmRnWjDdavpZHIIt4=");
    }

    // --- the handler's path: payload 2.0 event, base64 form body, URL rebuilt from the headers -----

    @Test
    void theHandlerRebuildsThePublicUrlAndDecodesTheBase64BodyBeforeChecking() {
        APIGatewayV2HTTPEvent event = twilioPost("example.test", "", SIGNED_WITH_LOCAL_TOKEN);
        HttpRequest request = HttpRequest.from(event);

        assertThat(TwilioWebhook.publicUrl(request)).isEqualTo(URL);
        assertThat(new TwilioSignature(TOKEN).valid(TwilioWebhook.publicUrl(request),
                org.tellonce.http.FormBody.parse(request.body()).asMap(),
                request.header("x-twilio-signature").orElse(null))).isTrue();
    }

    @Test
    void theHandlerRebuildsAUrlWithPortAndQueryString() {
        APIGatewayV2HTTPEvent event = twilioPost("example.test:8443", "account=leicester&v=2",
                "c2ZdhNzSHU5bQFrDHFfTzNOxeZo=");

        assertThat(TwilioWebhook.publicUrl(HttpRequest.from(event)))
                .isEqualTo("https://example.test:8443/sms/twilio?account=leicester&v=2");
    }

    @Test
    void aValidSignatureOnABase64BodyGetsPastTheCheckToTheConversation() {
        Tripwire store = new Tripwire();
        TwilioWebhookHandler handler = new TwilioWebhookHandler(
                new SmsDelivery(null, store.asStore(), Clock.systemUTC()), new TwilioSignature(TOKEN));

        assertThatThrownBy(() -> handler.handleRequest(twilioPost("example.test", "", SIGNED_WITH_LOCAL_TOKEN), null))
                .isInstanceOf(Tripped.class);
        assertThat(store.calls).containsExactly("claimMessage");
    }

    @Test
    void aBadMissingOrOtherTokensSignatureIs403AndNothingIsTouched() {
        for (String bad : new String[] {"CCn3eXELzjfK9lf+jp9jRgiLRPc=", "lpRaErwcJbvG3ZSH155b+6dmaLg=", "", null,
            SIGNED_WITH_LOCAL_TOKEN.toLowerCase()}) {
            Tripwire store = new Tripwire();
            TwilioWebhookHandler handler = new TwilioWebhookHandler(
                    new SmsDelivery(null, store.asStore(), Clock.systemUTC()), new TwilioSignature(TOKEN));

            APIGatewayV2HTTPResponse response = handler.handleRequest(twilioPost("example.test", "", bad), null);

            assertThat(response.getStatusCode()).as("signature " + bad).isEqualTo(403);
            assertThat(store.calls).as("signature " + bad).isEmpty();
        }
    }

    @Test
    void theSignatureOfAnotherHostOrSchemeIs403() {
        for (String[] hostAndProto : new String[][] {{"attacker.test", "https"}, {"example.test", "http"}}) {
            Tripwire store = new Tripwire();
            TwilioWebhookHandler handler = new TwilioWebhookHandler(
                    new SmsDelivery(null, store.asStore(), Clock.systemUTC()), new TwilioSignature(TOKEN));
            APIGatewayV2HTTPEvent event = twilioPost(hostAndProto[0], "", SIGNED_WITH_LOCAL_TOKEN);
            event.getHeaders().put("x-forwarded-proto", hostAndProto[1]);

            assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(403);
            assertThat(store.calls).isEmpty();
        }
    }

    /** A POST /sms/twilio as API Gateway hands it over: form body base64-encoded. */
    private static APIGatewayV2HTTPEvent twilioPost(String host, String rawQuery, String signature) {
        StringJoiner form = new StringJoiner("&");
        message().forEach((name, values) -> values.forEach(v -> form.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))));
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/x-www-form-urlencoded");
        headers.put("host", host);
        headers.put("x-forwarded-proto", "https");
        if (signature != null) {
            headers.put("x-twilio-signature", signature);
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /sms/twilio")
                .withRawPath("/sms/twilio")
                .withRawQueryString(rawQuery)
                .withHeaders(headers)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("test-request")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath("/sms/twilio").build())
                        .build())
                .withBody(Base64.getEncoder().encodeToString(form.toString().getBytes(StandardCharsets.UTF_8)))
                .withIsBase64Encoded(true)
                .build();
    }

    /** Thrown by the tripwire: the request got as far as the store. */
    private static final class Tripped extends Error {
        Tripped(String method) {
            super("reached the store: " + method);
        }
    }

    /** A store that must not be reached: it records the call and stops the request there. */
    private static final class Tripwire {
        final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

        SmsStore asStore() {
            return (SmsStore) Proxy.newProxyInstance(SmsStore.class.getClassLoader(), new Class<?>[] {SmsStore.class},
                    (proxy, method, args) -> {
                        if (method.getDeclaringClass() == Object.class) {
                            return method.invoke(this, args);
                        }
                        calls.add(method.getName());
                        throw new Tripped(method.getName());
                    });
        }
    }
}
