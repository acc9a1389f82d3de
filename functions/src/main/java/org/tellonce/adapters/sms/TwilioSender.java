package org.tellonce.adapters.sms;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.tellonce.core.sms.SmsSender;

/**
 * Sends a text through Twilio's Messages API, for residents who wrote to TellOnce's Twilio number
 * (replies to their messages go back inline as TwiML; this is for later ones, such as a partner's
 * response).
 */
public final class TwilioSender implements SmsSender {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String accountSid;
    private final String authToken;
    private final String fromNumber;
    private final URI api;

    public TwilioSender(String accountSid, String authToken, String fromNumber) {
        this(accountSid, authToken, fromNumber, URI.create("https://api.twilio.com"));
    }

    public TwilioSender(String accountSid, String authToken, String fromNumber, URI api) {
        this.accountSid = accountSid;
        this.authToken = authToken;
        this.fromNumber = fromNumber;
        this.api = api;
    }

    @Override
    public void send(String toE164, String body) {
        String form = "To=" + enc(toE164) + "&From=" + enc(fromNumber) + "&Body=" + enc(body);
        HttpRequest request = HttpRequest.newBuilder(api.resolve("/2010-04-01/Accounts/" + enc(accountSid)
                        + "/Messages.json"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                // The status only: Twilio's error body may echo the number.
                throw new IllegalStateException("Twilio refused the message: HTTP " + response.statusCode());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Twilio could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending", e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
